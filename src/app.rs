//! The composition root: builds the service (key, database with its
//! migrations, mail transport), the web server and the background jobs from
//! the settings. The only module that knows every adapter; the adapters do
//! not know each other (see `docs/architecture.md`).

use std::net::TcpListener;

use actix_web::dev::Server;

use crate::config::{HttpSettings, Settings};
use crate::jobs::Worker;
use crate::mail::MailTransport;
use crate::results::ReleasedView;
use crate::security::ServerKey;
use crate::service::round_info::RoundInfo;
use crate::service::{Clock, Klankbord, system_clock};
use crate::store::connection::{StartupDbError, build_pool, run_migrations};
use crate::telemetry::metrics::Metrics;
use crate::web::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("KLANKBORD_SECRET_FILE: {0}")]
    Key(#[from] crate::security::keys::KeyFileError),
    #[error("DATABASE_URL: {0}")]
    Database(#[from] StartupDbError),
    #[error("{0}")]
    Mail(#[from] crate::mail::MailSetupError),
    #[error("KLANKBORD_BIND: het adres kan niet worden gebruikt: {0}")]
    Bind(std::io::Error),
}

/// Connects everything the use cases need: key, database (migrated, plain
/// responses of older versions sealed on the way), mail.
pub fn services(settings: &Settings, clock: Clock) -> Result<Klankbord, StartupError> {
    let key = ServerKey::load_or_create(&settings.secret_file)?;
    let pool = build_pool(&settings.database.url, settings.database.pool_size)?;
    let mut conn = pool
        .get()
        .map_err(|e| StartupDbError::Connect(e.to_string()))?;
    run_migrations(&mut conn, &mut |c, name| {
        crate::service::sealed_storage::seal_plain_responses(c, &key, name)
    })?;
    if crate::store::connection::analyze_if_needed(&mut conn)
        .map_err(|e| StartupDbError::Migrate(e.to_string()))?
    {
        tracing::info!("planner statistics gathered (ANALYZE)");
    }
    if !crate::store::connection::plans_are_stable(&mut conn) {
        tracing::warn!(
            "SQLite is built without SQLITE_ENABLE_QPSG (.cargo/config.toml): every query with a LIMIT is parsed anew at each run"
        );
    }
    drop(conn);
    let mail = MailTransport::from_settings(&settings.mail)?;
    Ok(
        Klankbord::new(pool, key, &settings.http.base_url, mail, clock)
            .with_oidc_secret_dir(settings.oidc_secret_dir.as_deref()),
    )
}

/// A running instance: the web server and, unless switched off, the
/// background jobs (stopped when this value is dropped).
pub struct Application {
    port: u16,
    server: Server,
    metrics: Metrics,
    /// The metrics endpoint and its port, when `KLANKBORD_METRICS_ADDR` is set.
    metrics_server: Option<(Server, u16)>,
    _worker: Option<Worker>,
}

impl Application {
    /// Everything from settings, listening on `KLANKBORD_BIND`, with the background jobs.
    pub fn build(settings: &Settings) -> Result<(Self, Klankbord), StartupError> {
        let svc = services(settings, system_clock())?;
        let listener = TcpListener::bind(&settings.http.bind).map_err(StartupError::Bind)?;
        let app = Self::build_with(svc.clone(), listener, &settings.http, true)
            .map_err(StartupError::Bind)?;
        Ok((app, svc))
    }

    /// The server on an existing listener (tests bind port 0 themselves and
    /// run the jobs by hand, `run_jobs = false`); the metrics endpoint binds
    /// `http.metrics_bind` itself, if set.
    pub fn build_with(
        svc: Klankbord,
        listener: TcpListener,
        http: &HttpSettings,
        run_jobs: bool,
    ) -> std::io::Result<Self> {
        let port = listener.local_addr()?.port();
        let metrics = Metrics::default();
        let state = AppState {
            svc: svc.clone(),
            secure_cookies: http.base_url.starts_with("https://"),
            trust_proxy: http.trust_proxy,
            metrics: metrics.clone(),
        };
        let metrics_server = match &http.metrics_bind {
            None => None,
            Some(addr) => {
                let named = |e: std::io::Error| {
                    std::io::Error::new(e.kind(), format!("KLANKBORD_METRICS_ADDR {addr}: {e}"))
                };
                let l = TcpListener::bind(addr).map_err(named)?;
                let metrics_port = l.local_addr()?.port();
                Some((crate::web::metrics::server(state.clone(), l)?, metrics_port))
            }
        };
        let server = crate::web::startup::server(state, listener, http)?;
        let worker = if run_jobs {
            Some(Worker::spawn(svc, metrics.clone())?)
        } else {
            None
        };
        Ok(Self {
            port,
            server,
            metrics,
            metrics_server,
            _worker: worker,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the metrics endpoint, if there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(_, p)| *p)
    }

    /// This instance's counters (the jobs and the web server count in them).
    pub fn metrics(&self) -> Metrics {
        self.metrics.clone()
    }

    /// Serves until the main server stops (on a signal), then stops the
    /// metrics endpoint too.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics = self.metrics_server.map(|(server, _)| {
            let handle = server.handle();
            actix_web::rt::spawn(server);
            handle
        });
        let result = self.server.await;
        if let Some(handle) = metrics {
            handle.stop(true).await;
        }
        result
    }
}

/// The web adapter's results dashboard as one self-contained, printable HTML
/// page (its style sheet inline), for `klankbord results --format html`: the
/// CLI gets it here instead of reaching into `web` itself.
pub fn dashboard_html(info: &RoundInfo, view: &ReleasedView) -> String {
    crate::web::views::dashboard::standalone(
        crate::web::views::dashboard::dashboard(info, view),
        crate::web::routes::assets::STYLE_CSS,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::path::Path;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::time::{Duration, Instant};

    use super::*;
    use crate::domain::round::RoundState;

    fn mails(dir: &Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .count()
        })
    }

    fn eventually(what: &str, done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < Duration::from_secs(30), "{what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    #[test]
    fn the_background_jobs_deliver_queued_mail_and_close_rounds_past_their_closing_moment() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = dir.path().join("outbox");
        let settings = Settings::from_lookup(|k| match k {
            "DATABASE_URL" => Some(dir.path().join("k.db").display().to_string()),
            "KLANKBORD_MAIL" => Some(format!("file:{}", outbox.display())),
            "KLANKBORD_SECRET_FILE" => Some(dir.path().join("key").display().to_string()),
            _ => None,
        })
        .unwrap();
        let offset = Arc::new(AtomicI64::new(0));
        let o = offset.clone();
        let clock: Clock = Arc::new(move || {
            jiff::Timestamp::now()
                .checked_add(jiff::SignedDuration::from_secs(o.load(Ordering::SeqCst)))
                .unwrap()
        });
        let svc = services(&settings, clock).unwrap();
        svc.demo().unwrap();
        assert_eq!(mails(&outbox), 0, "the demo only queues its invitations");
        let open = |svc: &Klankbord| {
            svc.list_rounds()
                .unwrap()
                .iter()
                .filter(|r| r.state == RoundState::Open)
                .count()
        };
        assert_eq!(open(&svc), 1);

        let worker = Worker::spawn(svc.clone(), Metrics::default()).unwrap();
        eventually("the jobs deliver the queued invitations", || {
            mails(&outbox) > 0
        });
        offset.store(120 * 24 * 3600, Ordering::SeqCst);
        eventually("the jobs close the round after its closing moment", || {
            open(&svc) == 0
        });
        drop(worker);
    }
}

//! Shared test helpers: a real server on port 0 against a fresh database
//! (SQLite file or PostgreSQL database, dropped afterwards), a browser-like
//! HTTP client, an SMTP sink, and readers for the file outbox.
#![allow(dead_code, unused_imports)]

pub mod browser;
pub mod db;
pub mod logs;
pub mod mail;
pub mod respond;
pub mod smtp_sink;
pub mod tls;

use klankbord::domain::audit::System;
use std::collections::HashMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use klankbord::app::{Application, services};
use klankbord::config::Settings;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::RoundId;
use klankbord::domain::round::{MinGroupSize, RoundDates, RoundKind, amsterdam};
use klankbord::domain::sharing::SharingMode;
use klankbord::domain::text::{PersonName, PlaceName};
use klankbord::service::setup::{NewMunicipality, NewRound};
use klankbord::service::{Clock, Klankbord};

pub use browser::{Browser, Resp};
pub use db::{Backend, TestDb};

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
                #[actix_web::test]
                async fn postgres() {
                    if $crate::common::db::postgres_or_skip() {
                        super::$name($crate::common::Backend::Postgres).await
                    }
                }
            }
        )*
    };
}

pub struct TestApp {
    pub address: String,
    pub svc: Klankbord,
    pub outbox: PathBuf,
    pub db: TestDb,
    pub dir: tempfile::TempDir,
    pub settings: Settings,
    /// The instance's counters (the tests run its jobs by hand).
    pub metrics: klankbord::telemetry::metrics::Metrics,
    /// `http://127.0.0.1:port` of the metrics endpoint, when
    /// `KLANKBORD_METRICS_ADDR` was among the options.
    pub metrics_address: Option<String>,
    clock_offset: Arc<AtomicI64>,
}

#[derive(Default)]
pub struct Options {
    pub mail: Option<String>,
    /// More settings (`KLANKBORD_…`), over the test defaults.
    pub env: Vec<(&'static str, String)>,
}

impl TestApp {
    /// Moves the server's clock forward.
    pub fn advance(&self, secs: i64) {
        self.clock_offset.fetch_add(secs, Ordering::SeqCst);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.address)
    }

    /// Another server instance on the same database, key and mail settings.
    pub fn second_instance(&self) -> Klankbord {
        let o = self.clock_offset.clone();
        let clock: Clock = Arc::new(move || {
            jiff::Timestamp::now()
                .checked_add(jiff::SignedDuration::from_secs(o.load(Ordering::SeqCst)))
                .expect("time")
        });
        services(&self.settings, clock).expect("second instance")
    }

    /// Sends every queued mail now (the server's own worker is off in tests).
    pub fn deliver(&self) {
        self.svc.deliver_due().expect("delivery");
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Options::default()).await
}

pub async fn spawn_app_with(backend: Backend, options: Options) -> TestApp {
    logs::capture();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = TestDb::create(backend, dir.path());
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let address = format!("http://127.0.0.1:{port}");
    let outbox = dir.path().join("outbox");
    let mut env: HashMap<&str, String> = HashMap::new();
    env.insert("DATABASE_URL", db.url.clone());
    env.insert("KLANKBORD_BIND", "127.0.0.1:0".into());
    env.insert("KLANKBORD_BASE_URL", address.clone());
    env.insert(
        "KLANKBORD_SECRET_FILE",
        dir.path().join("key").display().to_string(),
    );
    env.insert(
        "KLANKBORD_MAIL",
        options
            .mail
            .unwrap_or_else(|| format!("file:{}", outbox.display())),
    );
    env.insert("KLANKBORD_DB_POOL", "8".into());
    for (k, v) in options.env {
        env.insert(k, v);
    }
    let settings = Settings::from_lookup(|k| env.get(k).cloned()).expect("settings");
    let offset = Arc::new(AtomicI64::new(0));
    let o = offset.clone();
    let clock: Clock = Arc::new(move || {
        jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::from_secs(o.load(Ordering::SeqCst)))
            .expect("time")
    });
    let svc = services(&settings, clock).expect("services");
    let app = Application::build_with(svc.clone(), listener, &settings.http, false).expect("build");
    let metrics = app.metrics();
    let metrics_address = app.metrics_port().map(|p| format!("http://127.0.0.1:{p}"));
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        address,
        svc,
        outbox,
        db,
        dir,
        settings,
        metrics,
        metrics_address,
        clock_offset: offset,
    }
}

/// A municipality, its mayor and a round in preparation, closing in 3 weeks.
pub fn setup_round(app: &TestApp, k: u32) -> RoundId {
    let svc = &app.svc;
    let m = svc
        .create_municipality(
            System::Cli,
            NewMunicipality {
                name: PlaceName::parse("Teststad").unwrap(),
                clerk_name: PersonName::parse("Gerda Griffier").unwrap(),
                clerk_email: EmailAddress::parse("griffie@teststad.example").unwrap(),
            },
        )
        .unwrap();
    svc.create_mayor(
        System::Cli,
        m,
        PersonName::parse("Bert Burgemeester").unwrap(),
        EmailAddress::parse("bm@teststad.example").unwrap(),
    )
    .unwrap();
    new_round(app, m, RoundKind::Regular, MinGroupSize::new(k).unwrap())
}

/// A round in preparation for the municipality's latest mayor, starting
/// today (by the server's clock), closing in 3 weeks, meeting in 4.
pub fn new_round(
    app: &TestApp,
    m: klankbord::domain::ids::MunicipalityId,
    kind: RoundKind,
    k: MinGroupSize,
) -> RoundId {
    let today = app.svc.now().to_zoned(amsterdam()).date();
    app.svc
        .create_round(
            System::Cli,
            NewRound {
                municipality: m,
                mayor: None,
                kind,
                dates: RoundDates::new(
                    today,
                    today.checked_add(jiff::ToSpan::days(21)).unwrap(),
                    today.checked_add(jiff::ToSpan::days(28)).unwrap(),
                )
                .unwrap(),
                min_group_size: k,
                sharing: SharingMode::AlsoMayor,
            },
        )
        .and_then(|created| created.into_result())
        .unwrap()
}

/// Imports raters (`naam,email,groep` lines without header) and sends the invitations.
pub fn invite(app: &TestApp, round: RoundId, rows: &[(&str, &str, &str)]) {
    let mut csv = String::from("naam,email,groep\n");
    for (n, e, g) in rows {
        csv.push_str(&format!("{n},{e},{g}\n"));
    }
    app.svc
        .import_raters(System::Cli, round, csv.as_bytes())
        .unwrap();
    app.svc.send_invitations(System::Cli, round).unwrap();
    app.deliver();
}

/// A loopback port that was free a moment ago (for a process the test starts).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// Waits until `ready` holds, at most `limit`; fails with `what` otherwise.
pub fn wait_for(what: &str, limit: std::time::Duration, mut ready: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "{what}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

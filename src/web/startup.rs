//! Building the application from settings; binds port 0 for tests.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};

use crate::config::{HttpSettings, Settings};
use crate::mail::MailTransport;
use crate::mail::worker::Worker;
use crate::security::ServerKey;
use crate::service::{Clock, Klankbord, system_clock};
use crate::store::connection::{build_pool, run_migrations};
use crate::web::state::AppState;
use crate::web::{middleware, routes};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("KLANKBORD_SECRET_FILE: {0}")]
    Key(#[from] crate::security::keys::KeyFileError),
    #[error("DATABASE_URL: {0}")]
    Database(#[from] crate::store::connection::StartupDbError),
    #[error("{0}")]
    Mail(#[from] crate::mail::MailSetupError),
    #[error("KLANKBORD_BIND: het adres kan niet worden gebruikt: {0}")]
    Bind(std::io::Error),
}

/// Connects everything the use cases need: key, database (migrated), mail.
pub fn services(settings: &Settings, clock: Clock) -> Result<Klankbord, StartupError> {
    let key = ServerKey::load_or_create(&settings.secret_file)?;
    let pool = build_pool(&settings.database.url, settings.database.pool_size)?;
    let mut conn = pool
        .get()
        .map_err(|e| crate::store::connection::StartupDbError::Connect(e.to_string()))?;
    run_migrations(&mut conn, &mut |c, name| {
        crate::service::sealed_storage::seal_plain_responses(c, &key, name)
    })?;
    drop(conn);
    let mail = MailTransport::from_settings(&settings.mail)?;
    Ok(Klankbord::new(
        pool,
        key,
        &settings.http.base_url,
        mail,
        clock,
    ))
}

pub struct Application {
    port: u16,
    server: Server,
    _worker: Option<Worker>,
}

impl Application {
    /// Everything from settings, listening on `KLANKBORD_BIND`, with the background worker.
    pub fn build(settings: &Settings) -> Result<(Self, Klankbord), StartupError> {
        let svc = services(settings, system_clock())?;
        let listener = TcpListener::bind(&settings.http.bind).map_err(StartupError::Bind)?;
        let app = Self::build_with(svc.clone(), listener, &settings.http, true)
            .map_err(StartupError::Bind)?;
        Ok((app, svc))
    }

    /// The server on an existing listener (tests bind port 0 themselves).
    pub fn build_with(
        svc: Klankbord,
        listener: TcpListener,
        http: &HttpSettings,
        run_worker: bool,
    ) -> std::io::Result<Self> {
        let port = listener.local_addr()?.port();
        let state = AppState {
            svc: svc.clone(),
            secure_cookies: http.base_url.starts_with("https://"),
            trust_proxy: http.trust_proxy,
        };
        let base_origin = middleware::origin_of(&http.base_url);
        let body_timeout = http.body_timeout;
        let server = HttpServer::new(move || {
            let origin = base_origin.clone();
            App::new()
                .app_data(web::Data::new(state.clone()))
                .app_data(routes::form_config())
                .app_data(web::PayloadConfig::default().limit(routes::MAX_BODY_BYTES))
                .app_data(web::Data::new(middleware::BaseOrigin(origin)))
                .app_data(web::Data::new(middleware::BodyTimeout(body_timeout)))
                .wrap(from_fn(middleware::body_deadline))
                .wrap(from_fn(crate::web::errors::styled_framework_errors))
                .wrap(from_fn(middleware::same_origin_only))
                .wrap(from_fn(middleware::head_as_get))
                .wrap(Compress::default())
                .wrap(from_fn(middleware::security_headers))
                .wrap(from_fn(middleware::access_log))
                .configure(routes::configure)
                .default_service(web::to(routes::not_found))
        })
        .listen(listener)?
        .run();
        let worker = if run_worker {
            Some(Worker::spawn(svc)?)
        } else {
            None
        };
        Ok(Self {
            port,
            server,
            _worker: worker,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

//! The actix server of the web adapter: routes, middleware and body limits
//! around an `AppState`. The composition root (`app`) builds the state and
//! the listener; tests bind port 0 themselves.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::config::HttpSettings;
use crate::web::state::AppState;
use crate::web::{compression, errors, middleware, routes};

/// The running server on `listener`, answering with `state`'s use cases.
pub fn server(
    state: AppState,
    listener: TcpListener,
    http: &HttpSettings,
) -> std::io::Result<Server> {
    let base_origin = middleware::origin_of(&http.base_url);
    let body_timeout = http.body_timeout;
    let security_txt = routes::about::SecurityTxt::new(http);
    let server = HttpServer::new(move || {
        let origin = base_origin.clone();
        App::new()
            .app_data(web::Data::new(state.clone()))
            .app_data(routes::form_config())
            .app_data(web::PayloadConfig::default().limit(routes::MAX_BODY_BYTES))
            .app_data(web::Data::new(middleware::BaseOrigin(origin)))
            .app_data(web::Data::new(middleware::BodyTimeout(body_timeout)))
            .app_data(web::Data::new(security_txt.clone()))
            .wrap(from_fn(middleware::body_deadline))
            .wrap(from_fn(errors::styled_framework_errors))
            .wrap(from_fn(middleware::same_origin_only))
            .wrap(from_fn(middleware::head_as_get))
            .wrap(from_fn(compression::gzip))
            .wrap(from_fn(middleware::security_headers))
            .wrap(from_fn(middleware::access_log))
            .configure(routes::configure)
            .default_service(web::to(routes::not_found))
    })
    // A response that leaves in more than one write (a streamed body, or
    // head and a large body) must not wait for the client's delayed ACK
    // under Nagle's algorithm (40 ms on Linux, up to 200 ms on Windows).
    .tcp_nodelay(true)
    .listen(listener)?
    .run();
    Ok(server)
}

//! The metrics endpoint: `GET /metrics` in the Prometheus text format, on its
//! own listener (`KLANKBORD_METRICS_ADDR`), apart from the public port so that
//! the reverse proxy never exposes it. One worker; no pages, no middleware.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};

use crate::web::state::AppState;

/// The metrics server on `listener`. It handles no signals: the application
/// stops it after the main server has stopped.
pub fn server(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(state.clone()))
            .service(web::resource("/metrics").route(web::get().to(scrape)))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run())
}

/// The counters of this instance and the outbox as the database has it now.
async fn scrape(state: web::Data<AppState>) -> HttpResponse {
    let svc = state.svc.clone();
    let outbox = web::block(move || svc.outbox_totals())
        .await
        .ok()
        .and_then(Result::ok);
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .body(state.metrics.render(outbox.as_deref()))
}

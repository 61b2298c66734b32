//! Health as orchestrators ask it: liveness (the process answers) and
//! readiness (the database answers and has this build's schema).

use actix_web::{HttpResponse, web};

use crate::service::Readiness;
use crate::web::state::AppState;

fn plain(mut builder: actix_web::HttpResponseBuilder, body: String) -> HttpResponse {
    builder
        .content_type("text/plain; charset=utf-8")
        .insert_header(("cache-control", "no-store"))
        .body(body)
}

/// `/health/live`: 200 while the process runs; touches nothing else, so a
/// database outage does not make an orchestrator restart every instance.
pub async fn live() -> HttpResponse {
    plain(HttpResponse::Ok(), "ok".into())
}

/// `/health/ready` (and its alias `/healthz`): 200 when the database answers
/// and holds every migration of this build, 503 with the reason otherwise.
/// Mail does not count: the outbox keeps messages until the relay is back.
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let svc = state.svc.clone();
    match web::block(move || svc.readiness()).await {
        Ok(Readiness::Ready) => plain(HttpResponse::Ok(), "ok".into()),
        Ok(Readiness::MigrationsPending(n)) => plain(
            HttpResponse::ServiceUnavailable(),
            format!("database mist {n} migratie(s)"),
        ),
        Ok(Readiness::DatabaseUnreachable) | Err(_) => plain(
            HttpResponse::ServiceUnavailable(),
            "database niet bereikbaar".into(),
        ),
    }
}

use actix_web::{HttpResponse, web};

use crate::web::state::AppState;

/// 200 when the database answers, 503 otherwise.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let svc = state.svc.clone();
    match web::block(move || svc.healthy()).await {
        Ok(true) => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ok"),
        _ => HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("database niet bereikbaar"),
    }
}

//! Routes, grouped by resource.

pub mod assets;
pub mod health;
pub mod home;
pub mod respond;

use actix_web::{HttpResponse, web};

use crate::web::views::pages;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::home))
        .route("/healthz", web::get().to(health::healthz))
        .route("/assets/{file}", web::get().to(assets::asset))
        .service(
            web::resource("/r/{token}")
                .route(web::get().to(respond::open_link))
                .route(web::head().to(respond::open_link)),
        )
        .service(
            web::resource("/vragenlijst")
                .route(web::get().to(respond::show_form))
                .route(web::post().to(respond::submit_form)),
        )
        .service(
            web::resource("/vragenlijst/liever-gesprek")
                .route(web::get().to(respond::show_decline))
                .route(web::post().to(respond::submit_decline)),
        )
        .route("/vragenlijst/bedankt", web::get().to(respond::thanks))
        .route("/vragenlijst/afgemeld", web::get().to(respond::declined));
}

pub async fn not_found() -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("text/html; charset=utf-8")
        .body(
            pages::problem(
                "Pagina niet gevonden",
                "Deze pagina bestaat niet. Controleer het adres, of gebruik de link uit uw e-mail.",
            )
            .into_string(),
        )
}

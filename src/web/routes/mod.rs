//! Routes, grouped by resource.

pub mod admin;
pub mod assets;
pub mod clerk;
pub mod health;
pub mod home;
pub mod mayor;
pub mod meeting;
pub mod nominations;
pub mod people;
pub mod questionnaire;
pub mod respond;
pub mod round_setup;
pub mod signin;
pub mod staff;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use crate::web::views::pages;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(path_config())
        .route("/", web::get().to(home::home))
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
        .route("/vragenlijst/afgemeld", web::get().to(respond::declined))
        .service(
            web::resource("/aanmelden")
                .route(web::get().to(signin::show))
                .route(web::post().to(signin::request)),
        )
        .service(
            web::resource("/aanmelden/link/{token}")
                .route(web::get().to(signin::link_page))
                .route(web::post().to(signin::use_link)),
        )
        .service(
            web::resource("/aanmelden/tweede-stap")
                .route(web::get().to(signin::second_step))
                .route(web::post().to(signin::second_step_post)),
        )
        .route("/aanmelden/afgemeld", web::get().to(signin::signed_out))
        .route("/afmelden", web::post().to(signin::sign_out))
        .route("/mijn", web::get().to(staff::home))
        .service(
            web::resource("/mijn/rondes/{round}/deelmodus")
                .route(web::get().to(mayor::sharing))
                .route(web::post().to(mayor::sharing_post)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/zelfevaluatie")
                .route(web::get().to(mayor::self_assessment))
                .route(web::post().to(mayor::self_assessment_post)),
        )
        .configure(meeting::configure)
        .route(
            "/mijn/gemeenten/{municipality}/logboek",
            web::get().to(staff::audit_log),
        )
        .configure(admin::configure)
        .configure(people::configure)
        .service(
            web::resource("/mijn/rondes/{round}/referenten")
                .app_data(clerk::list_form_config())
                .route(web::get().to(clerk::raters))
                .route(web::post().to(clerk::raters)),
        )
        .configure(nominations::configure)
        .route(
            "/mijn/rondes/{round}/referenten/bestand",
            web::post().to(clerk::upload_raters),
        )
        .configure(questionnaire::configure)
        .configure(round_setup::configure)
        .route("/mijn/rondes/{round}", web::get().to(clerk::round))
        .service(
            web::resource("/mijn/rondes/{round}/{what}")
                .route(web::get().to(staff::results))
                .route(web::post().to(clerk::act)),
        );
}

/// A malformed id in the path (`/mijn/rondes/not-an-id`): the styled 404.
fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| {
        crate::web::errors::WebError::NotFound(
            "Deze pagina bestaat niet. Controleer het adres, of open de pagina via Klankbord.",
        )
        .into()
    })
}

/// 200, or 422 when the form was refused (nothing stored).
pub(crate) fn status_of(errors: &[(String, String)]) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

pub(crate) fn html(status: StatusCode, body: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}

/// The value of a posted field ("" when absent).
pub(crate) fn field(fields: &[(String, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

pub(crate) fn see_other(to: &str) -> actix_web::HttpResponseBuilder {
    let mut b = HttpResponse::SeeOther();
    b.insert_header((header::LOCATION, to));
    b
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

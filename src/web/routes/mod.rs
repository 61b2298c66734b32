//! Routes, grouped by resource.

pub mod about;
pub mod assets;
pub mod audit_log;
pub mod cdk_deliveries;
pub mod cdk_meetings;
pub mod comments;
pub mod contact_details;
pub mod dossier;
pub mod health;
pub mod home;
pub mod house_style;
pub mod identity_provider;
pub mod mail_resend;
pub mod meeting;
pub mod municipalities;
pub mod nominations;
pub mod people;
pub mod provinces;
pub mod questionnaire;
pub mod raters;
pub mod respond;
pub mod respond_steps;
pub mod results;
pub mod results_pdf;
pub mod retention;
pub mod round_setup;
pub mod rounds;
pub mod self_assessment;
pub mod sharing;
pub mod signin;
pub mod start;
pub mod verslag;
pub mod verslag_pdf;
pub mod verslag_settings;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use crate::web::views::pages;

/// The largest request body of a form (the questionnaire with long comments
/// fits easily); the lists of referenten have their own (`raters`). The
/// same figure is in README.md and `deploy/nginx.conf` (a test compares them).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Every route. `HEAD` is answered wherever `GET` is (`middleware::head_as_get`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(path_config())
        .service(web::resource("/").route(web::get().to(home::home)))
        .service(web::resource("/health/live").route(web::get().to(health::live)))
        .service(web::resource("/health/ready").route(web::get().to(health::ready)))
        .service(web::resource("/healthz").route(web::get().to(health::ready)))
        .service(web::resource("/assets/{file}").route(web::get().to(assets::asset)))
        .configure(respond::configure)
        .configure(signin::configure)
        .configure(identity_provider::configure)
        .service(web::resource("/mijn").route(web::get().to(start::show)))
        .service(
            web::resource("/mijn/gemeenten/{municipality}/rondes")
                .route(web::get().to(start::municipality_rounds)),
        )
        .configure(about::configure)
        .configure(contact_details::configure)
        .service(
            web::resource("/mijn/gemeenten/{municipality}/logboek")
                .route(web::get().to(audit_log::show)),
        )
        .configure(municipalities::configure)
        .configure(people::configure)
        .configure(house_style::configure)
        .configure(round_setup::configure)
        .configure(rounds::configure)
        .configure(raters::configure)
        .configure(mail_resend::configure)
        .configure(nominations::configure)
        .configure(questionnaire::configure)
        .configure(sharing::configure)
        .configure(self_assessment::configure)
        .configure(meeting::configure)
        .configure(results::configure)
        .configure(comments::configure)
        .configure(results_pdf::configure)
        .configure(dossier::configure)
        .configure(verslag::configure)
        .configure(verslag_pdf::configure)
        .configure(verslag_settings::configure)
        .configure(retention::configure)
        .configure(provinces::configure)
        .configure(cdk_meetings::configure)
        .configure(cdk_deliveries::configure);
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

/// Forms read with `web::Form` (the referent's, sign-in): the styled page
/// for a form too large (413), too slow (408) or unreadable (400).
pub(crate) fn form_config() -> web::FormConfig {
    use actix_web::error::{PayloadError, UrlencodedError};
    web::FormConfig::default()
        .limit(MAX_BODY_BYTES)
        .error_handler(|err, _| {
            let (status, text) = match &err {
                UrlencodedError::Overflow { .. } => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Uw antwoorden zijn samen te lang om te versturen. Maak uw toelichtingen korter en probeer het opnieuw.",
                ),
                UrlencodedError::Payload(PayloadError::Io(e))
                    if e.kind() == std::io::ErrorKind::TimedOut =>
                {
                    (StatusCode::REQUEST_TIMEOUT, crate::web::errors::BODY_TIMEOUT)
                }
                _ => (StatusCode::BAD_REQUEST, crate::web::errors::UNREADABLE_FORM),
            };
            actix_web::error::InternalError::from_response(
                err,
                html(status, pages::problem("Dat lukt niet", text)),
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

pub(crate) fn see_other(to: &str) -> actix_web::HttpResponseBuilder {
    let mut b = HttpResponse::SeeOther();
    b.insert_header((header::LOCATION, to));
    b
}

/// A path no route serves: the styled 404.
pub async fn not_found() -> HttpResponse {
    crate::web::errors::framework_error_page(StatusCode::NOT_FOUND)
}

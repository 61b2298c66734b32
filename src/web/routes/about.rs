//! The pages of the footer — contact, privacyverklaring (in general and per
//! municipality), toegankelijkheidsverklaring — `/.well-known/security.txt`
//! and `/favicon.ico`. All public: no sign-in.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use crate::config::HttpSettings;
use crate::domain::ids::MunicipalityId;
use crate::web::errors::WebError;
use crate::web::state::AppState;
use crate::web::views::about as views;

use super::html;

/// How long a served security.txt stays valid (RFC 9116 advises less than a year).
const SECURITY_TXT_DAYS: i64 = 180;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/contact").route(web::get().to(contact)))
        .service(web::resource("/privacyverklaring").route(web::get().to(privacy)))
        .service(web::resource("/toegankelijkheid").route(web::get().to(accessibility)))
        .service(
            web::resource("/gemeenten/{municipality}/contact")
                .route(web::get().to(municipality_contact)),
        )
        .service(
            web::resource("/gemeenten/{municipality}/privacyverklaring")
                .route(web::get().to(municipality_privacy)),
        )
        .service(web::resource("/.well-known/security.txt").route(web::get().to(security_txt)))
        .service(web::resource("/favicon.ico").route(web::get().to(favicon)));
}

/// What security.txt says, from the settings.
#[derive(Clone, Debug)]
pub struct SecurityTxt {
    contact: String,
    canonical: String,
}

impl SecurityTxt {
    pub fn new(http: &HttpSettings) -> Self {
        Self {
            contact: http.security_contact.clone(),
            canonical: format!("{}/.well-known/security.txt", http.base_url),
        }
    }
}

/// `GET /contact`
pub async fn contact() -> HttpResponse {
    html(StatusCode::OK, views::contact(None))
}

/// `GET /privacyverklaring`
pub async fn privacy() -> HttpResponse {
    html(
        StatusCode::OK,
        views::privacy(None, &crate::domain::retention::RetentionPolicy::DEFAULT),
    )
}

/// `GET /toegankelijkheid`
pub async fn accessibility() -> HttpResponse {
    html(StatusCode::OK, views::accessibility())
}

/// `GET /gemeenten/{municipality}/contact`
pub async fn municipality_contact(
    state: web::Data<AppState>,
    municipality: web::Path<MunicipalityId>,
) -> Result<HttpResponse, WebError> {
    let m = *municipality;
    let c = state.run(move |svc| svc.public_contact(m)).await?;
    Ok(html(StatusCode::OK, views::contact(Some(&c))))
}

/// `GET /gemeenten/{municipality}/privacyverklaring`
pub async fn municipality_privacy(
    state: web::Data<AppState>,
    municipality: web::Path<MunicipalityId>,
) -> Result<HttpResponse, WebError> {
    let m = *municipality;
    let (c, retention) = state
        .run(move |svc| Ok((svc.public_contact(m)?, svc.public_retention(m)?)))
        .await?;
    Ok(html(StatusCode::OK, views::privacy(Some(&c), &retention)))
}

/// `GET /.well-known/security.txt` (RFC 9116).
pub async fn security_txt(state: web::Data<AppState>, txt: web::Data<SecurityTxt>) -> HttpResponse {
    let now = state.svc.now().as_second();
    let expires = jiff::Timestamp::from_second(now + SECURITY_TXT_DAYS * 86_400)
        .unwrap_or(jiff::Timestamp::MAX);
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!(
            "Contact: {}\nExpires: {expires}\nPreferred-Languages: nl, en\nCanonical: {}\n",
            txt.contact, txt.canonical
        ))
}

/// `GET /favicon.ico`: browsers ask for it; the icon is an SVG.
pub async fn favicon() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, "/assets/favicon.svg"))
        .finish()
}

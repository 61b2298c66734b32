//! Staff sign-in over HTTP: e-mail → link → second factor → session.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::email::EmailAddress;
use crate::security::totp;
use crate::service::signin::{FactorOutcome, RequestOutcome, Stage};
use crate::web::client::client_address;
use crate::web::errors::Gate;
use crate::web::errors::WebError;
use crate::web::staff_session;
use crate::web::state::AppState;
use crate::web::views::{pages, signin as views};

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/aanmelden")
            .route(web::get().to(show))
            .route(web::post().to(request)),
    )
    .service(
        web::resource("/aanmelden/link/{token}")
            .route(web::get().to(link_page))
            .route(web::post().to(use_link)),
    )
    .service(
        web::resource("/aanmelden/tweede-stap")
            .route(web::get().to(second_step))
            .route(web::post().to(second_step_post)),
    )
    .service(web::resource("/aanmelden/afgemeld").route(web::get().to(signed_out)))
    .service(web::resource("/afmelden").route(web::post().to(sign_out)));
}

/// The QR code of an `otpauth://` URI as inline SVG (no style attributes,
/// so the Content-Security-Policy stays strict).
fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build()
            .replacen(
                "<svg ",
                "<svg role=\"img\" aria-label=\"QR-code voor de authenticator-app\" ",
                1,
            )
            .split_once("<svg")
            .map(|(_, rest)| format!("<svg{rest}"))
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

pub async fn show(req: HttpRequest) -> Result<HttpResponse, WebError> {
    if crate::web::extract::Staff::extract(req.clone())
        .await
        .is_ok()
    {
        return Ok(see_other("/mijn").finish());
    }
    Ok(html(StatusCode::OK, views::sign_in_form(&[], "", None)))
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

pub async fn request(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<EmailForm>,
) -> Result<HttpResponse, WebError> {
    let Ok(email) = EmailAddress::parse(&form.email) else {
        let errors = vec![(
            "email".to_owned(),
            "Vul een geldig e-mailadres in, zoals naam@gemeente.nl.".to_owned(),
        )];
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::sign_in_form(&errors, &form.email, None),
        ));
    };
    let client = client_address(&req, state.trust_proxy);
    let svc = state.svc.clone();
    let outcome = web::block(move || svc.request_sign_in(&email, &client)).await??;
    Ok(match outcome {
        RequestOutcome::Sent => html(StatusCode::OK, views::link_sent()),
        RequestOutcome::RateLimited { retry_after_secs } => {
            let secs = retry_after_secs.max(1);
            HttpResponse::TooManyRequests()
                .insert_header((header::RETRY_AFTER, secs.to_string()))
                .content_type("text/html; charset=utf-8")
                .body(pages::rate_limited(secs).into_string())
        }
    })
}

fn plausible_token(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Shows a button; opening the link changes nothing (mail scanners open links).
pub async fn link_page(path: web::Path<String>) -> HttpResponse {
    let token = path.into_inner();
    if plausible_token(&token) {
        html(StatusCode::OK, views::link_confirm(&token))
    } else {
        html(StatusCode::NOT_FOUND, views::link_invalid())
    }
}

pub async fn use_link(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let token = path.into_inner();
    if !plausible_token(&token) {
        return Ok(html(StatusCode::NOT_FOUND, views::link_invalid()));
    }
    let svc = state.svc.clone();
    Ok(
        match web::block(move || svc.sign_in_with_link(&token)).await?? {
            Some(raw) => see_other("/aanmelden/tweede-stap")
                .cookie(staff_session::make(raw.expose(), state.secure_cookies))
                .finish(),
            None => html(StatusCode::GONE, views::link_invalid()),
        },
    )
}

fn enrol_page(
    state: &AppState,
    session: &crate::service::signin::StaffSession,
    sealed: &str,
    secret: &[u8],
    errors: &[(String, String)],
) -> maud::Markup {
    let uri = totp::provisioning_uri(secret, &session.email, "Klankbord");
    views::enrol(
        &qr_svg(&uri),
        &totp::secret_base32(secret),
        sealed,
        &state.svc.staff_csrf(session),
        errors,
    )
}

pub async fn second_step(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let Some(session) = crate::web::extract::Staff::current(&req).await? else {
        return Ok(Gate::SignIn.response());
    };
    if session.stage == Stage::Active {
        return Ok(see_other("/mijn").finish());
    }
    if session.enrolled {
        return Ok(html(
            StatusCode::OK,
            views::code_form(&state.svc.staff_csrf(&session), &[]),
        ));
    }
    let (sealed, secret) = state.svc.totp_offer(&session);
    Ok(html(
        StatusCode::OK,
        enrol_page(&state, &session, &sealed, &secret, &[]),
    ))
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    sleutel: Option<String>,
}

pub async fn second_step_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, WebError> {
    let Some(session) = crate::web::extract::Staff::current(&req).await? else {
        return Ok(Gate::SignIn.response());
    };
    if session.stage == Stage::Active {
        return Ok(see_other("/mijn").finish());
    }
    staff_session::check_csrf(&state.svc.staff_csrf(&session), &form.csrf)?;
    let form = form.into_inner();
    let svc = state.svc.clone();
    let s = session.clone();
    let sealed = form.sleutel.clone().unwrap_or_default();
    let code = form.code.clone();
    let enrolling = !session.enrolled;
    let outcome = web::block(move || {
        if enrolling {
            svc.confirm_enrolment(&s, &sealed, &code)
        } else {
            svc.second_factor(&s, &code)
        }
    })
    .await??;
    let wrong = vec![(
        "code".to_owned(),
        "Deze code klopt niet. Vul de code in die de app nu toont (6 cijfers).".to_owned(),
    )];
    Ok(match outcome {
        FactorOutcome::SignedIn {
            session: raw,
            recovery_codes,
        } => {
            let cookie = staff_session::make(raw.expose(), state.secure_cookies);
            if recovery_codes.is_empty() {
                see_other("/mijn").cookie(cookie).finish()
            } else {
                let shown: Vec<String> = recovery_codes
                    .iter()
                    .map(|c| c.expose().to_owned())
                    .collect();
                let mut res = html(StatusCode::OK, views::recovery_codes(&shown));
                res.add_cookie(&cookie).map_err(|_| WebError::Blocking)?;
                res
            }
        }
        FactorOutcome::WrongCode if enrolling => {
            let sealed = form.sleutel.unwrap_or_default();
            match state.svc.totp_offered(&session, &sealed) {
                Some(secret) => html(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    enrol_page(&state, &session, &sealed, &secret, &wrong),
                ),
                None => see_other("/aanmelden/tweede-stap").finish(),
            }
        }
        FactorOutcome::WrongCode => html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::code_form(&state.svc.staff_csrf(&session), &wrong),
        ),
        FactorOutcome::Ended => {
            let mut res = html(
                StatusCode::FORBIDDEN,
                views::sign_in_form(
                    &[],
                    "",
                    Some(
                        "Te vaak een verkeerde code. Vraag voor de veiligheid een nieuwe aanmeldlink aan.",
                    ),
                ),
            );
            res.add_cookie(&staff_session::removal(state.secure_cookies))
                .map_err(|_| WebError::Blocking)?;
            res
        }
    })
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    if let Some(session) = crate::web::extract::Staff::current(&req).await? {
        staff_session::check_csrf(&state.svc.staff_csrf(&session), &form.csrf)?;
        if let Some(raw) = staff_session::raw(&req, state.secure_cookies) {
            let svc = state.svc.clone();
            web::block(move || svc.sign_out(&raw)).await??;
        }
    }
    Ok(see_other("/aanmelden/afgemeld")
        .cookie(staff_session::removal(state.secure_cookies))
        .finish())
}

pub async fn signed_out() -> HttpResponse {
    html(StatusCode::OK, views::signed_out())
}

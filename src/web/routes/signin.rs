//! Staff sign-in over HTTP: e-mail → link → second factor → session.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::email::EmailAddress;
use crate::security::totp;
use crate::service::signin::{FactorOutcome, RequestOutcome};
use crate::web::client::client_address;
use crate::web::errors::WebError;
use crate::web::extract::{HalfSignedIn, Staff};
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

/// `GET /aanmelden` (someone signed in goes to their start page).
pub async fn show(
    state: web::Data<AppState>,
    staff: Option<Staff>,
) -> Result<HttpResponse, WebError> {
    if staff.is_some() {
        return Ok(see_other("/mijn").finish());
    }
    let providers = state.run(|svc| svc.sign_in_providers()).await?;
    Ok(html(
        StatusCode::OK,
        views::sign_in_form(&[], "", None, &providers),
    ))
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
            views::sign_in_form(&errors, &form.email, None, &[]),
        ));
    };
    let client = client_address(&req, state.trust_proxy);
    let outcome = state
        .run(move |svc| svc.request_sign_in(&email, &client))
        .await?;
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
    Ok(
        match state.run(move |svc| svc.sign_in_with_link(&token)).await? {
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

/// `GET /aanmelden/tweede-stap`: the code, or setting up the app first.
pub async fn second_step(
    state: web::Data<AppState>,
    HalfSignedIn(session): HalfSignedIn,
) -> Result<HttpResponse, WebError> {
    if session.enrolled {
        let csrf = state.svc.staff_csrf(&session);
        return Ok(html(StatusCode::OK, views::code_form(&csrf, &[])));
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
    /// The sealed authenticator secret offered (setting up only).
    sleutel: Option<String>,
}

/// `POST /aanmelden/tweede-stap`: the code from the app (or a recovery
/// code); for someone not set up yet, the first code confirms the app.
pub async fn second_step_post(
    state: web::Data<AppState>,
    HalfSignedIn(session): HalfSignedIn,
    form: web::Form<CodeForm>,
) -> Result<HttpResponse, WebError> {
    staff_session::check_csrf(&state.svc.staff_csrf(&session), &form.csrf)?;
    let CodeForm { code, sleutel, .. } = form.into_inner();
    let sealed = sleutel.unwrap_or_default();
    let (s, offered) = (session.clone(), sealed.clone());
    let enrolling = !session.enrolled;
    let outcome = state
        .run(move |svc| {
            if enrolling {
                svc.confirm_enrolment(&s, &offered, &code)
            } else {
                svc.second_factor(&s, &code)
            }
        })
        .await?;
    match outcome {
        FactorOutcome::SignedIn {
            session: raw,
            recovery_codes,
        } => signed_in(&state, raw.expose(), &recovery_codes),
        FactorOutcome::WrongCode if enrolling => {
            Ok(match state.svc.totp_offered(&session, &sealed) {
                Some(secret) => html(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    enrol_page(&state, &session, &sealed, &secret, &wrong_code()),
                ),
                None => see_other("/aanmelden/tweede-stap").finish(),
            })
        }
        FactorOutcome::WrongCode => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::code_form(&state.svc.staff_csrf(&session), &wrong_code()),
        )),
        FactorOutcome::Ended => session_ended(
            &state,
            "Te vaak een verkeerde code. Vraag voor de veiligheid een nieuwe aanmeldlink aan.",
        ),
    }
}

fn wrong_code() -> Vec<(String, String)> {
    vec![(
        "code".to_owned(),
        "Deze code klopt niet. Vul de code in die de app nu toont (6 cijfers).".to_owned(),
    )]
}

/// Signed in: the new session's cookie, and after setting up the app the
/// recovery codes, shown once.
fn signed_in(
    state: &AppState,
    raw: &str,
    recovery_codes: &[crate::security::secret::RecoveryCode],
) -> Result<HttpResponse, WebError> {
    let cookie = staff_session::make(raw, state.secure_cookies);
    if recovery_codes.is_empty() {
        return Ok(see_other("/mijn").cookie(cookie).finish());
    }
    let shown: Vec<String> = recovery_codes
        .iter()
        .map(|c| c.expose().to_owned())
        .collect();
    let mut res = html(StatusCode::OK, views::recovery_codes(&shown));
    res.add_cookie(&cookie).map_err(|_| WebError::Blocking)?;
    Ok(res)
}

/// Too many wrong codes: the attempt is over, back to asking for a link.
/// Too many wrong codes ended the session: the sign-in form with `notice`
/// (403), and the cookie removed.
pub(crate) fn session_ended(state: &AppState, notice: &str) -> Result<HttpResponse, WebError> {
    let mut res = html(
        StatusCode::FORBIDDEN,
        views::sign_in_form(&[], "", Some(notice), &[]),
    );
    res.add_cookie(&staff_session::removal(state.secure_cookies))
        .map_err(|_| WebError::Blocking)?;
    Ok(res)
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
    if let Some(session) = Staff::current(&req).await? {
        staff_session::check_csrf(&state.svc.staff_csrf(&session), &form.csrf)?;
        if let Some(raw) = staff_session::raw(&req, state.secure_cookies) {
            state.run(move |svc| svc.sign_out(&raw)).await?;
        }
    }
    Ok(see_other("/aanmelden/afgemeld")
        .cookie(staff_session::removal(state.secure_cookies))
        .finish())
}

pub async fn signed_out() -> HttpResponse {
    html(StatusCode::OK, views::signed_out())
}

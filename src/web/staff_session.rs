//! The staff session cookie (`__Host-` prefixed when served over HTTPS) and
//! the checks every staff page starts with.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, http::header};

use crate::service::signin::{StaffSession, Stage};
use crate::web::errors::WebError;
use crate::web::state::AppState;

pub const SECURE_NAME: &str = "__Host-klankbord_sessie";
/// Over plain HTTP (a local try-out) browsers refuse `__Host-` cookies.
pub const PLAIN_NAME: &str = "klankbord_sessie";

fn name(secure: bool) -> &'static str {
    if secure { SECURE_NAME } else { PLAIN_NAME }
}

/// The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS; no
/// Max-Age (the server ends sessions: 30 minutes idle, 12 hours at most).
pub fn make(raw: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(name(secure), raw.to_owned())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .finish()
}

pub fn removal(secure: bool) -> Cookie<'static> {
    let mut c = make("", secure);
    c.make_removal();
    c
}

pub fn raw(req: &HttpRequest, secure: bool) -> Option<String> {
    req.cookie(name(secure)).map(|c| c.value().to_owned())
}

/// Where a staff page goes when nobody (or not fully) is signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Not signed in: to the sign-in page.
    SignIn,
    /// Link used, second factor missing.
    SecondFactor,
}

impl Gate {
    pub fn response(&self) -> HttpResponse {
        let to = match self {
            Gate::SignIn => "/aanmelden",
            Gate::SecondFactor => "/aanmelden/tweede-stap",
        };
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, to))
            .finish()
    }
}

/// The current session in any stage, if valid.
pub async fn current(
    req: &HttpRequest,
    state: &AppState,
) -> Result<Option<StaffSession>, WebError> {
    let Some(raw) = raw(req, state.secure_cookies) else {
        return Ok(None);
    };
    let svc = state.svc.clone();
    Ok(actix_web::web::block(move || svc.staff_session(&raw)).await??)
}

/// A fully signed-in session, or where to go instead.
pub async fn active(
    req: &HttpRequest,
    state: &AppState,
) -> Result<Result<StaffSession, Gate>, WebError> {
    Ok(match current(req, state).await? {
        Some(s) if s.stage == Stage::Active => Ok(s),
        Some(_) => Err(Gate::SecondFactor),
        None => Err(Gate::SignIn),
    })
}

/// Checks the CSRF token of a staff form.
pub fn check_csrf(
    state: &AppState,
    session: &StaffSession,
    submitted: &str,
) -> Result<(), WebError> {
    let expected = state.svc.staff_csrf(session);
    if crate::security::constant_time_eq(expected.as_bytes(), submitted.as_bytes()) {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "Dit formulier is verlopen of komt niet van Klankbord. Open de pagina opnieuw en probeer het nog eens.",
        ))
    }
}

/// A fully signed-in session and the round named in the path (404 when
/// the path names no round); otherwise the response to give (sign-in).
/// Whether the person may see the round is the use case's to decide.
pub async fn active_for_round(
    req: &HttpRequest,
    state: &AppState,
    round: &str,
) -> Result<(StaffSession, crate::domain::ids::RoundId), WebError> {
    let session = signed_in(req, state).await?;
    let round = round.parse().map_err(|_| {
        WebError::Service(crate::service::ServiceError::NotFound(
            "Deze ronde bestaat niet.".into(),
        ))
    })?;
    Ok((session, round))
}

/// The signed-in person (both steps done); otherwise the error that sends
/// them to sign in.
pub async fn signed_in(req: &HttpRequest, state: &AppState) -> Result<StaffSession, WebError> {
    active(req, state).await?.map_err(WebError::Gate)
}

//! The staff session cookie (`__Host-` prefixed when served over HTTPS) and
//! the CSRF check of staff forms (the extractors in `web::extract` use both).

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};

use crate::web::errors::WebError;

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

/// Checks the CSRF token of a staff form against the session's.
pub fn check_csrf(expected: &str, submitted: &str) -> Result<(), WebError> {
    if crate::security::constant_time_eq(expected.as_bytes(), submitted.as_bytes()) {
        Ok(())
    } else {
        Err(WebError::Forbidden(
            "Dit formulier is verlopen of komt niet van Klankbord. Open de pagina opnieuw en probeer het nog eens.",
        ))
    }
}

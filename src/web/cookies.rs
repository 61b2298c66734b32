//! The short-lived questionnaire cookie that replaces the token in the URL,
//! and the CSRF token bound to it.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};

use crate::domain::token::{InvitationToken, TOKEN_BYTES, hex};
use crate::security::{ServerKey, seal};

pub const COOKIE_NAME: &str = "klankbord_vragenlijst";
pub const COOKIE_PATH: &str = "/vragenlijst";
/// How long the questionnaire stays open in the browser after the link was opened.
pub const COOKIE_LIFETIME_SECS: i64 = 2 * 3600;
const PURPOSE: &str = "klankbord/questionnaire-cookie/v1";

/// The cookie value: the token and an expiry, sealed with the server key.
pub fn make(key: &ServerKey, token: &InvitationToken, now: i64, secure: bool) -> Cookie<'static> {
    let mut plain = (now + COOKIE_LIFETIME_SECS).to_be_bytes().to_vec();
    plain.extend_from_slice(token.as_bytes());
    Cookie::build(COOKIE_NAME, seal::seal(key, PURPOSE, &plain))
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(COOKIE_LIFETIME_SECS))
        .finish()
}

/// A cookie that removes the questionnaire cookie.
pub fn removal(secure: bool) -> Cookie<'static> {
    let mut c = Cookie::build(COOKIE_NAME, "")
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .finish();
    c.make_removal();
    c
}

/// The raw cookie value and the token inside, if the cookie is ours and fresh.
pub fn read(req: &HttpRequest, key: &ServerKey, now: i64) -> Option<(String, InvitationToken)> {
    let value = req.cookie(COOKIE_NAME)?.value().to_owned();
    let plain = seal::open(key, PURPOSE, &value)?;
    if plain.len() != 8 + TOKEN_BYTES {
        return None;
    }
    let (expiry, token) = plain.split_at(8);
    let expiry = i64::from_be_bytes(expiry.try_into().ok()?);
    if expiry <= now {
        return None;
    }
    Some((value, InvitationToken::from_bytes(token.try_into().ok()?)))
}

/// The CSRF token for forms of this cookie's session.
pub fn csrf_token(key: &ServerKey, cookie_value: &str) -> String {
    hex(&key.mac("klankbord/csrf/v1", &[cookie_value.as_bytes()]))
}

pub fn csrf_valid(key: &ServerKey, cookie_value: &str, submitted: &str) -> bool {
    crate::domain::token::unhex(submitted)
        .is_some_and(|tag| key.verify("klankbord/csrf/v1", &[cookie_value.as_bytes()], &tag))
}

//! The referent's path over HTTP. `GET /r/{token}` never changes anything:
//! it trades the token for a sealed cookie and redirects to `/vragenlijst`.
//! Only the POST of the form (or of the decline) uses the invitation.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::token::InvitationToken;
use crate::service::respond::{ClientAddress, Lookup, SubmitOutcome, Unusable};
use crate::web::client::client_address;
use crate::web::cookies;
use crate::web::errors::WebError;
use crate::web::state::AppState;
use crate::web::views::{pages, respond as views};

use super::{html, see_other};

/// The page for a link or session that cannot be used.
fn unusable(u: &Unusable, secure: bool) -> HttpResponse {
    let (status, body) = match u {
        Unusable::Unknown => (StatusCode::NOT_FOUND, pages::link_unknown()),
        Unusable::AlreadyAnswered => (StatusCode::GONE, pages::already_answered()),
        Unusable::Declined => (StatusCode::GONE, pages::already_declined()),
        Unusable::Closed => (StatusCode::GONE, pages::round_closed()),
        Unusable::RateLimited { retry_after_secs } => {
            let secs = (*retry_after_secs).max(1);
            return HttpResponse::TooManyRequests()
                .insert_header((header::RETRY_AFTER, secs.to_string()))
                .content_type("text/html; charset=utf-8")
                .body(pages::rate_limited(secs).into_string());
        }
    };
    let mut res = html(status, body);
    // A used or closed link ends the questionnaire session too.
    let _ = res.add_cookie(&cookies::removal(secure));
    res
}

/// `GET|HEAD /r/{token}`
pub async fn open_link(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let client = client_address(&req, state.trust_proxy);
    let svc = state.svc.clone();
    let raw = path.into_inner();
    let token = InvitationToken::parse(&raw);
    let lookup = web::block(move || {
        svc.open_with_token(token.as_ref(), ClientAddress(&client))
            .map(|l| (l, token))
    })
    .await??;
    match lookup {
        (Lookup::Usable(_), Some(token)) => {
            let cookie = cookies::make(
                state.svc.key(),
                &token,
                state.svc.now().as_second(),
                state.secure_cookies,
            );
            Ok(see_other(cookies::COOKIE_PATH).cookie(cookie).finish())
        }
        (Lookup::Unusable(u), _) => Ok(unusable(&u, state.secure_cookies)),
        (Lookup::Usable(_), None) => Ok(unusable(&Unusable::Unknown, state.secure_cookies)),
    }
}

/// The token from the questionnaire cookie, or the "open your link" page.
fn session(
    req: &HttpRequest,
    state: &AppState,
) -> Result<(String, InvitationToken), Box<HttpResponse>> {
    cookies::read(req, state.svc.key(), state.svc.now().as_second())
        .ok_or_else(|| Box::new(html(StatusCode::FORBIDDEN, pages::no_session())))
}

/// `GET /vragenlijst`
pub async fn show_form(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let (cookie, token) = match session(&req, &state) {
        Ok(s) => s,
        Err(page) => return Ok(*page),
    };
    let svc = state.svc.clone();
    match web::block(move || svc.context_for(&token)).await?? {
        Lookup::Usable(ctx) => {
            let csrf = cookies::csrf_token(state.svc.key(), &cookie);
            Ok(html(StatusCode::OK, views::form(&ctx, &csrf, None)))
        }
        Lookup::Unusable(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// Splits off and checks the CSRF field; the rest are the answers.
fn check_csrf(
    state: &AppState,
    cookie: &str,
    fields: Vec<(String, String)>,
) -> Result<Vec<(String, String)>, WebError> {
    let (csrf, rest): (Vec<_>, Vec<_>) = fields.into_iter().partition(|(k, _)| k == "csrf");
    match csrf.first() {
        Some((_, v)) if cookies::csrf_valid(state.svc.key(), cookie, v) => Ok(rest),
        _ => Err(WebError::Forbidden(
            "Het formulier is verlopen of niet door Klankbord gemaakt. Open de link uit uw e-mail opnieuw; u kunt dan gewoon verder.",
        )),
    }
}

/// `POST /vragenlijst`
pub async fn submit_form(
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let (cookie, token) = match session(&req, &state) {
        Ok(s) => s,
        Err(page) => return Ok(*page),
    };
    let fields = check_csrf(&state, &cookie, form.into_inner())?;
    let svc = state.svc.clone();
    match web::block(move || svc.submit(&token, &fields)).await?? {
        SubmitOutcome::Submitted(m) => Ok(see_other(&format!("/vragenlijst/bedankt?gemeente={m}"))
            .cookie(cookies::removal(state.secure_cookies))
            .finish()),
        SubmitOutcome::Invalid(ctx, invalid) => {
            let csrf = cookies::csrf_token(state.svc.key(), &cookie);
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::form(&ctx, &csrf, Some(&invalid)),
            ))
        }
        SubmitOutcome::Unusable(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// `GET /vragenlijst/liever-gesprek`
pub async fn show_decline(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let (cookie, token) = match session(&req, &state) {
        Ok(s) => s,
        Err(page) => return Ok(*page),
    };
    let svc = state.svc.clone();
    match web::block(move || svc.context_for(&token)).await?? {
        Lookup::Usable(ctx) => Ok(html(
            StatusCode::OK,
            views::decline(&ctx, &cookies::csrf_token(state.svc.key(), &cookie)),
        )),
        Lookup::Unusable(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// `POST /vragenlijst/liever-gesprek`
pub async fn submit_decline(
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let (cookie, token) = match session(&req, &state) {
        Ok(s) => s,
        Err(page) => return Ok(*page),
    };
    check_csrf(&state, &cookie, form.into_inner())?;
    let svc = state.svc.clone();
    match web::block(move || svc.decline(&token)).await?? {
        Ok(m) => Ok(see_other(&format!("/vragenlijst/afgemeld?gemeente={m}"))
            .cookie(cookies::removal(state.secure_cookies))
            .finish()),
        Err(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// The municipality named in `?gemeente=<id>` (the header shows it), if any.
async fn municipality_of(req: &HttpRequest, state: &AppState) -> Result<Option<String>, WebError> {
    let Some(id) = req
        .query_string()
        .strip_prefix("gemeente=")
        .and_then(|id| id.parse().ok())
    else {
        return Ok(None);
    };
    let svc = state.svc.clone();
    Ok(web::block(move || svc.municipality_name(id)).await??)
}

pub async fn thanks(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let name = municipality_of(&req, &state).await?;
    Ok(html(StatusCode::OK, pages::thanks(name.as_deref())))
}

pub async fn declined(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let name = municipality_of(&req, &state).await?;
    Ok(html(StatusCode::OK, pages::declined(name.as_deref())))
}

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
use crate::web::extract::Answers;
use crate::web::state::AppState;
use crate::web::views::respond_steps::{check_page, expired, start};
use crate::web::views::{pages, respond as views};

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(super::respond_steps::configure)
        .service(web::resource("/r/{token}").route(web::get().to(open_link)))
        .service(
            web::resource("/vragenlijst")
                .route(web::get().to(show_form))
                .route(web::post().to(submit_form)),
        )
        .service(
            web::resource("/vragenlijst/liever-gesprek")
                .route(web::get().to(show_decline))
                .route(web::post().to(submit_decline)),
        )
        .service(web::resource("/vragenlijst/bedankt").route(web::get().to(thanks)))
        .service(web::resource("/vragenlijst/afgemeld").route(web::get().to(declined)));
}

/// The page for a link or session that cannot be used.
pub(super) fn unusable(u: &Unusable, secure: bool) -> HttpResponse {
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
pub(super) fn session(
    req: &HttpRequest,
    state: &AppState,
) -> Result<(String, InvitationToken), Box<HttpResponse>> {
    cookies::read(req, state.svc.key(), state.svc.now().as_second())
        .ok_or_else(|| Box::new(html(StatusCode::FORBIDDEN, pages::no_session())))
}

/// `GET /vragenlijst`: the start page, with how far the draft is.
pub async fn show_form(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let token = match session(&req, &state) {
        Ok((_, token)) => token,
        Err(page) => return Ok(*page),
    };
    match state.run(move |svc| svc.form_state(&token)).await? {
        Ok(s) => Ok(html(StatusCode::OK, start(&s.ctx, &s.draft))),
        Err(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// The answers, once their CSRF field is checked against the cookie.
fn checked(
    state: &AppState,
    cookie: &str,
    form: Answers,
) -> Result<Vec<(String, String)>, WebError> {
    if cookies::csrf_valid(state.svc.key(), cookie, &form.csrf) {
        Ok(form.fields)
    } else {
        Err(WebError::Forbidden(
            "Het formulier is verlopen of niet door Klankbord gemaakt. Open de link uit uw e-mail opnieuw; u kunt dan gewoon verder.",
        ))
    }
}

/// `POST /vragenlijst`: *Versturen* on the check page (the draft), or all
/// answers in one post (laid over the draft).
pub async fn submit_form(
    req: HttpRequest,
    form: web::Form<Answers>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let form = form.into_inner();
    let (cookie, token) = match session(&req, &state) {
        Ok(s) if cookies::csrf_valid(state.svc.key(), &s.0, &form.csrf) => s,
        // Nothing typed is lost: the answers go back to the referent.
        _ => {
            return Ok(html(
                StatusCode::FORBIDDEN,
                expired(&form.fields, None, None),
            ));
        }
    };
    let fields = form.fields;
    match state.run(move |svc| svc.submit(&token, &fields)).await? {
        SubmitOutcome::Submitted(m) => Ok(see_other(&format!("/vragenlijst/bedankt?gemeente={m}"))
            .cookie(cookies::removal(state.secure_cookies))
            .finish()),
        SubmitOutcome::Invalid(ctx, invalid) => {
            let csrf = cookies::csrf_token(state.svc.key(), &cookie);
            let values = invalid
                .values
                .iter()
                .map(|(k, v)| (k, v.to_owned()))
                .collect();
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                check_page(&ctx, &values, &invalid.errors, &csrf),
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
    form: web::Form<Answers>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, WebError> {
    let (cookie, token) = match session(&req, &state) {
        Ok(s) => s,
        Err(page) => return Ok(*page),
    };
    checked(&state, &cookie, form.into_inner())?;
    match state.run(move |svc| svc.decline(&token)).await? {
        Ok(m) => Ok(see_other(&format!("/vragenlijst/afgemeld?gemeente={m}"))
            .cookie(cookies::removal(state.secure_cookies))
            .finish()),
        Err(u) => Ok(unusable(&u, state.secure_cookies)),
    }
}

/// `?gemeente=<id>`: whose header the page shows (a malformed id is ignored).
#[derive(serde::Deserialize)]
pub struct Municipality {
    #[serde(default, deserialize_with = "lenient")]
    gemeente: Option<crate::domain::ids::MunicipalityId>,
}

fn lenient<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::domain::ids::MunicipalityId>, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
    Ok(text.parse().ok())
}

/// The name of the municipality named in the address, if any.
async fn municipality_name(
    state: &AppState,
    query: Result<web::Query<Municipality>, actix_web::Error>,
) -> Result<Option<String>, WebError> {
    match query.ok().and_then(|q| q.gemeente) {
        None => Ok(None),
        Some(id) => state.run(move |svc| svc.municipality_name(id)).await,
    }
}

/// `GET /vragenlijst/bedankt`
pub async fn thanks(
    state: web::Data<AppState>,
    query: Result<web::Query<Municipality>, actix_web::Error>,
) -> Result<HttpResponse, WebError> {
    let name = municipality_name(&state, query).await?;
    Ok(html(StatusCode::OK, pages::thanks(name.as_deref())))
}

/// `GET /vragenlijst/afgemeld`
pub async fn declined(
    state: web::Data<AppState>,
    query: Result<web::Query<Municipality>, actix_web::Error>,
) -> Result<HttpResponse, WebError> {
    let name = municipality_name(&state, query).await?;
    Ok(html(StatusCode::OK, pages::declined(name.as_deref())))
}

//! Sign-in through the municipality's identity provider (OpenID Connect):
//! leaving for the provider (`/aanmelden/via/{municipality}`), coming back
//! (`/aanmelden/oidc/terug`), completing a mailed link invitation
//! (`/aanmelden/koppelen/{token}`), and the griffier's page that sends those
//! invitations (`/mijn/gemeenten/{municipality}/inlogdienst`), and the
//! confirmation at the provider before signing a verslag
//! (`/mijn/rondes/{round}/verslag/ondertekenen/inlogdienst`).

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::{MunicipalityId, RoundId, StaffId};
use crate::service::oidc_sign_in::{OidcOutcome, OidcRefusal, OidcStart, PENDING_VALID_SECS};
use crate::web::errors::WebError;
use crate::web::extract::{Button, Flash, Staff, StaffForm};
use crate::web::staff_session;
use crate::web::state::AppState;
use crate::web::views::identity_provider as views;
use crate::web::views::notice::Notice;

use super::{html, see_other};

/// The cookie that carries the sealed journey to the provider and back.
const JOURNEY_COOKIE: &str = "klankbord_oidc";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/aanmelden/via/{municipality}").route(web::get().to(leave)))
        .service(web::resource("/aanmelden/oidc/terug").route(web::get().to(back)))
        .service(
            web::resource("/aanmelden/koppelen/{token}")
                .route(web::get().to(invitation_page))
                .route(web::post().to(complete_invitation)),
        )
        .service(
            web::resource("/mijn/gemeenten/{municipality}/inlogdienst").route(web::get().to(show)),
        )
        .service(
            web::resource("/mijn/gemeenten/{municipality}/inlogdienst/{person}/uitnodigen")
                .route(web::post().to(invite)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/ondertekenen/inlogdienst")
                .route(web::post().to(confirm)),
        );
}

fn journey_cookie(value: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(JOURNEY_COOKIE, value.to_owned())
        .path("/aanmelden")
        .http_only(true)
        .secure(secure)
        // Lax: the cookie comes along on the provider's top-level redirect back.
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::seconds(
            PENDING_VALID_SECS,
        ))
        .finish()
}

fn to_provider(start: OidcStart, secure: bool) -> HttpResponse {
    see_other(&start.redirect)
        .cookie(journey_cookie(&start.cookie, secure))
        .finish()
}

/// After a button (a form's POST): a page that goes on to the provider,
/// since browsers refuse a redirect to another site under the CSP's
/// `form-action 'self'`.
fn to_provider_from_form(start: OidcStart, secure: bool) -> Result<HttpResponse, WebError> {
    let mut res = html(StatusCode::OK, views::leaving_for_provider(&start.redirect));
    res.add_cookie(&journey_cookie(&start.cookie, secure))
        .map_err(|_| WebError::Blocking)?;
    Ok(res)
}

/// `GET /aanmelden/via/{municipality}`: off to the municipality's provider.
pub async fn leave(
    state: web::Data<AppState>,
    municipality: web::Path<MunicipalityId>,
) -> Result<HttpResponse, WebError> {
    let m = *municipality;
    match state
        .run(move |svc| svc.start_oidc_sign_in(m, None))
        .await?
    {
        Some(start) => Ok(to_provider(start, state.secure_cookies)),
        None => Err(WebError::NotFound(
            "Deze gemeente heeft geen eigen inlogdienst. Meld u aan met een link per e-mail.",
        )),
    }
}

#[derive(Deserialize)]
pub struct Back {
    #[serde(default)]
    state: String,
    #[serde(default)]
    code: String,
}

/// `GET /aanmelden/oidc/terug?state=…&code=…` (or `error=…` when the
/// provider said no: no code, refused the same way).
pub async fn back(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<Back>,
) -> Result<HttpResponse, WebError> {
    let cookie = req.cookie(JOURNEY_COOKIE).map(|c| c.value().to_owned());
    let session = staff_session::raw(&req, state.secure_cookies);
    let Back { state: st, code } = query.into_inner();
    let outcome = if code.is_empty() {
        OidcOutcome::Refused(OidcRefusal::NotVerified)
    } else {
        state
            .run(move |svc| {
                svc.finish_oidc_sign_in(cookie.as_deref(), session.as_deref(), &st, &code)
            })
            .await?
    };
    let secure = state.secure_cookies;
    let mut gone = journey_cookie("", secure);
    gone.make_removal();
    Ok(match outcome {
        OidcOutcome::SignedIn(raw) => see_other("/mijn")
            .cookie(gone)
            .cookie(staff_session::make(raw.expose(), secure))
            .finish(),
        OidcOutcome::SecondFactor(raw) => see_other("/aanmelden/tweede-stap")
            .cookie(gone)
            .cookie(staff_session::make(raw.expose(), secure))
            .finish(),
        OidcOutcome::Confirmed(round) => {
            see_other(&format!("/mijn/rondes/{round}/verslag/ondertekenen"))
                .cookie(gone)
                .finish()
        }
        OidcOutcome::Refused(why) => {
            let (status, page) = match why {
                OidcRefusal::Expired => (StatusCode::BAD_REQUEST, views::expired()),
                OidcRefusal::NotVerified => (StatusCode::FORBIDDEN, views::not_verified()),
                OidcRefusal::UnknownPerson => (StatusCode::FORBIDDEN, views::unknown_person()),
                OidcRefusal::LinkRefused => (StatusCode::CONFLICT, views::link_refused()),
                OidcRefusal::ConfirmationRefused => {
                    (StatusCode::FORBIDDEN, views::confirmation_refused())
                }
            };
            let mut res = html(status, page);
            res.add_cookie(&gone).map_err(|_| WebError::Blocking)?;
            res
        }
    })
}

fn plausible_token(token: &str) -> bool {
    token.len() == crate::security::secret::RANDOM_CHARS
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn not_an_invitation() -> HttpResponse {
    html(StatusCode::NOT_FOUND, views::link_invitation_invalid())
}

/// `GET /aanmelden/koppelen/{token}`: a button (opening changes nothing).
pub async fn invitation_page(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let token = path.into_inner();
    if !plausible_token(&token) {
        return Ok(not_an_invitation());
    }
    let t = token.clone();
    Ok(
        match state.run(move |svc| svc.link_invitation_works(&t)).await? {
            Some(_) => html(StatusCode::OK, views::link_invitation(&token)),
            None => html(StatusCode::GONE, views::link_invitation_invalid()),
        },
    )
}

/// `POST /aanmelden/koppelen/{token}`: off to the provider to link.
pub async fn complete_invitation(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let token = path.into_inner();
    if !plausible_token(&token) {
        return Ok(not_an_invitation());
    }
    let start = state
        .run(move |svc| {
            let Some(m) = svc.link_invitation_works(&token)? else {
                return Ok(None);
            };
            svc.start_oidc_sign_in(m, Some(&token))
        })
        .await?;
    match start {
        Some(start) => to_provider_from_form(start, state.secure_cookies),
        None => Ok(html(StatusCode::GONE, views::link_invitation_invalid())),
    }
}

/// `GET /mijn/gemeenten/{municipality}/inlogdienst` (griffier).
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let (m, person) = (*municipality, staff.person());
    let page = state
        .run(move |svc| svc.identity_provider_page(person, m))
        .await?;
    Ok(html(
        StatusCode::OK,
        views::provider_page(&staff.nav(), m, &page, &staff.csrf, flash.text()),
    ))
}

/// `POST …/inlogdienst/{person}/uitnodigen`: mails a link invitation.
pub async fn invite(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(MunicipalityId, StaffId)>,
    _: StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (m, who) = path.into_inner();
    let person = staff.person();
    state
        .run(move |svc| svc.invite_identity_link(person, m, who))
        .await?;
    Ok(
        see_other(&Notice::IdentityLinkInvited.on(&format!("/mijn/gemeenten/{m}/inlogdienst")))
            .finish(),
    )
}

/// `POST /mijn/rondes/{round}/verslag/ondertekenen/inlogdienst`: before
/// signing, off to the provider to sign in anew with a second factor.
pub async fn confirm(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    _: StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let round = *round;
    let session = staff.session.clone();
    match state
        .run(move |svc| svc.start_oidc_confirmation(&session, round))
        .await?
    {
        Some(start) => to_provider_from_form(start, state.secure_cookies),
        None => Err(WebError::NotFound(
            "U kunt niet bevestigen via de inlogdienst van de gemeente: uw account is daar niet gekoppeld. Onderteken met de code uit uw authenticator-app.",
        )),
    }
}

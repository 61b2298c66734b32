//! The griffier's round page and actions: invite, remind, close.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::round::amsterdam;
use crate::domain::staff::Role;
use crate::service::ServiceError;
use crate::web::errors::WebError;
use crate::web::staff_session::check_csrf;
use crate::web::startup::AppState;
use crate::web::views::clerk::{ClerkRound, round_page};

use super::staff::{for_round, not_found};
use super::{html, see_other};

const ONLY_CLERK: &str = "Alleen de griffier beheert een ronde.";

pub async fn round(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, info, roles) = match for_round(&req, &state, &path).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    if !roles.contains(&Role::Clerk) {
        return Err(WebError::Forbidden(ONLY_CLERK));
    }
    let svc = state.svc.clone();
    let id = info.id;
    let (progress, raters, mail) = web::block(move || {
        Ok::<_, ServiceError>((
            svc.progress(id)?,
            svc.rater_statuses(id)?,
            svc.mail_counts(id)?,
        ))
    })
    .await??;
    let notice = req
        .query_string()
        .split('&')
        .find_map(|kv| kv.strip_prefix("gedaan="))
        .and_then(|what| match what {
            "uitnodigen" => Some("De uitnodigingen staan klaar en worden nu verstuurd."),
            "herinneren" => {
                Some("De herinneringen worden nu verstuurd, alleen aan wie nog niet reageerde.")
            }
            "sluiten" => Some("De vragenlijst is gesloten en de uitkomsten zijn berekend."),
            _ => None,
        });
    Ok(html(
        StatusCode::OK,
        round_page(&ClerkRound {
            info: &info,
            today: state.svc.now().to_zoned(amsterdam()).date(),
            progress: &progress,
            raters: &raters,
            mail: &mail,
            csrf: &state.svc.staff_csrf(&session),
            notice,
        }),
    ))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn act(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    let (round, what) = path.into_inner();
    let (session, info, roles) = match for_round(&req, &state, &round).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    if !matches!(what.as_str(), "uitnodigen" | "herinneren" | "sluiten") {
        return Err(not_found());
    }
    if !roles.contains(&Role::Clerk) {
        return Err(WebError::Forbidden(ONLY_CLERK));
    }
    check_csrf(&state, &session, &form.csrf)?;
    let svc = state.svc.clone();
    let (id, person, municipality) = (info.id, session.staff, info.municipality_id);
    let label = what.clone();
    web::block(move || {
        let (action, detail) = match label.as_str() {
            "uitnodigen" => (
                "uitnodigingen verstuurd",
                format!("{} nieuw", svc.send_invitations(id)?),
            ),
            "herinneren" => (
                "herinneringen verstuurd",
                format!("{}", svc.send_reminders(id)?),
            ),
            _ => ("ronde gesloten", {
                svc.close_round(id)?;
                info.kind.label().to_owned()
            }),
        };
        svc.audit(municipality, Some(person), action, &detail)
    })
    .await??;
    Ok(see_other(&format!("/mijn/rondes/{id}?gedaan={what}")).finish())
}

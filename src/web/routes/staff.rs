//! Pages behind staff sign-in: the start page and reading results.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::staff::{ResultsAccess, Role};
use crate::results::csv::{Separator, to_csv};
use crate::service::ServiceError;
use crate::service::round_info::RoundInfo;
use crate::service::signin::StaffSession;
use crate::service::staff::ReadableResults;
use crate::web::errors::WebError;
use crate::web::staff_session;
use crate::web::state::AppState;
use crate::web::views::dashboard::{council_summary, dashboard};
use crate::web::views::staff as views;

use super::html;

pub async fn home(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let session = staff_session::signed_in(&req, &state).await?;
    let svc = state.svc.clone();
    let person = session.staff;
    let (memberships, rounds) = web::block(move || {
        Ok::<_, ServiceError>((svc.memberships(person)?, svc.staff_rounds(person)?))
    })
    .await??;
    let csrf = state.svc.staff_csrf(&session);
    Ok(html(
        StatusCode::OK,
        views::home(&session, &memberships, &rounds, &csrf),
    ))
}

pub(crate) fn not_found() -> WebError {
    WebError::Service(ServiceError::NotFound("Deze ronde bestaat niet.".into()))
}

/// A signed-in person with a role in the municipality of a round: the
/// session, the round and the roles; otherwise the response to give
/// (sign-in, or 404 for a round of another municipality).
pub(crate) async fn for_round(
    req: &HttpRequest,
    state: &AppState,
    round: &str,
) -> Result<(StaffSession, RoundInfo, Vec<Role>), WebError> {
    let (session, round) = staff_session::active_for_round(req, state, round).await?;
    let svc = state.svc.clone();
    let person = session.staff;
    let (info, roles) = match web::block(move || svc.roles_for_round(person, round)).await? {
        Ok(found) => found,
        Err(ServiceError::NotFound(_)) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    // Nothing of another municipality is visible, not even that the round exists.
    if roles.is_empty() {
        return Err(not_found());
    }
    Ok((session, info, roles))
}

/// A municipality's audit log, for its griffier (404 for anyone else).
pub async fn audit_log(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let session = staff_session::signed_in(&req, &state).await?;
    let municipality: crate::domain::ids::MunicipalityId = path.parse().map_err(|_| not_found())?;
    let svc = state.svc.clone();
    let person = session.staff;
    let (lines, name) = web::block(move || {
        let lines = svc.audit_log(person, municipality)?;
        let name = svc
            .memberships(person)?
            .into_iter()
            .find(|m| m.municipality == municipality)
            .map(|m| m.municipality_name)
            .unwrap_or_default();
        Ok::<_, ServiceError>((lines, name))
    })
    .await??;
    Ok(html(StatusCode::OK, views::audit_log(&name, &lines)))
}

/// The results of a round as the person's roles allow, and the CSV export.
pub async fn results(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (round, what) = path.into_inner();
    let csv = match what.as_str() {
        "uitkomsten" => false,
        "uitkomsten.csv" => true,
        _ => return Err(not_found()),
    };
    let (session, round) = staff_session::active_for_round(&req, &state, &round).await?;
    let svc = state.svc.clone();
    let person = session.staff;
    let ReadableResults { info, view, access } =
        web::block(move || svc.read_results(person, round, csv)).await??;
    if csv {
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"klankbord-uitkomsten.csv\"",
            ))
            .body(to_csv(&view, Separator::Semicolon)));
    }
    Ok(html(
        StatusCode::OK,
        match access {
            ResultsAccess::Full => dashboard(&info, &view),
            _ => council_summary(&info, &view),
        },
    ))
}

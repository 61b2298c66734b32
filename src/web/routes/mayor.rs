//! The burgemeester's screens: who sees the results, and the self-assessment.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::sharing::SharingMode;
use crate::service::ServiceError;
use crate::service::round_info::RoundInfo;
use crate::service::self_assessment::SelfOutcome;
use crate::service::signin::StaffSession;
use crate::web::errors::WebError;
use crate::web::staff_session::{self, check_csrf};
use crate::web::state::AppState;
use crate::web::views::mayor as views;

use super::staff::for_round;
use super::{html, see_other};

/// The session and the round, if the service lets the person choose its
/// sharing mode (404 for another municipality, 403 for another role).
async fn sharing_choice(
    req: &HttpRequest,
    state: &AppState,
    round: &str,
) -> Result<(StaffSession, RoundInfo), WebError> {
    let (session, round) = staff_session::active_for_round(req, state, round).await?;
    let (svc, person) = (state.svc.clone(), session.staff);
    let info = web::block(move || svc.sharing_choice(person, round)).await??;
    Ok((session, info))
}

pub async fn sharing(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, info) = sharing_choice(&req, &state, &path).await?;
    Ok(html(
        StatusCode::OK,
        views::sharing(&info, &state.svc.staff_csrf(&session), None),
    ))
}

pub async fn sharing_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (session, info) = sharing_choice(&req, &state, &path).await?;
    let field = |name: &str| super::field(&form, name);
    check_csrf(&state, &session, &field("csrf"))?;
    let csrf = state.svc.staff_csrf(&session);
    let Ok(mode) = SharingMode::parse(&field("deelmodus")) else {
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::sharing(&info, &csrf, Some("Kies wie de uitkomsten ziet.")),
        ));
    };
    let svc = state.svc.clone();
    let (round, person) = (info.id, session.staff);
    match web::block(move || svc.choose_sharing_mode(person, round, mode)).await? {
        Ok(()) => Ok(see_other("/mijn").finish()),
        Err(ServiceError::Conflict(why)) => Ok(html(
            StatusCode::CONFLICT,
            views::sharing(&info, &csrf, Some(&why)),
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn self_assessment(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, info, _) = for_round(&req, &state, &path).await?;
    let svc = state.svc.clone();
    let (round, person) = (info.id, session.staff);
    let q = web::block(move || svc.self_questionnaire(person, round)).await??;
    Ok(html(
        StatusCode::OK,
        views::self_assessment(&info, &q, &state.svc.staff_csrf(&session), None),
    ))
}

pub async fn self_assessment_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (session, info, _) = for_round(&req, &state, &path).await?;
    let fields = form.into_inner();
    let csrf = super::field(&fields, "csrf");
    check_csrf(&state, &session, &csrf)?;
    let svc = state.svc.clone();
    let round = info.id;
    let person = session.staff;
    let outcome = web::block(move || svc.submit_self_assessment(person, round, &fields)).await??;
    match outcome {
        SelfOutcome::Saved => Ok(see_other("/mijn").finish()),
        SelfOutcome::Invalid(invalid) => {
            let svc = state.svc.clone();
            let q = web::block(move || svc.self_questionnaire(person, round)).await??;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::self_assessment(&info, &q, &state.svc.staff_csrf(&session), Some(&invalid)),
            ))
        }
    }
}

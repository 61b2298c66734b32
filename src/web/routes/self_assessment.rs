//! `/mijn/rondes/{round}/zelfevaluatie`: the burgemeester's own answers to
//! the statements the referenten get.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::ids::RoundId;
use crate::service::self_assessment::SelfOutcome;
use crate::web::errors::WebError;
use crate::web::extract::{Answers, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::mayor as views;

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/zelfevaluatie")
            .route(web::get().to(show))
            .route(web::post().to(submit)),
    );
}

/// `GET …/zelfevaluatie`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let (info, q) = state
        .run(move |svc| svc.self_assessment_page(person, round))
        .await?;
    Ok(html(
        StatusCode::OK,
        views::self_assessment(&staff.nav(), &info, &q, &staff.csrf, None),
    ))
}

/// `POST …/zelfevaluatie`
pub async fn submit(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(answers): StaffForm<Answers>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let outcome = state
        .run(move |svc| svc.submit_self_assessment(person, round, &answers.fields))
        .await?;
    match outcome {
        SelfOutcome::Saved => Ok(see_other("/mijn").finish()),
        SelfOutcome::Invalid(invalid) => {
            let (info, q) = state
                .run(move |svc| svc.self_assessment_page(person, round))
                .await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::self_assessment(&staff.nav(), &info, &q, &staff.csrf, Some(&invalid)),
            ))
        }
    }
}

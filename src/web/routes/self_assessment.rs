//! `/mijn/rondes/{round}/zelfevaluatie`: the burgemeester's own answers to
//! the statements the referenten get. After sending: a confirmation with
//! the answers just sent; a later visit: the confirmation (the answers are
//! sealed like the referenten's until the round closes), never the empty
//! form again.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::answers::parse_submission;
use crate::domain::ids::RoundId;
use crate::service::ServiceError;
use crate::service::self_assessment::SelfOutcome;
use crate::web::errors::WebError;
use crate::web::extract::{Answers, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::mayor::{self as views, SelfDone};

use super::html;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/zelfevaluatie")
            .route(web::get().to(show))
            .route(web::post().to(submit)),
    );
}

/// `GET …/zelfevaluatie`: the form, or the confirmation once sent.
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let page = state
        .run(move |svc| svc.self_assessment_page(person, round))
        .await?;
    Ok(html(
        StatusCode::OK,
        if page.done || !page.open {
            views::self_assessment_done(&staff.nav(), &page, &SelfDone::Revisit)
        } else {
            views::self_assessment(
                &staff.nav(),
                &page.info,
                &page.questionnaire,
                &staff.csrf,
                None,
            )
        },
    ))
}

/// `POST …/zelfevaluatie`: stores it once; then the confirmation with the
/// answers just sent. A second send or a closed round: the confirmation
/// page with the reason (409), with its way back.
pub async fn submit(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(answers): StaffForm<Answers>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let fields = answers.fields;
    let sent = fields.clone();
    let outcome = state
        .run(move |svc| Ok(svc.submit_self_assessment(person, round, &sent)))
        .await?;
    let page = state
        .run(move |svc| svc.self_assessment_page(person, round))
        .await?;
    match outcome {
        Ok(SelfOutcome::Saved) => {
            // The answers were valid, so they parse again: shown back once.
            let submission = parse_submission(&page.questionnaire, &fields).ok();
            Ok(html(
                StatusCode::OK,
                views::self_assessment_done(
                    &staff.nav(),
                    &page,
                    &SelfDone::JustSent(submission.as_ref()),
                ),
            ))
        }
        Ok(SelfOutcome::Invalid(invalid)) => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::self_assessment(
                &staff.nav(),
                &page.info,
                &page.questionnaire,
                &staff.csrf,
                Some(&invalid),
            ),
        )),
        Err(ServiceError::Conflict(why)) => Ok(html(
            StatusCode::CONFLICT,
            views::self_assessment_done(&staff.nav(), &page, &SelfDone::Refused(&why)),
        )),
        Err(e) => Err(e.into()),
    }
}

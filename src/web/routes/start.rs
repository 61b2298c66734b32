//! `/mijn`: the start page of everyone signed in — their rounds with the
//! next step, and what their roles let them do; and the griffier's list of
//! all rounds of the municipality.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::ids::MunicipalityId;
use crate::domain::round::{RoundState, amsterdam};
use crate::service::round_info::RoundInfo;
use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::staff as views;

use super::html;

/// `GET /mijn`
pub async fn show(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let (rounds, verslagen) = state
        .run(move |svc| {
            let rounds = svc.staff_rounds(person)?;
            let today = svc.now().to_zoned(amsterdam()).date();
            // The verslag's state once the questionnaire closed or the
            // meeting day came (a round may skip the questionnaire).
            let after = |i: &RoundInfo| i.state == RoundState::Closed || today >= i.meeting_on;
            let past: Vec<_> = rounds
                .iter()
                .filter(|(i, _)| after(i))
                .map(|(i, _)| i.id)
                .collect();
            let verslagen = svc.verslag_statuses(person, &past)?;
            Ok((rounds, verslagen))
        })
        .await?;
    let today = state.svc.now().to_zoned(amsterdam()).date();
    Ok(html(
        StatusCode::OK,
        views::home(&staff.nav(), &rounds, &verslagen, today),
    ))
}

/// `GET /mijn/gemeenten/{municipality}/rondes`: for its griffier.
pub async fn municipality_rounds(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
) -> Result<HttpResponse, WebError> {
    let (municipality, person) = (*municipality, staff.person());
    let (name, rounds) = state
        .run(move |svc| svc.municipality_rounds(person, municipality))
        .await?;
    Ok(html(
        StatusCode::OK,
        views::municipality_rounds(&staff.nav(), municipality, &name, &rounds),
    ))
}

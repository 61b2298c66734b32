//! `/mijn`: the start page of everyone signed in — their rounds with the
//! next step, and what their roles let them do; and the griffier's list of
//! all rounds of the municipality.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::ids::MunicipalityId;
use crate::domain::round::amsterdam;
use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::staff as views;

use super::html;

/// `GET /mijn`
pub async fn show(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let rounds = state.run(move |svc| svc.staff_rounds(person)).await?;
    let today = state.svc.now().to_zoned(amsterdam()).date();
    Ok(html(
        StatusCode::OK,
        views::home(&staff.nav(), &rounds, today),
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

//! `/mijn/rondes/{round}/deelmodus`: the burgemeester chooses who sees the
//! results of the round.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::RoundId;
use crate::domain::sharing::SharingMode;
use crate::service::ServiceError;
use crate::web::errors::WebError;
use crate::web::extract::{Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::mayor as views;

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/deelmodus")
            .route(web::get().to(show))
            .route(web::post().to(choose)),
    );
}

#[derive(Deserialize)]
pub struct SharingForm {
    #[serde(default)]
    deelmodus: String,
}

/// `GET …/deelmodus`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let info = state
        .run(move |svc| svc.sharing_choice(person, round))
        .await?;
    Ok(html(
        StatusCode::OK,
        views::sharing(&staff.nav(), &info, &staff.csrf, None),
    ))
}

/// `POST …/deelmodus`
pub async fn choose(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<SharingForm>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let (status, why) = match SharingMode::parse(&form.deelmodus) {
        Err(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "Kies wie de uitkomsten ziet.".to_owned(),
        ),
        Ok(mode) => {
            let chosen = state
                .run(move |svc| Ok(svc.choose_sharing_mode(person, round, mode)))
                .await?;
            match chosen {
                Ok(()) => return Ok(see_other("/mijn").finish()),
                Err(ServiceError::Conflict(why)) => (StatusCode::CONFLICT, why),
                Err(e) => return Err(e.into()),
            }
        }
    };
    let info = state
        .run(move |svc| svc.sharing_choice(person, round))
        .await?;
    Ok(html(
        status,
        views::sharing(&staff.nav(), &info, &staff.csrf, Some(&why)),
    ))
}

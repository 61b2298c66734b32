//! A vastgesteld verslag to the commissaris van de Koning: the griffier
//! sends it from the round (`GET` asks first, `POST` sends), and the
//! kabinet reads it on `/mijn/provincies/{province}/verslagen/{round}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::ids::{ProvinceId, RoundId};
use crate::web::errors::WebError;
use crate::web::extract::{Button, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::cdk_deliveries::{kabinet_verslag, send_confirmation};
use crate::web::views::notice::Notice;

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/verslag-naar-cdk")
            .route(web::get().to(confirm))
            .route(web::post().to(send)),
    )
    .service(
        web::resource("/mijn/provincies/{province}/verslagen/{round}").route(web::get().to(read)),
    );
}

/// `GET /mijn/rondes/{round}/verslag-naar-cdk`: names the province.
pub async fn confirm(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let check = state
        .run(move |svc| svc.cdk_send_check(person, round))
        .await?;
    Ok(html(
        StatusCode::OK,
        send_confirmation(&staff.nav(), &check, &staff.csrf),
    ))
}

/// `POST /mijn/rondes/{round}/verslag-naar-cdk`
pub async fn send(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    state
        .run(move |svc| svc.send_verslag_to_cdk(person, round))
        .await?;
    Ok(see_other(&Notice::VerslagSentToCdk.on(&format!("/mijn/rondes/{round}"))).finish())
}

/// `GET /mijn/provincies/{province}/verslagen/{round}`: the kabinet reads it.
pub async fn read(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(ProvinceId, RoundId)>,
) -> Result<HttpResponse, WebError> {
    let ((province, round), person) = (*path, staff.person());
    let verslag = state
        .run(move |svc| svc.kabinet_verslag(person, province, round))
        .await?;
    Ok(html(
        StatusCode::OK,
        kabinet_verslag(&staff.nav(), &verslag),
    ))
}

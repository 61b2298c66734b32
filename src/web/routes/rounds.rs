//! `/mijn/rondes/{round}`: the griffier's page of a round, and its actions
//! (invite, remind, close), one route each.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::ids::RoundId;
use crate::domain::round::amsterdam;
use crate::service::clerk::ClerkAction;
use crate::web::errors::WebError;
use crate::web::extract::{Button, Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::clerk::{ClerkRound, round_page};
use crate::web::views::notice::Notice;

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}").route(web::get().to(show)))
        .service(web::resource("/mijn/rondes/{round}/uitnodigen").route(web::post().to(invite)))
        .service(web::resource("/mijn/rondes/{round}/herinneren").route(web::post().to(remind)))
        .service(web::resource("/mijn/rondes/{round}/sluiten").route(web::post().to(close)));
}

/// `GET /mijn/rondes/{round}`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let view = state.run(move |svc| svc.clerk_round(person, round)).await?;
    Ok(html(
        StatusCode::OK,
        round_page(&ClerkRound {
            nav: &staff.nav(),
            info: &view.info,
            today: state.svc.now().to_zoned(amsterdam()).date(),
            progress: &view.progress,
            raters: &view.raters,
            mail: &view.mail,
            csrf: &staff.csrf,
            notice: flash.text(),
            previous: view.previous.as_ref(),
        }),
    ))
}

/// `POST …/uitnodigen`: the invitations not sent yet (opens the round).
pub async fn invite(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    _: StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    act(
        &state,
        &staff,
        *round,
        ClerkAction::Invite,
        Notice::InvitationsSent,
    )
    .await
}

/// `POST …/herinneren`: to those who did not react.
pub async fn remind(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    _: StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    act(
        &state,
        &staff,
        *round,
        ClerkAction::Remind,
        Notice::RemindersSent,
    )
    .await
}

/// `POST …/sluiten`: closes the questionnaire now and publishes.
pub async fn close(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    _: StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    act(
        &state,
        &staff,
        *round,
        ClerkAction::Close,
        Notice::RoundClosed,
    )
    .await
}

async fn act(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    action: ClerkAction,
    notice: Notice,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    state
        .run(move |svc| svc.clerk_action(person, round, action))
        .await?;
    Ok(see_other(&notice.on(&format!("/mijn/rondes/{round}"))).finish())
}

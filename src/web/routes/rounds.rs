//! `/mijn/rondes/{round}`: the griffier's page of a round, and its actions
//! (invite, remind, close), one route each. `GET` on an action shows its
//! confirmation page (what will happen); `POST` acts, unless the action may
//! surprise (see `service::clerk`) and the form did not carry `bevestigen`:
//! then it goes to the confirmation page instead.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::RoundId;
use crate::domain::round::amsterdam;
use crate::service::clerk::{ActionOutcome, ClerkAction, Confirmation};
use crate::service::invitations::ReminderScope;
use crate::web::errors::WebError;
use crate::web::extract::{Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::clerk::{ClerkRound, round_page};
use crate::web::views::confirm::confirmation_page;
use crate::web::views::notice::Notice;

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}").route(web::get().to(show)))
        .service(
            web::resource("/mijn/rondes/{round}/uitnodigen")
                .app_data(web::Data::new(ClerkAction::Invite))
                .route(web::get().to(confirm))
                .route(web::post().to(act)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/herinneren")
                .app_data(web::Data::new(ClerkAction::Remind))
                .route(web::get().to(confirm))
                .route(web::post().to(act)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/sluiten")
                .app_data(web::Data::new(ClerkAction::Close))
                .route(web::get().to(confirm))
                .route(web::post().to(act)),
        );
}

/// `GET /mijn/rondes/{round}`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let (view, cdk, verslag, retention) = state
        .run(move |svc| {
            Ok((
                svc.clerk_round(person, round)?,
                svc.cdk_status(person, round)?,
                svc.verslag_status(person, round)?,
                svc.round_retention(person, round)?,
            ))
        })
        .await?;
    let now = state.svc.now();
    Ok(html(
        StatusCode::OK,
        round_page(&ClerkRound {
            nav: &staff.nav(),
            info: &view.info,
            now,
            today: now.to_zoned(amsterdam()).date(),
            progress: &view.progress,
            raters: &view.raters,
            mail: &view.mail,
            csrf: &staff.csrf,
            notice: flash.text(),
            previous: view.previous.as_ref(),
            cdk: &cdk,
            verslag: verslag.as_ref(),
            retention: &retention,
        }),
    ))
}

/// `GET …/uitnodigen`, `…/herinneren`, `…/sluiten`: what the action will
/// do, and the button that does it.
pub async fn confirm(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    action: web::Data<ClerkAction>,
) -> Result<HttpResponse, WebError> {
    let (round, person, action) = (*round, staff.person(), **action);
    let (info, check) = state
        .run(move |svc| svc.action_check(person, round, action))
        .await?;
    Ok(html(
        StatusCode::OK,
        confirmation_page(&staff.nav(), &info, &check, &staff.csrf),
    ))
}

/// The button of the round page or of the confirmation page.
#[derive(Deserialize)]
pub struct ActionForm {
    /// Present when sent from the confirmation page.
    #[serde(default)]
    bevestigen: Option<String>,
    /// Reminders: `iedereen` or `anderen` (not those invited less than a
    /// day ago).
    #[serde(default)]
    wie: Option<String>,
}

/// `POST …/uitnodigen`, `…/herinneren`, `…/sluiten`
pub async fn act(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    action: web::Data<ClerkAction>,
    StaffForm(form): StaffForm<ActionForm>,
) -> Result<HttpResponse, WebError> {
    let (round, person, action) = (*round, staff.person(), **action);
    let confirmation = Confirmation {
        given: form.bevestigen.is_some(),
        reminders: match form.wie.as_deref() {
            Some("anderen") => ReminderScope::NotRecentlyInvited,
            _ => ReminderScope::All,
        },
    };
    let outcome = state
        .run(move |svc| svc.clerk_action(person, round, action, confirmation))
        .await?;
    let base = format!("/mijn/rondes/{round}");
    Ok(match outcome {
        ActionOutcome::NeedsConfirmation => see_other(&format!("{base}/{}", segment(action))),
        ActionOutcome::Done(_) => see_other(&notice(action).on(&base)),
    }
    .finish())
}

fn segment(action: ClerkAction) -> &'static str {
    match action {
        ClerkAction::Invite => "uitnodigen",
        ClerkAction::Remind => "herinneren",
        ClerkAction::Close => "sluiten",
    }
}

fn notice(action: ClerkAction) -> Notice {
    match action {
        ClerkAction::Invite => Notice::InvitationsSent,
        ClerkAction::Remind => Notice::RemindersSent,
        ClerkAction::Close => Notice::RoundClosed,
    }
}

//! `/mijn/rondes/{round}/referenten/{invitation}/opnieuw-versturen`: one
//! referent's failed mail sent again. `GET` asks first, `POST` does it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::ids::RoundId;
use crate::web::errors::WebError;
use crate::web::extract::{Button, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::mail_resend::resend_page;
use crate::web::views::notice::Notice;

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/referenten/{invitation}/opnieuw-versturen")
            .route(web::get().to(confirm))
            .route(web::post().to(resend)),
    );
}

/// `GET …/opnieuw-versturen`: which mail, to whom.
pub async fn confirm(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, String)>,
) -> Result<HttpResponse, WebError> {
    let (round, invitation) = path.into_inner();
    let person = staff.person();
    let shown = invitation.clone();
    let (info, failed) = state
        .run(move |svc| svc.failed_mail(person, round, &invitation))
        .await?;
    Ok(html(
        StatusCode::OK,
        resend_page(&staff.nav(), &info, &shown, failed.as_ref(), &staff.csrf),
    ))
}

/// `POST …/opnieuw-versturen`
pub async fn resend(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, String)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, invitation) = path.into_inner();
    let person = staff.person();
    state
        .run(move |svc| svc.resend_failed_mail(person, round, &invitation))
        .await?;
    Ok(see_other(&Notice::MailResent.on(&format!("/mijn/rondes/{round}"))).finish())
}

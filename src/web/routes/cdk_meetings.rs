//! `/mijn/provincies/{province}/voortgangsgesprekken`: the kabinet records
//! the CdK's voortgangsgesprekken, and removes one after a confirmation.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::{CdkMeetingId, ProvinceId};
use crate::service::meeting::Edit;
use crate::service::provinces::CdkMeetingForm;
use crate::web::errors::WebError;
use crate::web::extract::{Button, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::notice::Notice;
use crate::web::views::provinces::remove_meeting_page;

use super::provinces::kabinet_view;
use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/provincies/{province}/voortgangsgesprekken")
            .route(web::post().to(record)),
    )
    .service(
        web::resource("/mijn/provincies/{province}/voortgangsgesprekken/{cdk_meeting}/verwijderen")
            .route(web::get().to(confirm_remove))
            .route(web::post().to(remove)),
    );
}

/// A voortgangsgesprek as typed.
#[derive(Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    burgemeester: String,
    #[serde(default)]
    datum: String,
}

/// `POST …/voortgangsgesprekken`
pub async fn record(
    state: web::Data<AppState>,
    staff: Staff,
    province: web::Path<ProvinceId>,
    StaffForm(form): StaffForm<MeetingForm>,
) -> Result<HttpResponse, WebError> {
    let (province, person) = (*province, staff.person());
    let typed = CdkMeetingForm {
        mayor: form.burgemeester.clone(),
        held_on: form.datum.clone(),
    };
    match state
        .run(move |svc| svc.record_cdk_meeting(person, province, &typed))
        .await?
    {
        Edit::Done => Ok(see_other(
            &Notice::CdkMeetingRecorded.on(&format!("/mijn/provincies/{province}")),
        )
        .finish()),
        Edit::Invalid(errors) => {
            kabinet_view(
                &state,
                &staff,
                province,
                (&form.burgemeester, &form.datum),
                &errors,
                None,
            )
            .await
        }
    }
}

/// `GET …/voortgangsgesprekken/{id}/verwijderen`: what will go.
pub async fn confirm_remove(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(ProvinceId, CdkMeetingId)>,
) -> Result<HttpResponse, WebError> {
    let ((province, meeting), person) = (*path, staff.person());
    let view = state
        .run(move |svc| svc.cdk_meeting(person, province, meeting))
        .await?;
    Ok(html(
        StatusCode::OK,
        remove_meeting_page(&staff.nav(), &view, &staff.csrf),
    ))
}

/// `POST …/voortgangsgesprekken/{id}/verwijderen`
pub async fn remove(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(ProvinceId, CdkMeetingId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let ((province, meeting), person) = (*path, staff.person());
    state
        .run(move |svc| svc.remove_cdk_meeting(person, province, meeting))
        .await?;
    Ok(see_other(&Notice::CdkMeetingRemoved.on(&format!("/mijn/provincies/{province}"))).finish())
}

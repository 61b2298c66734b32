//! Bewaartermijnen: `/mijn/gemeenten/{municipality}/bewaartermijnen` (the
//! griffier's settings; 404 outside the municipality, 403 for its other
//! roles) and removing one referent's address on request before the round
//! closes: `GET` asks first, `POST` removes.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::{InvitationId, MunicipalityId, RoundId};
use crate::domain::retention::RetentionForm;
use crate::web::errors::WebError;
use crate::web::extract::{Button, Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::notice::Notice;
use crate::web::views::retention::{RetentionPage, erasure_page, settings_page};

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/gemeenten/{municipality}/bewaartermijnen")
            .route(web::get().to(show))
            .route(web::post().to(save)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/referenten/{invitation}/adres-verwijderen")
            .route(web::get().to(confirm_erasure))
            .route(web::post().to(erase)),
    );
}

#[derive(Deserialize)]
pub struct RetentionFields {
    #[serde(default)]
    contact_months: String,
    #[serde(default)]
    view_years: String,
    #[serde(default)]
    verslag_years: String,
    #[serde(default)]
    audit_years: String,
}

/// `GET …/bewaartermijnen`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let (m, person) = (*municipality, staff.person());
    let (name, policy) = state
        .run(move |svc| svc.retention_policy(person, m))
        .await?;
    Ok(html(
        StatusCode::OK,
        settings_page(
            &staff.nav(),
            &RetentionPage {
                municipality: m,
                name: &name,
                form: &RetentionForm::of(&policy),
                errors: &[],
                notice: flash.text(),
            },
        ),
    ))
}

/// `POST …/bewaartermijnen`: stored when every field is valid; otherwise
/// 422 with the messages and nothing stored.
pub async fn save(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    StaffForm(fields): StaffForm<RetentionFields>,
) -> Result<HttpResponse, WebError> {
    let (m, person) = (*municipality, staff.person());
    let form = RetentionForm {
        contact_months: fields.contact_months,
        view_years: fields.view_years,
        verslag_years: fields.verslag_years,
        audit_years: fields.audit_years,
    };
    let typed = form.clone();
    let (saved, name) = state
        .run(move |svc| {
            let saved = svc.save_retention_policy(person, m, &typed)?;
            Ok((saved, svc.retention_policy(person, m)?.0))
        })
        .await?;
    match saved {
        Ok(()) => Ok(see_other(&format!(
            "/mijn/gemeenten/{m}/bewaartermijnen?melding={}",
            Notice::SettingsSaved.code()
        ))
        .finish()),
        Err(errors) => Ok(html(
            status_of(&errors),
            settings_page(
                &staff.nav(),
                &RetentionPage {
                    municipality: m,
                    name: &name,
                    form: &form,
                    errors: &errors,
                    notice: None,
                },
            ),
        )),
    }
}

/// `GET …/referenten/{invitation}/adres-verwijderen`: whose address, and
/// the button that removes it.
pub async fn confirm_erasure(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, InvitationId)>,
) -> Result<HttpResponse, WebError> {
    let ((round, invitation), person) = (*path, staff.person());
    let check = state
        .run(move |svc| svc.erasure_check(person, round, invitation))
        .await?;
    Ok(html(
        StatusCode::OK,
        erasure_page(&staff.nav(), &check, invitation, &staff.csrf),
    ))
}

/// `POST …/referenten/{invitation}/adres-verwijderen`
pub async fn erase(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, InvitationId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let ((round, invitation), person) = (*path, staff.person());
    state
        .run(move |svc| svc.erase_rater_address(person, round, invitation))
        .await?;
    Ok(see_other(&format!(
        "/mijn/rondes/{round}?melding={}",
        Notice::AddressErased.code()
    ))
    .finish())
}

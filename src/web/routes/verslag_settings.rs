//! `/mijn/gemeenten/{municipality}/verslag-instellingen`: the griffier's
//! verslag settings (404 outside the municipality, 403 for its other roles).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::MunicipalityId;
use crate::service::verslag_settings::SettingsForm;
use crate::web::errors::WebError;
use crate::web::extract::{Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::verslag_settings::{SettingsPage, settings_page};

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/gemeenten/{municipality}/verslag-instellingen")
            .route(web::get().to(show))
            .route(web::post().to(save)),
    );
}

#[derive(Deserialize)]
pub struct SettingsFields {
    #[serde(default)]
    koppen: String,
    #[serde(default)]
    afspraken: String,
    #[serde(default)]
    griffier_tekent: String,
    #[serde(default)]
    iedereen_tekent: String,
    #[serde(default)]
    markering: String,
    #[serde(default)]
    commissie_leest: String,
}

#[derive(Deserialize)]
pub struct Saved {
    #[serde(default)]
    opgeslagen: String,
}

/// `GET …/verslag-instellingen`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    saved: web::Query<Saved>,
) -> Result<HttpResponse, WebError> {
    let (m, person) = (*municipality, staff.person());
    let (name, settings) = state
        .run(move |svc| svc.verslag_settings(person, m))
        .await?;
    let form = SettingsForm::of(&settings);
    Ok(html(
        status_of(&[]),
        settings_page(
            &staff.nav(),
            &SettingsPage {
                municipality: m,
                name: &name,
                form: &form,
                errors: &[],
                saved: saved.opgeslagen == "ja",
            },
        ),
    ))
}

/// `POST …/verslag-instellingen`: stored when valid; otherwise 422 with
/// the messages and what was typed.
pub async fn save(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    StaffForm(f): StaffForm<SettingsFields>,
) -> Result<HttpResponse, WebError> {
    let (m, person) = (*municipality, staff.person());
    let form = SettingsForm {
        headings: f.koppen,
        agreements: f.afspraken,
        clerk_signs: f.griffier_tekent == "ja",
        every_participant: f.iedereen_tekent == "ja",
        marking: f.markering,
        commission_reads_earlier: f.commissie_leest == "ja",
    };
    let posted = form.clone();
    match state
        .run(move |svc| svc.save_verslag_settings(person, m, &posted))
        .await?
    {
        Ok(()) => Ok(see_other(&format!(
            "/mijn/gemeenten/{m}/verslag-instellingen?opgeslagen=ja"
        ))
        .finish()),
        Err(errors) => {
            let (name, _) = state
                .run(move |svc| svc.verslag_settings(person, m))
                .await?;
            Ok(html(
                status_of(&errors),
                settings_page(
                    &staff.nav(),
                    &SettingsPage {
                        municipality: m,
                        name: &name,
                        form: &form,
                        errors: &errors,
                        saved: false,
                    },
                ),
            ))
        }
    }
}

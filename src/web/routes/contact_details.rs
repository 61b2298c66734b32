//! `/mijn/gemeenten/{municipality}/instellingen`: the municipality's contact
//! details for its contact page and privacyverklaring, kept by its griffier
//! (404 outside the municipality, 403 for its other roles).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::contact::ContactForm;
use crate::domain::ids::MunicipalityId;
use crate::web::errors::WebError;
use crate::web::extract::{Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::contact_details::{ContactDetailsPage, contact_details_page};
use crate::web::views::notice::Notice;

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/gemeenten/{municipality}/instellingen")
            .route(web::get().to(show))
            .route(web::post().to(save)),
    );
}

#[derive(Deserialize)]
pub struct ContactFields {
    #[serde(default)]
    griffie_email: String,
    #[serde(default)]
    griffie_phone: String,
    #[serde(default)]
    privacy_email: String,
}

/// `GET …/instellingen`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    render(
        &state,
        &staff,
        *municipality,
        None,
        Vec::new(),
        flash.text(),
    )
    .await
}

/// `POST …/instellingen`: stored when every field is valid; otherwise 422
/// with the messages and nothing stored.
pub async fn save(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    StaffForm(fields): StaffForm<ContactFields>,
) -> Result<HttpResponse, WebError> {
    let (m, person) = (*municipality, staff.person());
    let typed = ContactForm {
        griffie_email: fields.griffie_email,
        griffie_phone: fields.griffie_phone,
        privacy_email: fields.privacy_email,
    };
    match typed.parse() {
        Ok(details) => {
            state
                .run(move |svc| svc.set_contact_details(person, m, &details))
                .await?;
            Ok(see_other(&format!(
                "/mijn/gemeenten/{m}/instellingen?melding={}",
                Notice::SettingsSaved.code()
            ))
            .finish())
        }
        Err(errors) => {
            let errors = errors.into_iter().map(|(f, e)| (f.to_owned(), e)).collect();
            render(&state, &staff, m, Some(typed), errors, None).await
        }
    }
}

async fn render(
    state: &AppState,
    staff: &Staff,
    m: MunicipalityId,
    typed: Option<ContactForm>,
    errors: Vec<(String, String)>,
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let stored = state.run(move |svc| svc.contact_details(person, m)).await?;
    let form = typed.unwrap_or_else(|| ContactForm {
        griffie_email: stored.griffie_email.clone(),
        griffie_phone: stored.griffie_phone.clone(),
        privacy_email: stored.privacy_email.clone(),
    });
    Ok(html(
        status_of(&errors),
        contact_details_page(
            &staff.nav(),
            &ContactDetailsPage {
                municipality: m,
                stored: &stored,
                form: &form,
                errors: &errors,
                notice,
            },
        ),
    ))
}

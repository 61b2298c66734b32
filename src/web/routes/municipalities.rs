//! `/beheer`: the platform admin's municipalities, and a new municipality
//! with its first griffier. 404 for everyone else.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::email::EmailAddress;
use crate::domain::text::{PersonName, PlaceName};
use crate::service::ServiceError;
use crate::service::setup::NewMunicipality;
use crate::web::errors::WebError;
use crate::web::extract::{Flash, PlatformAdmin, StaffForm};
use crate::web::state::AppState;
use crate::web::views::admin::{AdminPage, MunicipalityForm, admin_page};
use crate::web::views::notice::Notice;

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/beheer").route(web::get().to(show)))
        .service(web::resource("/beheer/gemeenten").route(web::post().to(create)));
}

/// The form for a new municipality.
#[derive(Deserialize)]
pub struct NewMunicipalityForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    griffier_naam: String,
    #[serde(default)]
    griffier_email: String,
}

impl NewMunicipalityForm {
    /// The new municipality, or per field what is wrong.
    fn parse(&self) -> Result<NewMunicipality, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let mut problem = |id: &str, what: &str, e: &dyn std::fmt::Display| {
            errors.push((id.to_owned(), format!("{what}: {e}")));
        };
        let name = PlaceName::parse(&self.naam)
            .map_err(|e| problem("gemeente-naam", "Naam van de gemeente", &e))
            .ok();
        let clerk_name = PersonName::parse(&self.griffier_naam)
            .map_err(|e| problem("griffier-naam", "Naam van de griffier", &e))
            .ok();
        let clerk_email = EmailAddress::parse(&self.griffier_email)
            .map_err(|e| problem("griffier-email", "E-mailadres van de griffier", &e))
            .ok();
        match (name, clerk_name, clerk_email) {
            (Some(name), Some(clerk_name), Some(clerk_email)) => Ok(NewMunicipality {
                name,
                clerk_name,
                clerk_email,
            }),
            _ => Err(errors),
        }
    }
}

/// `GET /beheer`
pub async fn show(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let form = MunicipalityForm::default();
    page(&state, &admin, StatusCode::OK, &form, &[], flash.text()).await
}

/// `POST /beheer/gemeenten`
pub async fn create(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    StaffForm(form): StaffForm<NewMunicipalityForm>,
) -> Result<HttpResponse, WebError> {
    let errors = match form.parse() {
        Err(errors) => errors,
        Ok(new) => {
            let person = admin.0.person();
            let created = state
                .run(move |svc| Ok(svc.create_municipality_with_clerk(person, new)))
                .await?;
            match created {
                Ok(_) => return Ok(see_other(&Notice::MunicipalityCreated.on("/beheer")).finish()),
                Err(ServiceError::Conflict(why)) => vec![("gemeente-naam".to_owned(), why)],
                Err(e) => return Err(e.into()),
            }
        }
    };
    let typed = MunicipalityForm {
        name: form.naam,
        clerk_name: form.griffier_naam,
        clerk_email: form.griffier_email,
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    page(&state, &admin, status, &typed, &errors, None).await
}

async fn page(
    state: &AppState,
    admin: &PlatformAdmin,
    status: StatusCode,
    form: &MunicipalityForm,
    errors: &[(String, String)],
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let person = admin.0.person();
    let municipalities = state
        .run(move |svc| svc.municipalities_overview(person))
        .await?;
    Ok(html(
        status,
        admin_page(
            &admin.0.nav(),
            &AdminPage {
                municipalities: &municipalities,
                csrf: &admin.0.csrf,
                form,
                errors,
                notice,
            },
        ),
    ))
}

//! `/mijn/gemeenten/{municipality}/mensen`: the griffier gives people a role
//! in the municipality and takes roles back. 404 for everyone else.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::email::EmailAddress;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::service::ServiceError;
use crate::service::people::NewPerson;
use crate::web::errors::WebError;
use crate::web::extract::{Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::notice::Notice;
use crate::web::views::people::{GRANTABLE, PeoplePage, PersonForm, people_page};

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/gemeenten/{municipality}/mensen").route(web::get().to(show)))
        .service(
            web::resource("/mijn/gemeenten/{municipality}/mensen/toevoegen")
                .route(web::post().to(grant)),
        )
        .service(
            web::resource("/mijn/gemeenten/{municipality}/mensen/{person}/{role}/intrekken")
                .route(web::post().to(revoke)),
        );
}

/// A person and the role to give them.
#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    rol: String,
}

impl GrantForm {
    /// The person to add, or per field what is wrong.
    fn parse(&self) -> Result<NewPerson, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let name = PersonName::parse(&self.naam)
            .map_err(|e| errors.push(("persoon-naam".to_owned(), format!("Naam: {e}"))))
            .ok();
        let email = EmailAddress::parse(&self.email)
            .map_err(|e| errors.push(("persoon-email".to_owned(), format!("E-mailadres: {e}"))))
            .ok();
        let role = Role::parse(&self.rol)
            .ok()
            .filter(|r| GRANTABLE.contains(r));
        if role.is_none() {
            errors.push(("persoon-rol-0".to_owned(), "Rol: kies een rol.".to_owned()));
        }
        match (name, email, role) {
            (Some(name), Some(email), Some(role)) => Ok(NewPerson { name, email, role }),
            _ => Err(errors),
        }
    }
}

/// `GET …/mensen`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let form = PersonForm::default();
    let status = StatusCode::OK;
    page(
        &state,
        &staff,
        *municipality,
        status,
        &form,
        &[],
        flash.text(),
    )
    .await
}

/// `POST …/mensen/toevoegen`: gives a (new or known) person a role.
pub async fn grant(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    StaffForm(form): StaffForm<GrantForm>,
) -> Result<HttpResponse, WebError> {
    let (municipality, person) = (*municipality, staff.person());
    let errors = match form.parse() {
        Err(errors) => errors,
        Ok(new) => {
            let granted = state
                .run(move |svc| Ok(svc.grant_role(person, municipality, &new)))
                .await?;
            match granted {
                Ok(()) => return Ok(done(municipality, Notice::RoleGranted)),
                Err(ServiceError::Conflict(why)) => vec![("persoon-email".to_owned(), why)],
                Err(e) => return Err(e.into()),
            }
        }
    };
    let typed = PersonForm {
        name: form.naam,
        email: form.email,
        role: form.rol,
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    page(&state, &staff, municipality, status, &typed, &errors, None).await
}

/// `POST …/mensen/{person}/{role}/intrekken`
pub async fn revoke(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(MunicipalityId, StaffId, String)>,
    _: StaffForm<crate::web::extract::Button>,
) -> Result<HttpResponse, WebError> {
    let (municipality, who, role) = path.into_inner();
    let role = Role::parse(&role).map_err(|_| WebError::NotFound("Deze rol bestaat niet."))?;
    let person = staff.person();
    let revoked = state
        .run(move |svc| Ok(svc.revoke_role(person, municipality, who, role)))
        .await?;
    match revoked {
        Ok(()) => Ok(done(municipality, Notice::RoleRevoked)),
        Err(ServiceError::Conflict(why)) => {
            let form = PersonForm::default();
            let errors = [("rollen".to_owned(), why)];
            let status = StatusCode::CONFLICT;
            page(&state, &staff, municipality, status, &form, &errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

fn done(municipality: MunicipalityId, notice: Notice) -> HttpResponse {
    see_other(&notice.on(&format!("/mijn/gemeenten/{municipality}/mensen"))).finish()
}

async fn page(
    state: &AppState,
    staff: &Staff,
    municipality: MunicipalityId,
    status: StatusCode,
    form: &PersonForm,
    errors: &[(String, String)],
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let people = state
        .run(move |svc| svc.people(person, municipality))
        .await?;
    Ok(html(
        status,
        people_page(
            &staff.nav(),
            &PeoplePage {
                municipality,
                people: &people,
                me: staff.person(),
                csrf: &staff.csrf,
                form,
                errors,
                notice,
            },
        ),
    ))
}

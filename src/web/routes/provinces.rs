//! Provinces: `/beheer/provincies` (the platform admin creates a province,
//! links municipalities and adds kabinet accounts; 404 for everyone else)
//! and `/mijn/provincies/{province}`, the kabinet's page (404 for anyone
//! who is not kabinet van de CdK there).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::email::EmailAddress;
use crate::domain::ids::{MunicipalityId, ProvinceId, StaffId};
use crate::domain::text::{PersonName, PlaceName};
use crate::service::ServiceError;
use crate::service::provinces::{NewProvince, ProvinceMember};
use crate::web::errors::WebError;
use crate::web::extract::{Button, Flash, PlatformAdmin, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::notice::Notice;
use crate::web::views::provinces::{
    AdminProvinces, KabinetPage, ProvinceTyped, admin_confirm_page, admin_page, kabinet_page,
};

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/beheer/provincies")
            .route(web::get().to(admin))
            .route(web::post().to(create)),
    )
    .service(web::resource("/beheer/provincies/{province}/gemeenten").route(web::post().to(link)))
    .service(
        web::resource("/beheer/provincies/{province}/gemeenten/{municipality}/ontkoppelen")
            .route(web::get().to(confirm_unlink))
            .route(web::post().to(unlink)),
    )
    .service(
        web::resource("/beheer/provincies/{province}/kabinet").route(web::post().to(add_kabinet)),
    )
    .service(
        web::resource("/beheer/provincies/{province}/kabinet/{staff}/intrekken")
            .route(web::get().to(confirm_revoke))
            .route(web::post().to(revoke)),
    )
    .service(web::resource("/mijn/provincies/{province}").route(web::get().to(show)));
}

const ADMIN: &str = "/beheer/provincies";

/// A new province.
#[derive(Deserialize)]
pub struct ProvinceForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    email: String,
}

/// A municipality to link.
#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    gemeente: String,
}

/// A kabinet account.
#[derive(Deserialize)]
pub struct KabinetForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    email: String,
}

/// `GET /beheer/provincies`
pub async fn admin(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    admin_view(&state, &admin, &ProvinceTyped::default(), &[], flash.text()).await
}

/// `POST /beheer/provincies`
pub async fn create(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    StaffForm(form): StaffForm<ProvinceForm>,
) -> Result<HttpResponse, WebError> {
    let name = PlaceName::parse(&form.naam);
    let email = EmailAddress::parse(&form.email);
    let mut errors = Vec::new();
    if let Err(e) = &name {
        errors.push((
            "provincie-naam".to_owned(),
            format!("Naam van de provincie: {e}"),
        ));
    }
    if let Err(e) = &email {
        errors.push(("provincie-email".to_owned(), format!("Contactadres: {e}")));
    }
    if let (Ok(name), Ok(contact_email)) = (name, email) {
        let person = admin.0.person();
        let new = NewProvince {
            name,
            contact_email,
        };
        match state
            .run(move |svc| Ok(svc.create_province(person, new)))
            .await?
        {
            Ok(_) => return Ok(see_other(&Notice::ProvinceCreated.on(ADMIN)).finish()),
            Err(ServiceError::Conflict(why)) => errors.push(("provincie-naam".to_owned(), why)),
            Err(e) => return Err(e.into()),
        }
    }
    let typed = ProvinceTyped {
        name: form.naam,
        contact_email: form.email,
        ..ProvinceTyped::default()
    };
    admin_view(&state, &admin, &typed, &errors, None).await
}

/// `POST /beheer/provincies/{province}/gemeenten`
pub async fn link(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    province: web::Path<ProvinceId>,
    StaffForm(form): StaffForm<LinkForm>,
) -> Result<HttpResponse, WebError> {
    let province = *province;
    let field = format!("gemeente-{province}-0");
    let Ok(municipality) = form.gemeente.parse::<MunicipalityId>() else {
        let errors = vec![(field, "Kies een gemeente om te koppelen.".to_owned())];
        return admin_view(&state, &admin, &ProvinceTyped::default(), &errors, None).await;
    };
    let person = admin.0.person();
    match state
        .run(move |svc| Ok(svc.link_municipality_to_province(person, province, municipality)))
        .await?
    {
        Ok(()) => Ok(see_other(&Notice::ProvinceMunicipalityLinked.on(ADMIN)).finish()),
        Err(ServiceError::Conflict(why)) => {
            admin_view(
                &state,
                &admin,
                &ProvinceTyped::default(),
                &[(field, why)],
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /beheer/provincies/{province}/kabinet`
pub async fn add_kabinet(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    province: web::Path<ProvinceId>,
    StaffForm(form): StaffForm<KabinetForm>,
) -> Result<HttpResponse, WebError> {
    let province = *province;
    let name = PersonName::parse(&form.naam);
    let email = EmailAddress::parse(&form.email);
    let mut errors = Vec::new();
    if let Err(e) = &name {
        errors.push((format!("kabinet-naam-{province}"), format!("Naam: {e}")));
    }
    if let Err(e) = &email {
        errors.push((
            format!("kabinet-email-{province}"),
            format!("E-mailadres: {e}"),
        ));
    }
    if let (Ok(name), Ok(email)) = (name, email) {
        let person = admin.0.person();
        state
            .run(move |svc| svc.add_kabinet_member(person, province, &email, &name))
            .await?;
        return Ok(see_other(&Notice::KabinetMemberAdded.on(ADMIN)).finish());
    }
    let typed = ProvinceTyped {
        kabinet_name: form.naam,
        kabinet_email: form.email,
        ..ProvinceTyped::default()
    };
    admin_view(&state, &admin, &typed, &errors, None).await
}

/// `GET /beheer/provincies/{province}/gemeenten/{municipality}/ontkoppelen`:
/// asked first.
pub async fn confirm_unlink(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<(ProvinceId, MunicipalityId)>,
) -> Result<HttpResponse, WebError> {
    let ((province, municipality), person) = (*path, admin.0.person());
    let (province_name, name) = state
        .run(move |svc| {
            svc.province_change_check(person, province, ProvinceMember::Municipality(municipality))
        })
        .await?;
    let facts = [
        format!("{name} hoort daarna niet meer bij de provincie {province_name}."),
        "De griffier kan geen verslagen meer naar deze commissaris van de Koning sturen."
            .to_owned(),
        "Verslagen die al gestuurd zijn, blijven bij het kabinet.".to_owned(),
    ];
    Ok(html(
        StatusCode::OK,
        admin_confirm_page(
            &admin.0.nav(),
            &format!("{name} ontkoppelen?"),
            &facts,
            &format!("{ADMIN}/{province}/gemeenten/{municipality}/ontkoppelen"),
            "Ja, ontkoppelen",
            &admin.0.csrf,
        ),
    ))
}

/// `POST …/gemeenten/{municipality}/ontkoppelen`
pub async fn unlink(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<(ProvinceId, MunicipalityId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let ((province, municipality), person) = (*path, admin.0.person());
    state
        .run(move |svc| svc.unlink_municipality_from_province(person, province, municipality))
        .await?;
    Ok(see_other(&Notice::ProvinceMunicipalityUnlinked.on(ADMIN)).finish())
}

/// `GET /beheer/provincies/{province}/kabinet/{staff}/intrekken`: asked first.
pub async fn confirm_revoke(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<(ProvinceId, StaffId)>,
) -> Result<HttpResponse, WebError> {
    let ((province, member), person) = (*path, admin.0.person());
    let (province_name, name) = state
        .run(move |svc| {
            svc.province_change_check(person, province, ProvinceMember::Kabinet(member))
        })
        .await?;
    let facts = [
        format!("{name} is daarna geen kabinet van de commissaris van de Koning meer in {province_name}."),
        "Vanaf de volgende klik ziet deze persoon de verslagen en de planning van de provincie niet meer.".to_owned(),
        "Het account zelf blijft bestaan, met eventuele andere rollen.".to_owned(),
    ];
    Ok(html(
        StatusCode::OK,
        admin_confirm_page(
            &admin.0.nav(),
            &format!("Rol van {name} intrekken?"),
            &facts,
            &format!("{ADMIN}/{province}/kabinet/{member}/intrekken"),
            "Ja, rol intrekken",
            &admin.0.csrf,
        ),
    ))
}

/// `POST …/kabinet/{staff}/intrekken`
pub async fn revoke(
    state: web::Data<AppState>,
    admin: PlatformAdmin,
    path: web::Path<(ProvinceId, StaffId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let ((province, member), person) = (*path, admin.0.person());
    state
        .run(move |svc| svc.remove_kabinet_member(person, province, member))
        .await?;
    Ok(see_other(&Notice::KabinetMemberRemoved.on(ADMIN)).finish())
}

async fn admin_view(
    state: &AppState,
    admin: &PlatformAdmin,
    typed: &ProvinceTyped,
    errors: &[(String, String)],
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let person = admin.0.person();
    let overview = state.run(move |svc| svc.provinces_admin(person)).await?;
    Ok(html(
        super::status_of(errors),
        admin_page(
            &admin.0.nav(),
            &AdminProvinces {
                admin: &overview,
                csrf: &admin.0.csrf,
                typed,
                errors,
                notice,
            },
        ),
    ))
}

/// `GET /mijn/provincies/{province}`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    province: web::Path<ProvinceId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    kabinet_view(&state, &staff, *province, ("", ""), &[], flash.text()).await
}

/// The kabinet's page, with what was typed into the form and its errors.
pub(crate) async fn kabinet_view(
    state: &AppState,
    staff: &Staff,
    province: ProvinceId,
    (typed_mayor, typed_date): (&str, &str),
    errors: &[(String, String)],
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let page = state
        .run(move |svc| svc.province_page(person, province))
        .await?;
    Ok(html(
        super::status_of(errors),
        kabinet_page(
            &staff.nav(),
            &KabinetPage {
                page: &page,
                csrf: &staff.csrf,
                typed_mayor,
                typed_date,
                errors,
                notice,
            },
        ),
    ))
}

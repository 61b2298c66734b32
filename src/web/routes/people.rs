//! `/mijn/gemeenten/{municipality}/mensen`: the griffier gives people a role
//! in the municipality and takes roles back. 404 for everyone else.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::email::EmailAddress;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::service::ServiceError;
use crate::service::people::NewPerson;
use crate::service::signin::StaffSession;
use crate::web::errors::WebError;
use crate::web::staff_session::{self, check_csrf_old as check_csrf};
use crate::web::state::AppState;
use crate::web::views::people::{GRANTABLE, PeoplePage, PersonForm, people_page};

use super::{field, html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/gemeenten/{municipality}/mensen")
            .route(web::get().to(show))
            .route(web::post().to(grant)),
    )
    .route(
        "/mijn/gemeenten/{municipality}/mensen/intrekken",
        web::post().to(revoke),
    );
}

type Fields = web::Form<Vec<(String, String)>>;

/// The signed-in person and the municipality of the path, or the response
/// to give instead (sign-in; 404 for a malformed id).
async fn signed_in(
    req: &HttpRequest,
    state: &AppState,
    path: &str,
) -> Result<(StaffSession, MunicipalityId), WebError> {
    let session = staff_session::signed_in(req, state).await?;
    let municipality = path.parse().map_err(|_| {
        WebError::Service(ServiceError::NotFound("Deze pagina bestaat niet.".into()))
    })?;
    Ok((session, municipality))
}

async fn render(
    state: &AppState,
    session: &StaffSession,
    municipality: MunicipalityId,
    status: StatusCode,
    form: &PersonForm,
    errors: &[(String, String)],
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let svc = state.svc.clone();
    let person = session.staff;
    let people = web::block(move || svc.people(person, municipality)).await??;
    Ok(html(
        status,
        people_page(&PeoplePage {
            municipality,
            people: &people,
            me: session.staff,
            csrf: &state.svc.staff_csrf(session),
            form,
            errors,
            notice,
        }),
    ))
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, municipality) = signed_in(&req, &state, &path).await?;
    let notice = match req.query_string() {
        "toegekend=1" => Some("De rol is gegeven. De persoon kan zich nu aanmelden."),
        "ingetrokken=1" => Some("De rol is ingetrokken en werkt vanaf nu niet meer."),
        _ => None,
    };
    let form = PersonForm::default();
    render(
        &state,
        &session,
        municipality,
        StatusCode::OK,
        &form,
        &[],
        notice,
    )
    .await
}

pub async fn grant(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Fields,
) -> Result<HttpResponse, WebError> {
    let (session, municipality) = signed_in(&req, &state, &path).await?;
    check_csrf(&state, &session, &field(&form, "csrf"))?;
    let typed = PersonForm {
        name: field(&form, "naam"),
        email: field(&form, "email"),
        role: field(&form, "rol"),
    };
    let mut errors = Vec::new();
    let name = PersonName::parse(&typed.name)
        .map_err(|e| errors.push(("persoon-naam".to_owned(), format!("Naam: {e}"))))
        .ok();
    let email = EmailAddress::parse(&typed.email)
        .map_err(|e| errors.push(("persoon-email".to_owned(), format!("E-mailadres: {e}"))))
        .ok();
    let role = Role::parse(&typed.role)
        .ok()
        .filter(|r| GRANTABLE.contains(r));
    if role.is_none() {
        errors.push(("persoon-rol-0".to_owned(), "Rol: kies een rol.".to_owned()));
    }
    if let (Some(name), Some(email), Some(role)) = (name, email, role) {
        let svc = state.svc.clone();
        let person = session.staff;
        let new = NewPerson { name, email, role };
        match web::block(move || svc.grant_role(person, municipality, &new)).await? {
            Ok(()) => {
                return Ok(see_other(&format!(
                    "/mijn/gemeenten/{municipality}/mensen?toegekend=1"
                ))
                .finish());
            }
            Err(ServiceError::Conflict(why)) => errors.push(("persoon-email".to_owned(), why)),
            Err(e) => return Err(e.into()),
        }
    }
    render(
        &state,
        &session,
        municipality,
        StatusCode::UNPROCESSABLE_ENTITY,
        &typed,
        &errors,
        None,
    )
    .await
}

pub async fn revoke(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Fields,
) -> Result<HttpResponse, WebError> {
    let (session, municipality) = signed_in(&req, &state, &path).await?;
    check_csrf(&state, &session, &field(&form, "csrf"))?;
    let gone = || WebError::Service(ServiceError::NotFound("Deze rol bestaat niet.".into()));
    let who: StaffId = field(&form, "persoon").parse().map_err(|_| gone())?;
    let role = Role::parse(&field(&form, "rol")).map_err(|_| gone())?;
    let svc = state.svc.clone();
    let person = session.staff;
    match web::block(move || svc.revoke_role(person, municipality, who, role)).await? {
        Ok(()) => Ok(see_other(&format!(
            "/mijn/gemeenten/{municipality}/mensen?ingetrokken=1"
        ))
        .finish()),
        Err(ServiceError::Conflict(why)) => {
            render(
                &state,
                &session,
                municipality,
                StatusCode::CONFLICT,
                &PersonForm::default(),
                &[("rollen".to_owned(), why)],
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

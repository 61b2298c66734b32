//! `/beheer`: the platform admin's municipalities and a new municipality
//! with its first griffier. 404 for everyone else.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::email::EmailAddress;
use crate::domain::text::{PersonName, PlaceName};
use crate::service::ServiceError;
use crate::service::setup::NewMunicipality;
use crate::service::signin::StaffSession;
use crate::web::errors::WebError;
use crate::web::staff_session::{self, check_csrf_old as check_csrf};
use crate::web::state::AppState;
use crate::web::views::admin::{AdminPage, MunicipalityForm, admin_page};

use super::{field, html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/beheer")
            .route(web::get().to(show))
            .route(web::post().to(create)),
    );
}

fn no_page() -> WebError {
    WebError::Service(ServiceError::NotFound("Deze pagina bestaat niet.".into()))
}

/// A signed-in platform admin, or the response to give instead.
async fn admin(req: &HttpRequest, state: &AppState) -> Result<StaffSession, WebError> {
    let session = staff_session::signed_in(req, state).await?;
    // The service checks again; this keeps the 404 ahead of the CSRF check.
    if session.platform_admin {
        Ok(session)
    } else {
        Err(no_page())
    }
}

async fn render(
    state: &AppState,
    session: &StaffSession,
    status: StatusCode,
    form: &MunicipalityForm,
    errors: &[(String, String)],
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let svc = state.svc.clone();
    let person = session.staff;
    let municipalities = web::block(move || svc.municipalities_overview(person)).await??;
    Ok(html(
        status,
        admin_page(&AdminPage {
            municipalities: &municipalities,
            csrf: &state.svc.staff_csrf(session),
            form,
            errors,
            notice,
        }),
    ))
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let session = admin(&req, &state).await?;
    let notice = (req.query_string() == "aangemaakt=1").then_some(
        "De gemeente is aangemaakt. De griffier kan zich nu aanmelden en de eerste ronde klaarzetten.",
    );
    render(
        &state,
        &session,
        StatusCode::OK,
        &MunicipalityForm::default(),
        &[],
        notice,
    )
    .await
}

pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let session = admin(&req, &state).await?;
    check_csrf(&state, &session, &field(&form, "csrf"))?;
    let typed = MunicipalityForm {
        name: field(&form, "naam"),
        clerk_name: field(&form, "griffier_naam"),
        clerk_email: field(&form, "griffier_email"),
    };
    let mut errors = Vec::new();
    let mut problem = |id: &str, what: &str, e: &dyn std::fmt::Display| {
        errors.push((id.to_owned(), format!("{what}: {e}")));
    };
    let name = PlaceName::parse(&typed.name)
        .map_err(|e| problem("gemeente-naam", "Naam van de gemeente", &e))
        .ok();
    let clerk_name = PersonName::parse(&typed.clerk_name)
        .map_err(|e| problem("griffier-naam", "Naam van de griffier", &e))
        .ok();
    let clerk_email = EmailAddress::parse(&typed.clerk_email)
        .map_err(|e| problem("griffier-email", "E-mailadres van de griffier", &e))
        .ok();
    if let (Some(name), Some(clerk_name), Some(clerk_email)) = (name, clerk_name, clerk_email) {
        let svc = state.svc.clone();
        let person = session.staff;
        let new = NewMunicipality {
            name,
            clerk_name,
            clerk_email,
        };
        match web::block(move || svc.create_municipality_with_clerk(person, new)).await? {
            Ok(_) => return Ok(see_other("/beheer?aangemaakt=1").finish()),
            Err(ServiceError::Conflict(why)) => errors.push(("gemeente-naam".to_owned(), why)),
            Err(e) => return Err(e.into()),
        }
    }
    render(
        &state,
        &session,
        StatusCode::UNPROCESSABLE_ENTITY,
        &typed,
        &errors,
        None,
    )
    .await
}

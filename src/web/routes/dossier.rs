//! `/mijn/gemeenten/{municipality}/dossier`: the confidential dossier over
//! a burgemeester's term, and `…/dossier/verloop`: the term in one view.
//! Thin handlers: the service checks who may read it and audits it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::{MayorId, MunicipalityId};
use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::dossier as views;

use super::html;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/gemeenten/{municipality}/dossier").route(web::get().to(show)))
        .service(
            web::resource("/mijn/gemeenten/{municipality}/dossier/verloop")
                .route(web::get().to(term)),
        );
}

/// `?burgemeester=<id>`: whose term (the newest burgemeester without it).
#[derive(Deserialize)]
pub struct MayorQuery {
    burgemeester: Option<MayorId>,
}

/// The burgemeester asked for; a malformed id is the styled 404.
fn chosen(
    query: Result<web::Query<MayorQuery>, actix_web::Error>,
) -> Result<Option<MayorId>, WebError> {
    query.map(|q| q.burgemeester).map_err(|_| {
        WebError::NotFound("Deze burgemeester bestaat niet. Kies een burgemeester in het dossier.")
    })
}

/// `GET …/dossier`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    query: Result<web::Query<MayorQuery>, actix_web::Error>,
) -> Result<HttpResponse, WebError> {
    let (municipality, person, mayor) = (*municipality, staff.person(), chosen(query)?);
    let dossier = state
        .run(move |svc| svc.dossier(person, municipality, mayor))
        .await?;
    Ok(html(StatusCode::OK, views::dossier(&staff.nav(), &dossier)))
}

/// `GET …/dossier/verloop`
pub async fn term(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    query: Result<web::Query<MayorQuery>, actix_web::Error>,
) -> Result<HttpResponse, WebError> {
    let (municipality, person, mayor) = (*municipality, staff.person(), chosen(query)?);
    let overview = state
        .run(move |svc| svc.term_overview(person, municipality, mayor))
        .await?;
    Ok(html(StatusCode::OK, views::term(&staff.nav(), &overview)))
}

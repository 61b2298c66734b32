//! `/mijn/gemeenten/{municipality}/logboek`: a municipality's audit log,
//! for its griffier (404 for anyone else).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::ids::MunicipalityId;
use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::staff as views;

use super::html;

/// `GET …/logboek`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
) -> Result<HttpResponse, WebError> {
    let (municipality, person) = (*municipality, staff.person());
    let (lines, name) = state
        .run(move |svc| svc.audit_log(person, municipality))
        .await?;
    Ok(html(
        StatusCode::OK,
        views::audit_log(&staff.nav(), municipality, &name, &lines),
    ))
}

//! The results of a round as the person's roles and the sharing mode allow:
//! the dashboard (or the council's summary), and the CSV export.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use crate::domain::ids::RoundId;
use crate::domain::staff::ResultsAccess;
use crate::results::csv::{Separator, to_csv};
use crate::service::staff::ReadableResults;
use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::dashboard::{council_summary, dashboard_for};

use super::html;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}/uitkomsten").route(web::get().to(show)))
        .service(web::resource("/mijn/rondes/{round}/uitkomsten.csv").route(web::get().to(export)));
}

/// `GET …/uitkomsten`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let ReadableResults { info, view, access } = state
        .run(move |svc| svc.read_results(person, round, false))
        .await?;
    Ok(html(
        StatusCode::OK,
        match access {
            ResultsAccess::Full => dashboard_for(Some(&staff.nav()), &info, &view),
            _ => council_summary(&staff.nav(), &info, &view),
        },
    ))
}

/// `GET …/uitkomsten.csv`: for those who may read everything.
pub async fn export(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let ReadableResults { view, .. } = state
        .run(move |svc| svc.read_results(person, round, true))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"klankbord-uitkomsten.csv\"",
        ))
        .body(to_csv(&view, Separator::Semicolon)))
}

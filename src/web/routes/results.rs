//! The results of a round as the person's roles and the sharing mode allow:
//! the dashboard (or the council's summary), and the CSV and JSON exports.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use crate::domain::ids::RoundId;
use crate::domain::staff::ResultsAccess;
use crate::results::csv::{Separator, to_csv};
use crate::results::json::released_json;
use crate::service::staff::{ReadableResults, ResultsRead};
use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::dashboard::{Links, council_summary, dashboard_page};

use super::html;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}/uitkomsten").route(web::get().to(show)))
        .service(web::resource("/mijn/rondes/{round}/uitkomsten.csv").route(web::get().to(export)))
        .service(
            web::resource("/mijn/rondes/{round}/uitkomsten.json").route(web::get().to(export_json)),
        );
}

/// `GET …/uitkomsten`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let (ReadableResults { info, view, access }, rights) = state
        .run(move |svc| svc.read_results_as(person, round, ResultsRead::Page))
        .await?;
    let links = Links {
        round,
        round_page: rights.manage_round,
        may_redact: rights.redact_comments,
    };
    Ok(html(
        StatusCode::OK,
        match access {
            ResultsAccess::Full => dashboard_page(Some(&staff.nav()), &info, &view, Some(&links)),
            _ => council_summary(&staff.nav(), &info, &view),
        },
    ))
}

/// A download of the results as `read` says, for those who may read everything.
async fn download(
    state: web::Data<AppState>,
    staff: Staff,
    round: RoundId,
    read: ResultsRead,
) -> Result<ReadableResults, WebError> {
    let person = staff.person();
    Ok(state
        .run(move |svc| svc.read_results_as(person, round, read))
        .await?
        .0)
}

/// `GET …/uitkomsten.csv`
pub async fn export(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let ReadableResults { view, .. } = download(state, staff, *round, ResultsRead::Csv).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"klankbord-uitkomsten.csv\"",
        ))
        .body(to_csv(&view, Separator::Semicolon)))
}

/// `GET …/uitkomsten.json`: the same JSON as `klankbord results --format json`.
pub async fn export_json(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let ReadableResults { view, .. } = download(state, staff, *round, ResultsRead::Json).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"klankbord-uitkomsten.json\"",
        ))
        .body(released_json(&view)))
}

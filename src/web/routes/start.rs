//! `/mijn`: the start page of everyone signed in — their roles and rounds.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::staff as views;

use super::html;

/// `GET /mijn`
pub async fn show(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let (memberships, rounds) = state
        .run(move |svc| Ok((svc.memberships(person)?, svc.staff_rounds(person)?)))
        .await?;
    Ok(html(
        StatusCode::OK,
        views::home(&staff.session, &memberships, &rounds, &staff.csrf),
    ))
}

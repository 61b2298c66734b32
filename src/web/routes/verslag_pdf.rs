//! The archive copy of a vastgesteld verslag (PDF/A-2a), rendered from the
//! stored version: for those who may read the verslag, and for the kabinet
//! van de commissaris van de Koning it was sent to. Every download is in
//! the audit log.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use crate::domain::ids::{ProvinceId, RoundId};
use crate::domain::verslag::ArchiveCopy;
use crate::pdf::verslag::{archive_file_name, render_archive_copy};
use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::pages;

use super::html;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}/verslag.pdf").route(web::get().to(download)))
        .service(
            web::resource("/mijn/provincies/{province}/verslagen/{round}/verslag.pdf")
                .route(web::get().to(download_for_kabinet)),
        );
}

/// `GET /mijn/rondes/{round}/verslag.pdf`
pub async fn download(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let copy = state
        .run(move |svc| svc.download_archive_copy(person, round))
        .await?;
    respond(copy).await
}

/// `GET /mijn/provincies/{province}/verslagen/{round}/verslag.pdf`
pub async fn download_for_kabinet(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(ProvinceId, RoundId)>,
) -> Result<HttpResponse, WebError> {
    let ((province, round), person) = (*path, staff.person());
    let verslag = state
        .run(move |svc| svc.kabinet_verslag(person, province, round))
        .await?;
    respond(verslag.copy).await
}

async fn respond(copy: ArchiveCopy) -> Result<HttpResponse, WebError> {
    let name = archive_file_name(&copy);
    match web::block(move || render_archive_copy(&copy)).await? {
        Ok(bytes) => Ok(HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ))
            .body(bytes)),
        Err(error) => {
            tracing::error!(%error, "the archive copy could not be made");
            Ok(html(
                StatusCode::INTERNAL_SERVER_ERROR,
                pages::problem(
                    "Er ging iets mis",
                    "Het archiefexemplaar kon niet worden gemaakt. Het verslag zelf is niet veranderd. Probeer het later opnieuw; blijft het misgaan, neem dan contact op met de griffie.",
                ),
            ))
        }
    }
}

//! The results of a closed round as a PDF for the klankbordgesprek: for
//! those who may download the CSV, and written to the audit log the same way.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};

use crate::domain::ids::RoundId;
use crate::pdf::Conformance;
use crate::pdf::results::{Cover, results_pdf};
use crate::service::staff::{DownloadedResults, ReadableResults, ResultsRead};
use crate::web::errors::WebError;
use crate::web::extract::Staff;
use crate::web::state::AppState;
use crate::web::views::pages;

use super::html;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/uitkomsten.pdf").route(web::get().to(download)),
    );
}

/// `GET …/uitkomsten.pdf`
pub async fn download(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let DownloadedResults {
        results: ReadableResults { info, view, access },
        published_at,
    } = state
        .run(move |svc| svc.download_results(person, round, ResultsRead::Pdf))
        .await?;
    let pdf = web::block(move || {
        let cover = Cover {
            round: info.id,
            municipality: &info.municipality,
            kind: info.kind,
            mayor_name: &info.mayor_name,
            meeting_on: info.meeting_on,
            sharing: info.sharing,
            published_at,
        };
        results_pdf(&cover, &view, access, Conformance::Archive)
    })
    .await?;
    match pdf {
        Ok(bytes) => Ok(HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"klankbord-uitkomsten.pdf\"",
            ))
            .body(bytes)),
        Err(error) => {
            tracing::error!(%error, "the results PDF could not be made");
            Ok(html(
                StatusCode::INTERNAL_SERVER_ERROR,
                pages::problem(
                    "Er ging iets mis",
                    "De PDF kon niet worden gemaakt. Probeer het later opnieuw, of gebruik de pagina met de uitkomsten of de CSV. Blijft het misgaan, neem dan contact op met de griffie.",
                ),
            ))
        }
    }
}

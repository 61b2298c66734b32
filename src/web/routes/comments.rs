//! `/mijn/rondes/{round}/toelichtingen`: the delegation and the griffier
//! review the published comments and redact one that makes someone
//! recognisable, after a confirmation.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::RoundId;
use crate::domain::text::parse_comment;
use crate::service::redaction::{CommentRef, MAX_REPLACEMENT};
use crate::web::errors::WebError;
use crate::web::extract::{Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::comment_review::{
    CommentAt, Replacement, confirm_page, form_again, review_page,
};
use crate::web::views::notice::Notice;

use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}/toelichtingen").route(web::get().to(show)))
        .service(
            web::resource("/mijn/rondes/{round}/toelichtingen/{question}/{comment}")
                .route(web::post().to(redact)),
        );
}

/// `GET …/toelichtingen`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let review = state
        .run(move |svc| svc.comments_for_review(person, round))
        .await?;
    Ok(html(
        StatusCode::OK,
        review_page(&staff.nav(), &review, &staff.csrf, flash.text()),
    ))
}

#[derive(Deserialize)]
pub struct RedactForm {
    #[serde(default)]
    keuze: String,
    #[serde(default)]
    vervanging: String,
    #[serde(default)]
    bevestigd: String,
}

/// `POST …/toelichtingen/{question}/{comment}`: without `bevestigd=ja`
/// the confirmation page; with it the comment is redacted.
pub async fn redact(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, usize, usize)>,
    StaffForm(form): StaffForm<RedactForm>,
) -> Result<HttpResponse, WebError> {
    let (round, question, comment) = path.into_inner();
    let at = CommentRef { question, comment };
    let person = staff.person();
    let review = state
        .run(move |svc| svc.comments_for_review(person, round))
        .await?;
    let Some((question_text, original)) = review.find(at) else {
        return Err(WebError::NotFound(
            "Deze toelichting bestaat niet. Open de lijst van toelichtingen opnieuw.",
        ));
    };
    let comment = CommentAt {
        info: &review.info,
        at,
        question: question_text,
        original,
    };
    let replacement = match form.keuze.as_str() {
        "eigen" => match parse_comment(&form.vervanging, MAX_REPLACEMENT) {
            Ok(Some(t)) if t == original => Err(
                "De tekst is niet veranderd. Haal het herkenbare deel weg, of kies de standaardtekst.",
            ),
            Ok(Some(t)) => Ok(Replacement::Own(t)),
            Ok(None) => Err("Vul de vervangende tekst in, of kies de standaardtekst."),
            Err(_) => {
                Err("De tekst is te lang (meer dan 2000 tekens) of bevat tekens die niet kunnen.")
            }
        },
        _ => Ok(Replacement::Standard),
    };
    let replacement = match replacement {
        Ok(r) => r,
        Err(why) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_again(&staff.nav(), &comment, &form.vervanging, why, &staff.csrf),
            ));
        }
    };
    if form.bevestigd != "ja" {
        return Ok(html(
            StatusCode::OK,
            confirm_page(&staff.nav(), &comment, &replacement, &staff.csrf),
        ));
    }
    let own = match replacement {
        Replacement::Standard => None,
        Replacement::Own(t) => Some(t),
    };
    state
        .run(move |svc| svc.redact_comment(person, round, at, own.as_deref()))
        .await?;
    Ok(
        see_other(&Notice::CommentRedacted.on(&format!("/mijn/rondes/{round}/toelichtingen")))
            .finish(),
    )
}

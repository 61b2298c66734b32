//! The verslag of a round: one handler per action. Thin: the service checks
//! the roles, the state and what was typed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Deserializer};

use crate::domain::ids::{KanttekeningId, RoundId, StaffId, VerslagCommentId};
use crate::service::round_info::RoundInfo;
use crate::service::verslag::VerslagEdit;
use crate::web::errors::WebError;
use crate::web::extract::{Button, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::verslag as views;

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}/verslag").route(web::get().to(show)))
        .service(
            web::resource("/mijn/rondes/{round}/verslag/koppen").route(web::post().to(headings)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/beginnen").route(web::post().to(start)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/deelnemers")
                .route(web::post().to(participants)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/koppen/{position}")
                .route(web::post().to(section)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/kanttekeningen/{kanttekening}")
                .route(web::post().to(kanttekening)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/concept-delen")
                .route(web::get().to(confirm_concept))
                .route(web::post().to(share_concept)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/commentaar").route(web::post().to(comment)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/commentaar/{comment}/verwerken")
                .route(web::post().to(process)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/definitief")
                .route(web::get().to(confirm_definitive))
                .route(web::post().to(make_definitive)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/correctie")
                .route(web::get().to(confirm_correction))
                .route(web::post().to(correct)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/verslag/ondertekenen")
                .route(web::get().to(signing))
                .route(web::post().to(sign)),
        );
}

fn back(round: RoundId) -> HttpResponse {
    see_other(&format!("/mijn/rondes/{round}/verslag")).finish()
}

/// Every field of a form but the CSRF token and the confirmation, as
/// posted (to show again, or to re-post after a confirmation).
pub struct Fields(Vec<(String, String)>, bool);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut all = Vec::<(String, String)>::deserialize(d)?;
        let confirmed = all.iter().any(|(k, v)| k == "bevestigen" && v == "ja");
        all.retain(|(k, _)| k != "csrf" && k != "bevestigen");
        Ok(Self(all, confirmed))
    }
}

impl Fields {
    fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// `GET …/verslag`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    page(&state, &staff, *round, Vec::new(), Vec::new()).await
}

async fn page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    errors: Vec<(String, String)>,
    typed: Vec<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let p = state
        .run(move |svc| svc.verslag_page(person, round))
        .await?;
    Ok(html(
        status_of(&errors),
        views::verslag_page(&staff.nav(), &p, &errors, &typed),
    ))
}

/// What an edit led to: back to the page, the page with the errors, or
/// the confirmation that signatures become void.
async fn edited(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    outcome: VerslagEdit,
    action: String,
    fields: Vec<(String, String)>,
) -> Result<HttpResponse, WebError> {
    match outcome {
        VerslagEdit::Done | VerslagEdit::SessionEnded => Ok(back(round)),
        VerslagEdit::Invalid(errors) => page(state, staff, round, errors, fields).await,
        VerslagEdit::ConfirmVoid => {
            let person = staff.person();
            let info = state
                .run(move |svc| svc.verslag_write_check(person, round))
                .await?;
            Ok(html(
                StatusCode::OK,
                views::confirm_page(
                    &staff.nav(),
                    &info,
                    "Wijziging opslaan?",
                    &[
                        "Het verslag is al (deels) ondertekend.",
                        "Dit maakt de handtekeningen ongeldig: er komt een nieuwe definitieve versie, die opnieuw ondertekend moet worden.",
                    ],
                    &action,
                    "Ja, wijzigen",
                    &fields,
                ),
            ))
        }
    }
}

/// `POST …/verslag/beginnen`
pub async fn start(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    state
        .run(move |svc| svc.start_verslag(person, round))
        .await?;
    Ok(back(round))
}

/// `POST …/verslag/deelnemers`
pub async fn participants(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(fields): StaffForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let chosen: Vec<StaffId> = fields
        .0
        .iter()
        .filter(|(k, _)| k == "deelnemer")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let confirmed = fields.1;
    let outcome = state
        .run(move |svc| svc.set_verslag_participants(person, round, &chosen, confirmed))
        .await?;
    let action = format!("/mijn/rondes/{round}/verslag/deelnemers");
    edited(&state, &staff, round, outcome, action, fields.0).await
}

/// `POST …/verslag/koppen`: the headings of this round's verslag.
pub async fn headings(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(fields): StaffForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let lines = fields.get("koppen").to_owned();
    let agreements = fields.get("afspraken").to_owned();
    let outcome = state
        .run(move |svc| svc.set_verslag_headings(person, round, &lines, &agreements))
        .await?;
    let action = format!("/mijn/rondes/{round}/verslag/koppen");
    edited(&state, &staff, round, outcome, action, fields.0).await
}

/// `POST …/verslag/koppen/{position}`
pub async fn section(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, i32)>,
    StaffForm(fields): StaffForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let ((round, position), person) = (*path, staff.person());
    let body = fields.get(&format!("tekst-{position}")).to_owned();
    let confirmed = fields.1;
    let outcome = state
        .run(move |svc| svc.save_verslag_section(person, round, position, &body, confirmed))
        .await?;
    let action = format!("/mijn/rondes/{round}/verslag/koppen/{position}");
    edited(&state, &staff, round, outcome, action, fields.0).await
}

/// `POST …/verslag/kanttekeningen/{kanttekening}`
pub async fn kanttekening(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, KanttekeningId)>,
    StaffForm(fields): StaffForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let ((round, id), person) = (*path, staff.person());
    let text = fields.get(&format!("kanttekening-{id}")).to_owned();
    let confirmed = fields.1;
    let outcome = state
        .run(move |svc| svc.edit_kanttekening(person, round, id, &text, confirmed))
        .await?;
    let action = format!("/mijn/rondes/{round}/verslag/kanttekeningen/{id}");
    edited(&state, &staff, round, outcome, action, fields.0).await
}

/// A confirmation of an irreversible step: the button posts to
/// `…/verslag{suffix}`.
fn confirmation(
    staff: &Staff,
    info: &RoundInfo,
    title: &str,
    facts: &[&str],
    suffix: &str,
    label: &str,
) -> HttpResponse {
    let action = format!("/mijn/rondes/{}/verslag{suffix}", info.id);
    html(
        StatusCode::OK,
        views::confirm_page(&staff.nav(), info, title, facts, &action, label, &[]),
    )
}

/// `GET …/verslag/concept-delen`: what sharing does, asked first.
pub async fn confirm_concept(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let info = state
        .run(move |svc| svc.verslag_write_check(person, round))
        .await?;
    Ok(confirmation(
        &staff,
        &info,
        "Concept delen?",
        &[
            "De deelnemers aan het gesprek krijgen een e-mail met een link (zonder de tekst) en lezen het concept in Klankbord.",
            "Zij geven per kop commentaar; u verwerkt dat daarna.",
            "Deze versie van het concept ligt dan vast.",
        ],
        "/concept-delen",
        "Ja, concept delen",
    ))
}

/// `POST …/verslag/concept-delen`
pub async fn share_concept(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    state
        .run(move |svc| svc.share_verslag_concept(person, round))
        .await?;
    Ok(back(round))
}

/// `POST …/verslag/commentaar`: a participant's comment on one heading.
pub async fn comment(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(fields): StaffForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    // A heading that is not a number is refused by the use case, after the role.
    let section = fields.get("kop").parse::<i32>().ok();
    let body = section
        .map(|s| fields.get(&format!("commentaar-{s}")).to_owned())
        .unwrap_or_default();
    let named = fields.get("genoemd") == "ja";
    let outcome = state
        .run(move |svc| svc.comment_on_verslag(person, round, section, &body, named))
        .await?;
    let action = format!("/mijn/rondes/{round}/verslag/commentaar");
    edited(&state, &staff, round, outcome, action, fields.0).await
}

/// `POST …/verslag/commentaar/{comment}/verwerken`
pub async fn process(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, VerslagCommentId)>,
    StaffForm(fields): StaffForm<Fields>,
) -> Result<HttpResponse, WebError> {
    let ((round, id), person) = (*path, staff.person());
    let outcome_code = fields.get("uitkomst").to_owned();
    let text = fields.get(&format!("toelichting-{id}")).to_owned();
    let outcome = state
        .run(move |svc| svc.process_verslag_comment(person, round, id, &outcome_code, &text))
        .await?;
    let action = format!("/mijn/rondes/{round}/verslag/commentaar/{id}/verwerken");
    edited(&state, &staff, round, outcome, action, fields.0).await
}

/// `GET …/verslag/definitief`: asked first.
pub async fn confirm_definitive(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let info = state
        .run(move |svc| svc.verslag_write_check(person, round))
        .await?;
    Ok(confirmation(
        &staff,
        &info,
        "Definitieve versie maken?",
        &[
            "Er kan daarna geen commentaar meer worden gegeven.",
            "Wie moet ondertekenen, kan de definitieve versie ondertekenen.",
        ],
        "/definitief",
        "Ja, definitieve versie maken",
    ))
}

/// `POST …/verslag/definitief`
pub async fn make_definitive(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    state
        .run(move |svc| svc.make_verslag_definitive(person, round))
        .await?;
    Ok(back(round))
}

/// `GET …/verslag/correctie`: what a correction is, asked first.
pub async fn confirm_correction(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let info = state
        .run(move |svc| svc.verslag_correction_check(person, round))
        .await?;
    Ok(confirmation(
        &staff,
        &info,
        "Correctie maken?",
        &[
            "Het vastgestelde verslag blijft zoals het is, en leesbaar.",
            "U begint een nieuw verslag met dezelfde tekst en deelnemers, dat naar het vastgestelde verslag verwijst.",
            "De correctie gaat weer als concept naar de deelnemers, krijgt een definitieve versie en wordt opnieuw ondertekend.",
        ],
        "/correctie",
        "Ja, correctie maken",
    ))
}

/// `POST …/verslag/correctie`
pub async fn correct(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    state
        .run(move |svc| svc.start_verslag_correction(person, round))
        .await?;
    Ok(back(round))
}

/// `GET …/verslag/ondertekenen`
pub async fn signing(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    signing_page(&state, &staff, *round, Vec::new()).await
}

async fn signing_page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let session = staff.session.clone();
    let p = state
        .run(move |svc| svc.verslag_signing(&session, round))
        .await?;
    Ok(html(
        status_of(&errors),
        views::signing_page(&staff.nav(), &p, &errors),
    ))
}

/// The signature as posted: the hash read, and the code typed (if any).
#[derive(Deserialize)]
pub struct SignForm {
    #[serde(default)]
    kenmerk: String,
    #[serde(default)]
    code: String,
}

/// `POST …/verslag/ondertekenen`
pub async fn sign(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<SignForm>,
) -> Result<HttpResponse, WebError> {
    let round = *round;
    let session = staff.session.clone();
    match state
        .run(move |svc| svc.sign_verslag(&session, round, &form.kenmerk, &form.code))
        .await?
    {
        VerslagEdit::Invalid(errors) => signing_page(&state, &staff, round, errors).await,
        VerslagEdit::SessionEnded => super::signin::session_ended(
            &state,
            "U typte te vaak een verkeerde code. Daarom bent u voor de veiligheid afgemeld. Vraag een nieuwe aanmeldlink aan en onderteken daarna opnieuw.",
        ),
        _ => Ok(back(round)),
    }
}

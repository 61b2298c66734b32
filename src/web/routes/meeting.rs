//! The two-way conversation: the reflection on the council, the agenda and
//! the agreements. Thin handlers: the service checks the roles.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde::Deserializer;

use crate::domain::agreement::AgreementForm;
use crate::domain::council_reflection::{CouncilTopic, InvalidReflection};
use crate::domain::ids::{AgendaItemId, AgreementId, RoundId};
use crate::domain::order::Move;
use crate::service::meeting::{AgendaChange, Edit, ReflectionOutcome};
use crate::web::errors::WebError;
use crate::web::extract::{Button, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::meeting as views;

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/reflectie")
            .route(web::get().to(reflection))
            .route(web::post().to(reflect)),
    )
    .service(web::resource("/mijn/rondes/{round}/agenda").route(web::get().to(agenda)))
    .service(
        web::resource("/mijn/rondes/{round}/agenda/punten").route(web::post().to(add_agenda_item)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/agenda/punten/{agenda_item}/omhoog")
            .route(web::post().to(move_up)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/agenda/punten/{agenda_item}/omlaag")
            .route(web::post().to(move_down)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/agenda/punten/{agenda_item}/verwijderen")
            .route(web::post().to(remove_agenda_item)),
    )
    .service(web::resource("/mijn/rondes/{round}/afspraken").route(web::get().to(agreements)))
    .service(
        web::resource("/mijn/rondes/{round}/afspraken/vastleggen")
            .route(web::post().to(record_agreement)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/afspraken/{agreement}/status")
            .route(web::post().to(update_status)),
    );
}

// --- The reflection on the council --------------------------------------------

/// The reflection as posted: per statement its answer and remark, as typed
/// (the service reads and checks them). Other fields are left out.
pub struct ReflectionForm {
    answers: Vec<(String, String)>,
}

impl<'de> Deserialize<'de> for ReflectionForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wanted: Vec<String> = CouncilTopic::ALL
            .into_iter()
            .flat_map(|t| [t.field(), t.remark_field()])
            .collect();
        let mut answers = Vec::<(String, String)>::deserialize(d)?;
        answers.retain(|(name, _)| wanted.contains(name));
        Ok(Self { answers })
    }
}

/// `GET …/reflectie`: the burgemeester's form, or the answers.
pub async fn reflection(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    reflection_page(&state, &staff, *round, None).await
}

/// `POST …/reflectie`: the burgemeester's answers, once.
pub async fn reflect(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<ReflectionForm>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    match state
        .run(move |svc| svc.submit_council_reflection(person, round, &form.answers))
        .await?
    {
        ReflectionOutcome::Saved => {
            Ok(see_other(&format!("/mijn/rondes/{round}/reflectie")).finish())
        }
        ReflectionOutcome::Invalid(invalid) => {
            reflection_page(&state, &staff, round, Some(invalid)).await
        }
    }
}

async fn reflection_page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    invalid: Option<InvalidReflection>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let page = state
        .run(move |svc| svc.council_reflection(person, round))
        .await?;
    let status = if invalid.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        views::reflection(&staff.nav(), &page, &staff.csrf, invalid.as_ref()),
    ))
}

// --- The agenda -----------------------------------------------------------------

/// A new agenda item.
#[derive(Deserialize)]
pub struct AgendaItemForm {
    #[serde(default)]
    tekst: String,
}

/// `GET …/agenda`
pub async fn agenda(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    agenda_page(&state, &staff, *round, "", Vec::new()).await
}

/// `POST …/agenda/punten`: the delegation or the burgemeester adds an item.
pub async fn add_agenda_item(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<AgendaItemForm>,
) -> Result<HttpResponse, WebError> {
    let change = AgendaChange::Add(form.tekst.clone());
    change_agenda(&state, &staff, *round, change, &form.tekst).await
}

/// `POST …/agenda/punten/{agenda_item}/omhoog` (the griffier).
pub async fn move_up(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, AgendaItemId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, item) = *path;
    change_agenda(
        &state,
        &staff,
        round,
        AgendaChange::Move(item, Move::Up),
        "",
    )
    .await
}

/// `POST …/agenda/punten/{agenda_item}/omlaag` (the griffier).
pub async fn move_down(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, AgendaItemId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, item) = *path;
    let change = AgendaChange::Move(item, Move::Down);
    change_agenda(&state, &staff, round, change, "").await
}

/// `POST …/agenda/punten/{agenda_item}/verwijderen` (the griffier).
pub async fn remove_agenda_item(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, AgendaItemId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, item) = *path;
    change_agenda(&state, &staff, round, AgendaChange::Remove(item), "").await
}

/// One change, then back to the agenda; refused: the page with what was typed.
async fn change_agenda(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    change: AgendaChange,
    typed: &str,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    match state
        .run(move |svc| svc.change_agenda(person, round, change))
        .await?
    {
        Edit::Done => Ok(see_other(&format!("/mijn/rondes/{round}/agenda")).finish()),
        Edit::Invalid(errors) => agenda_page(state, staff, round, typed, errors).await,
    }
}

async fn agenda_page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    typed: &str,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let view = state.run(move |svc| svc.agenda(person, round)).await?;
    Ok(html(
        status_of(&errors),
        views::agenda(&staff.nav(), &view, &staff.csrf, typed, &errors),
    ))
}

// --- The agreements ---------------------------------------------------------------

/// A new agreement as typed.
#[derive(Deserialize)]
pub struct NewAgreementForm {
    #[serde(default)]
    wat: String,
    #[serde(default)]
    verantwoordelijk: String,
    #[serde(default)]
    bewaakt: String,
    #[serde(default)]
    uiterlijk: String,
}

/// The status of an agreement; `terug` is the page it was changed on.
#[derive(Deserialize)]
pub struct StatusUpdateForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    toelichting: String,
    #[serde(default)]
    terug: String,
}

/// A refused agreement form, shown again.
#[derive(Default)]
struct Typed {
    new: AgreementForm,
    errors: Vec<(String, String)>,
    /// A refused status update: (agreement, status, note).
    status: Option<(AgreementId, String, String)>,
}

/// `GET …/afspraken`
pub async fn agreements(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    agreements_page(&state, &staff, *round, Typed::default()).await
}

/// `POST …/afspraken/vastleggen`: the griffier records an agreement after
/// the meeting.
pub async fn record_agreement(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<NewAgreementForm>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let new = AgreementForm {
        what: form.wat,
        responsible: form.verantwoordelijk,
        monitor: form.bewaakt,
        due_on: form.uiterlijk,
    };
    let posted = new.clone();
    match state
        .run(move |svc| svc.record_agreement(person, round, &posted))
        .await?
    {
        Edit::Done => Ok(see_other(&format!("/mijn/rondes/{round}/afspraken")).finish()),
        Edit::Invalid(errors) => {
            let typed = Typed {
                new,
                errors,
                status: None,
            };
            agreements_page(&state, &staff, round, typed).await
        }
    }
}

/// `POST …/afspraken/{agreement}/status`: the griffier updates the status of
/// an agreement of this round or the previous one.
pub async fn update_status(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, AgreementId)>,
    StaffForm(form): StaffForm<StatusUpdateForm>,
) -> Result<HttpResponse, WebError> {
    let ((round, agreement), person) = (*path, staff.person());
    let (status, note) = (form.status.clone(), form.toelichting.clone());
    match state
        .run(move |svc| svc.update_agreement_status(person, round, agreement, &status, &note))
        .await?
    {
        Edit::Done if form.terug == "ronde" => {
            Ok(see_other(&format!("/mijn/rondes/{round}#vorige-afspraken")).finish())
        }
        Edit::Done => Ok(see_other(&format!("/mijn/rondes/{round}/afspraken")).finish()),
        Edit::Invalid(errors) => {
            let typed = Typed {
                errors,
                status: Some((agreement, form.status, form.toelichting)),
                ..Typed::default()
            };
            agreements_page(&state, &staff, round, typed).await
        }
    }
}

async fn agreements_page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    typed: Typed,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let view = state.run(move |svc| svc.agreements(person, round)).await?;
    Ok(html(
        status_of(&typed.errors),
        views::agreements(
            &staff.nav(),
            &view,
            &staff.csrf,
            &typed.new,
            &typed.errors,
            typed
                .status
                .as_ref()
                .map(|(id, s, n)| (*id, s.as_str(), n.as_str())),
        ),
    ))
}

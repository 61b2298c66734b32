//! The griffier sets up a round: a new round, its settings, its groups.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::{GroupId, MunicipalityId, RoundId};
use crate::domain::round::{MinGroupSize, RoundDates, RoundKind};
use crate::domain::round_setup::{
    FieldError, RoundSettings, RoundSetup, SettingsInput, closing_day, field, parse_day,
    proposed_dates, proposed_meeting,
};
use crate::service::ServiceError;
use crate::service::round_info::RoundInfo;
use crate::service::round_setup::{FormOutcome, GroupEdit};
use crate::web::errors::WebError;
use crate::web::extract::{Button, Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::notice::Notice;
use crate::web::views::round_setup::{
    GroupsView, NewRoundView, SettingsValues, SettingsView, TypedGroup, groups_page, new_round,
    settings,
};

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/gemeenten/{municipality}/rondes/nieuw")
            .route(web::get().to(new_round_form))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/mijn/gemeenten/{municipality}/rondes/nieuw/voorstellen")
            .route(web::post().to(propose_for_new)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/instellingen")
            .route(web::get().to(show_settings))
            .route(web::post().to(save_settings)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/instellingen/voorstellen")
            .route(web::post().to(propose_for_settings)),
    )
    .service(web::resource("/mijn/rondes/{round}/groepen").route(web::get().to(show_groups)))
    .service(
        web::resource("/mijn/rondes/{round}/groepen/toevoegen").route(web::post().to(add_group)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/groepen/{group}/wijzigen")
            .route(web::post().to(change_group)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/groepen/{group}/verwijderen")
            .route(web::post().to(remove_group)),
    );
}

/// The settings of a round as typed (a new round has no `lijst`).
#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    soort: String,
    #[serde(default)]
    gesprek: String,
    #[serde(default)]
    opent: String,
    #[serde(default)]
    sluit: String,
    #[serde(default)]
    k: String,
    #[serde(default)]
    lijst: String,
}

impl SettingsForm {
    /// The settings and the list choice, or every field that is wrong.
    fn setup(&self) -> Result<RoundSetup, Vec<(String, String)>> {
        let settings = RoundSettings::parse(&self.input());
        let mayor_sees_raters = self.mayor_sees_raters();
        let mut errors = match &settings {
            Err(e) => summary(e),
            Ok(_) => Vec::new(),
        };
        if mayor_sees_raters.is_none() {
            errors.push((
                "lijst-0".to_owned(),
                "Kies of de burgemeester de lijst van referenten ziet.".to_owned(),
            ));
        }
        match (settings, mayor_sees_raters) {
            (Ok(settings), Some(mayor_sees_raters)) => Ok(RoundSetup {
                settings,
                mayor_sees_raters,
            }),
            _ => Err(errors),
        }
    }

    fn values(&self) -> SettingsValues {
        SettingsValues {
            kind: self.soort.clone(),
            meeting: self.gesprek.clone(),
            opens: self.opent.clone(),
            closes: self.sluit.clone(),
            min_group_size: self.k.clone(),
            mayor_sees_raters: self.lijst != "nee",
        }
    }

    fn input(&self) -> SettingsInput {
        SettingsInput {
            kind: self.soort.clone(),
            meeting: self.gesprek.clone(),
            opens: self.opent.clone(),
            closes: self.sluit.clone(),
            min_group_size: self.k.clone(),
        }
    }

    /// Whether the burgemeester sees the list: `None` when not chosen.
    fn mayor_sees_raters(&self) -> Option<bool> {
        match self.lijst.as_str() {
            "ja" => Some(true),
            "nee" => Some(false),
            _ => None,
        }
    }
}

/// A group's name and description as typed.
#[derive(Deserialize)]
pub struct GroupForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    omschrijving: String,
}

/// Pairs for the error summary; a radio group links to its first option.
fn summary(errors: &[FieldError]) -> Vec<(String, String)> {
    errors
        .iter()
        .map(|e| {
            let at = if e.field == field::KIND {
                "soort-0".to_owned()
            } else {
                e.field.to_owned()
            };
            (at, e.message.clone())
        })
        .collect()
}

/// The dates the handreiking proposes for the typed meeting date, or why
/// the meeting date cannot be read (nothing is stored either way).
fn with_proposal(mut values: SettingsValues) -> (SettingsValues, Vec<(String, String)>) {
    match parse_day(&values.meeting) {
        Ok(meeting) => {
            let (opens, closes) = proposed_dates(meeting);
            (values.opens, values.closes) = (opens.to_string(), closes.to_string());
            (values, Vec::new())
        }
        Err(e) => (
            values,
            vec![(
                field::MEETING.to_owned(),
                format!("Datum van het klankbordgesprek: {e}"),
            )],
        ),
    }
}

// --- A new round ------------------------------------------------------------

/// `GET /mijn/gemeenten/{municipality}/rondes/nieuw`: the form, with dates
/// proposed five weeks ahead (its griffier only; 404 outside it).
pub async fn new_round_form(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
) -> Result<HttpResponse, WebError> {
    new_round_page(&state, &staff, *municipality, None, Vec::new()).await
}

/// `POST …/rondes/nieuw/voorstellen`: the dates for the typed meeting date.
pub async fn propose_for_new(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    StaffForm(form): StaffForm<SettingsForm>,
) -> Result<HttpResponse, WebError> {
    let (values, errors) = with_proposal(form.values());
    new_round_page(&state, &staff, *municipality, Some(values), errors).await
}

/// `POST …/rondes/nieuw`: creates the round and opens its page.
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    StaffForm(form): StaffForm<SettingsForm>,
) -> Result<HttpResponse, WebError> {
    let (municipality, person) = (*municipality, staff.person());
    let refused = match RoundSettings::parse(&form.input()) {
        Err(refused) => refused,
        Ok(settings) => match state
            .run(move |svc| {
                let new = crate::service::setup::NewRound::from_settings(municipality, settings);
                Ok(svc.create_round(person, new))
            })
            .await?
        {
            Ok(FormOutcome::Done(id)) => {
                return Ok(see_other(&format!("/mijn/rondes/{id}")).finish());
            }
            Ok(FormOutcome::Refused(refused)) => refused,
            Err(ServiceError::Invalid(why)) => vec![FieldError {
                field: field::KIND,
                message: why,
            }],
            Err(e) => return Err(e.into()),
        },
    };
    new_round_page(
        &state,
        &staff,
        municipality,
        Some(form.values()),
        summary(&refused),
    )
    .await
}

/// The new-round form: 200, or 422 with what was refused. Without typed
/// values it proposes a meeting five weeks from today.
async fn new_round_page(
    state: &AppState,
    staff: &Staff,
    municipality: MunicipalityId,
    typed: Option<SettingsValues>,
    errors: Vec<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let ctx = state
        .run(move |svc| svc.new_round_context(person, municipality))
        .await?;
    let values = typed.unwrap_or_else(|| {
        let meeting = proposed_meeting(ctx.today);
        let (opens, closes) = proposed_dates(meeting);
        SettingsValues {
            kind: RoundKind::Regular.code().to_owned(),
            meeting: meeting.to_string(),
            opens: opens.to_string(),
            closes: closes.to_string(),
            min_group_size: MinGroupSize::DEFAULT.get().to_string(),
            mayor_sees_raters: true,
        }
    });
    Ok(html(
        status_of(&errors),
        new_round(
            &staff.nav(),
            municipality,
            &NewRoundView {
                municipality_id: &municipality.to_string(),
                municipality: &ctx.municipality,
                mayor: ctx.mayor.as_deref(),
                values: &values,
                errors: &errors,
                csrf: &staff.csrf,
            },
        ),
    ))
}

// --- The settings of a round --------------------------------------------------

fn stored_values(info: &RoundInfo) -> SettingsValues {
    let dates = RoundDates {
        opens_on: info.opens_on,
        closes_at: info.closes_at,
        meeting_on: info.meeting_on,
    };
    SettingsValues {
        kind: info.kind.code().to_owned(),
        meeting: info.meeting_on.to_string(),
        opens: info.opens_on.to_string(),
        closes: closing_day(&dates).to_string(),
        min_group_size: info.min_group_size.get().to_string(),
        mayor_sees_raters: info.mayor_sees_raters,
    }
}

/// The settings page after a form: what was typed, and why it was refused.
struct Typed {
    status: StatusCode,
    values: SettingsValues,
    errors: Vec<(String, String)>,
}

/// `GET /mijn/rondes/{round}/instellingen` (its griffier only).
pub async fn show_settings(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    settings_page(&state, &staff, *round, None, flash.text()).await
}

/// `POST /mijn/rondes/{round}/instellingen`: saves them.
pub async fn save_settings(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<SettingsForm>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let (status, errors) = match form.setup() {
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Ok(wanted) => match state
            .run(move |svc| Ok(svc.update_round_settings(person, round, wanted)))
            .await?
        {
            Ok(FormOutcome::Done(_)) => {
                let to = Notice::SettingsSaved.on(&format!("/mijn/rondes/{round}/instellingen"));
                return Ok(see_other(&to).finish());
            }
            Ok(FormOutcome::Refused(e)) => (StatusCode::UNPROCESSABLE_ENTITY, summary(&e)),
            Err(ServiceError::Conflict(why)) => (
                StatusCode::CONFLICT,
                vec![("foutmeldingen".to_owned(), why)],
            ),
            Err(e) => return Err(e.into()),
        },
    };
    let typed = Typed {
        status,
        values: form.values(),
        errors,
    };
    settings_page(&state, &staff, round, Some(typed), None).await
}

/// `POST …/instellingen/voorstellen`: the dates for the typed meeting date
/// (nothing stored).
pub async fn propose_for_settings(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<SettingsForm>,
) -> Result<HttpResponse, WebError> {
    let (values, errors) = with_proposal(form.values());
    let typed = Typed {
        status: status_of(&errors),
        values,
        errors,
    };
    settings_page(&state, &staff, *round, Some(typed), None).await
}

/// The settings page: as stored, or as typed with its status.
async fn settings_page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    typed: Option<Typed>,
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let info = state
        .run(move |svc| svc.round_settings(person, round))
        .await?;
    let typed = typed.unwrap_or_else(|| Typed {
        status: StatusCode::OK,
        values: stored_values(&info),
        errors: Vec::new(),
    });
    Ok(html(
        typed.status,
        settings(
            &staff.nav(),
            &SettingsView {
                info: &info,
                values: &typed.values,
                errors: &typed.errors,
                csrf: &staff.csrf,
                notice,
            },
        ),
    ))
}

// --- The groups of a round ------------------------------------------------------

/// `GET /mijn/rondes/{round}/groepen`: the groups with the forecast (its
/// griffier only).
pub async fn show_groups(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let refused = Refused {
        status: StatusCode::OK,
        errors: Vec::new(),
        typed: None,
    };
    groups_response(&state, &staff, *round, refused, flash.text()).await
}

/// `POST …/groepen/toevoegen`
pub async fn add_group(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<GroupForm>,
) -> Result<HttpResponse, WebError> {
    let edit = GroupEdit::Add {
        name: form.naam.clone(),
        description: form.omschrijving.clone(),
    };
    let refused = match edit_group(&state, &staff, *round, edit, "nieuw-naam".into()).await? {
        Ok(()) => return Ok(groups_done(*round, Notice::GroupAdded)),
        Err(refused) => refused.typed(None, form),
    };
    groups_response(&state, &staff, *round, refused, None).await
}

/// `POST …/groepen/{group}/wijzigen`: a new name or description.
pub async fn change_group(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, GroupId)>,
    StaffForm(form): StaffForm<GroupForm>,
) -> Result<HttpResponse, WebError> {
    let (round, group) = *path;
    let edit = GroupEdit::Change {
        group,
        name: form.naam.clone(),
        description: form.omschrijving.clone(),
    };
    let refused = match edit_group(&state, &staff, round, edit, format!("naam-{group}")).await? {
        Ok(()) => return Ok(groups_done(round, Notice::GroupChanged)),
        Err(refused) => refused.typed(Some(group), form),
    };
    groups_response(&state, &staff, round, refused, None).await
}

/// `POST …/groepen/{group}/verwijderen` (only a group without referenten).
pub async fn remove_group(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, GroupId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, group) = *path;
    let edit = GroupEdit::Remove { group };
    match edit_group(&state, &staff, round, edit, format!("groep-{group}")).await? {
        Ok(()) => Ok(groups_done(round, Notice::GroupRemoved)),
        Err(refused) => groups_response(&state, &staff, round, refused, None).await,
    }
}

/// A refused change of the groups: 422 (invalid) or 409 (not now), with
/// the typed values of the group's form.
struct Refused {
    status: StatusCode,
    errors: Vec<(String, String)>,
    /// `Some(None)`: the form for a new group.
    typed: Option<(Option<GroupId>, GroupForm)>,
}

impl Refused {
    fn typed(self, group: Option<GroupId>, form: GroupForm) -> Self {
        Self {
            typed: Some((group, form)),
            ..self
        }
    }
}

/// Runs the change; a refusal names the field `at`.
async fn edit_group(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    edit: GroupEdit,
    at: String,
) -> Result<Result<(), Refused>, WebError> {
    let person = staff.person();
    let (status, why) = match state
        .run(move |svc| Ok(svc.edit_group(person, round, edit)))
        .await?
    {
        Ok(()) => return Ok(Ok(())),
        Err(ServiceError::Invalid(why)) => (StatusCode::UNPROCESSABLE_ENTITY, why),
        Err(ServiceError::Conflict(why)) => (StatusCode::CONFLICT, why),
        Err(e) => return Err(e.into()),
    };
    Ok(Err(Refused {
        status,
        errors: vec![(at, why)],
        typed: None,
    }))
}

fn groups_done(round: RoundId, notice: Notice) -> HttpResponse {
    see_other(&notice.on(&format!("/mijn/rondes/{round}/groepen"))).finish()
}

async fn groups_response(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    refused: Refused,
    notice: Option<&str>,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let overview = state
        .run(move |svc| svc.groups_overview(person, round))
        .await?;
    let typed = refused.typed.as_ref().map(|(group, form)| TypedGroup {
        group: *group,
        name: &form.naam,
        description: &form.omschrijving,
    });
    Ok(html(
        refused.status,
        groups_page(
            &staff.nav(),
            &GroupsView {
                overview: &overview,
                errors: &refused.errors,
                typed: typed.as_ref(),
                csrf: &staff.csrf,
                notice,
            },
        ),
    ))
}

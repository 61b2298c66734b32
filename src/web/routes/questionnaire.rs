//! The griffier's questionnaire of a round, and the preview per group.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use crate::domain::ids::{ItemId, RoundId, ThemeId};
use crate::domain::questionnaire::{
    DEFAULT_OPEN_MAX_CHARS, ItemKind, ItemText, parse_competencies,
};
use crate::service::ServiceError;
use crate::service::questionnaire_edit::{FIXED, QuestionnaireEdit};
use crate::web::errors::WebError;
use crate::web::extract::{Button, Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::notice::Notice;
use crate::web::views::questionnaire_edit::{
    PROFILE_FIELD, Posted, QuestionnairePage, groups_field, own_field, questionnaire_page,
    text_field,
};
use crate::web::views::respond;

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/mijn/rondes/{round}/vragenlijst", web::get().to(show))
        .route(
            "/mijn/rondes/{round}/vragenlijst/vragen/{item}/tekst",
            web::post().to(reword),
        )
        .route(
            "/mijn/rondes/{round}/vragenlijst/vragen/{item}/groepen",
            web::post().to(retarget),
        )
        .route(
            "/mijn/rondes/{round}/vragenlijst/vragen/{item}/weghalen",
            web::post().to(remove),
        )
        .route(
            "/mijn/rondes/{round}/vragenlijst/vragenbank/{key}/terugzetten",
            web::post().to(restore),
        )
        .route(
            "/mijn/rondes/{round}/vragenlijst/thema/{theme}/vragen",
            web::post().to(add_own),
        )
        .route(
            "/mijn/rondes/{round}/vragenlijst/profielschets/controleren",
            web::post().to(check_profile),
        )
        .route(
            "/mijn/rondes/{round}/vragenlijst/profielschets",
            web::post().to(add_profile),
        )
        .route(
            "/mijn/rondes/{round}/vragenlijst/voorbeeld/{group}",
            web::get().to(preview),
        );
}

/// New wording for an item.
#[derive(Deserialize)]
pub struct TextForm {
    #[serde(default)]
    tekst: String,
}

/// The groups (by key) that get an item: the checked boxes, each a `groep`
/// field of its own.
pub struct GroupsForm {
    groups: Vec<String>,
}

impl<'de> Deserialize<'de> for GroupsForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = GroupsForm;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the checked groups")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GroupsForm, A::Error> {
                let mut groups = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, String>()? {
                    if name == "groep" {
                        groups.push(value);
                    }
                }
                Ok(GroupsForm { groups })
            }
        }
        d.deserialize_map(Fields)
    }
}

/// An own statement or open question for a theme.
#[derive(Deserialize)]
pub struct OwnItemForm {
    /// `stelling` or `open`.
    #[serde(default)]
    soort: String,
    #[serde(default)]
    tekst: String,
}

/// The competencies of the profielschets, one a line.
#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    lijst: String,
}

/// What the page shows besides the questionnaire.
#[derive(Default)]
struct Shown {
    /// Shown again after a POST that changed nothing: refused (409) once
    /// the questionnaire is fixed, whatever the form held.
    after_post: bool,
    /// Nothing stored; (field id, message).
    errors: Vec<(String, String)>,
    posted: Posted,
    /// The statements the profielschets would add (after "Controleren").
    profile_preview: Option<Vec<String>>,
    notice: Option<String>,
}

impl Shown {
    fn refused(posted: Posted, errors: Vec<(String, String)>) -> Self {
        Self {
            after_post: true,
            errors,
            posted,
            ..Self::default()
        }
    }
}

/// `GET /mijn/rondes/{round}/vragenlijst`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    let shown = Shown {
        notice: flash.0,
        ..Shown::default()
    };
    page(&state, &staff, *round, shown).await
}

/// `POST …/vragenlijst/vragen/{item}/tekst`
pub async fn reword(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ItemId)>,
    StaffForm(form): StaffForm<TextForm>,
) -> Result<HttpResponse, WebError> {
    let (round, item) = *path;
    let field = text_field(item);
    let edit = ItemText::parse(&form.tekst)
        .map(|text| QuestionnaireEdit::Reword { item, text })
        .map_err(|e| vec![(field.clone(), format!("Tekst: {e}"))]);
    let posted = Posted::Text {
        item,
        text: form.tekst,
    };
    edit_or_refuse(
        &state,
        &staff,
        round,
        edit,
        Notice::ItemTextChanged,
        field,
        posted,
    )
    .await
}

/// `POST …/vragenlijst/vragen/{item}/groepen`
pub async fn retarget(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ItemId)>,
    StaffForm(form): StaffForm<GroupsForm>,
) -> Result<HttpResponse, WebError> {
    let (round, item) = *path;
    let edit = QuestionnaireEdit::Retarget {
        item,
        groups: form.groups.clone(),
    };
    let posted = Posted::Groups {
        item,
        groups: form.groups,
    };
    let (notice, field) = (Notice::ItemGroupsChanged, groups_field(item));
    edit_or_refuse(&state, &staff, round, Ok(edit), notice, field, posted).await
}

/// `POST …/vragenlijst/vragen/{item}/weghalen`
pub async fn remove(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ItemId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, item) = *path;
    let edit = QuestionnaireEdit::Remove { item };
    let (notice, field) = (Notice::ItemRemoved, PROFILE_FIELD.to_owned());
    edit_or_refuse(
        &state,
        &staff,
        round,
        Ok(edit),
        notice,
        field,
        Posted::Nothing,
    )
    .await
}

/// `POST …/vragenlijst/vragenbank/{key}/terugzetten`: an item of the bank
/// back into the questionnaire.
pub async fn restore(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, String)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, key) = path.into_inner();
    let edit = QuestionnaireEdit::Restore { key };
    let (notice, field) = (Notice::ItemRestored, PROFILE_FIELD.to_owned());
    edit_or_refuse(
        &state,
        &staff,
        round,
        Ok(edit),
        notice,
        field,
        Posted::Nothing,
    )
    .await
}

/// `POST …/vragenlijst/thema/{theme}/vragen`: an own item, for every group.
pub async fn add_own(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ThemeId)>,
    StaffForm(form): StaffForm<OwnItemForm>,
) -> Result<HttpResponse, WebError> {
    let (round, theme) = *path;
    let field = own_field(theme);
    let kind = match form.soort.as_str() {
        "stelling" => Ok(ItemKind::Scale),
        "open" => Ok(ItemKind::Open {
            max_chars: DEFAULT_OPEN_MAX_CHARS,
        }),
        _ => Err("Kies of het een stelling of een open vraag is.".to_owned()),
    };
    let edit = kind
        .and_then(|kind| {
            let text = ItemText::parse(&form.tekst).map_err(|e| format!("Tekst: {e}"))?;
            Ok(QuestionnaireEdit::AddOwn { theme, kind, text })
        })
        .map_err(|why| vec![(field.clone(), why)]);
    let posted = Posted::Own {
        theme,
        kind: form.soort,
        text: form.tekst,
    };
    edit_or_refuse(
        &state,
        &staff,
        round,
        edit,
        Notice::ItemAdded,
        field,
        posted,
    )
    .await
}

/// `POST …/vragenlijst/profielschets/controleren`: the statements it would
/// add (nothing stored).
pub async fn check_profile(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<ProfileForm>,
) -> Result<HttpResponse, WebError> {
    let (errors, profile_preview) = match competencies(&form.lijst) {
        Ok(lines) => (
            Vec::new(),
            Some(lines.into_iter().map(ItemText::into_string).collect()),
        ),
        Err(errors) => (errors, None),
    };
    let shown = Shown {
        profile_preview,
        ..Shown::refused(Posted::Profile { list: form.lijst }, errors)
    };
    page(&state, &staff, *round, shown).await
}

/// `POST …/vragenlijst/profielschets`: the competencies as statements.
pub async fn add_profile(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<ProfileForm>,
) -> Result<HttpResponse, WebError> {
    let edit = competencies(&form.lijst).map(|lines| QuestionnaireEdit::AddCompetencies { lines });
    let posted = Posted::Profile { list: form.lijst };
    let (notice, field) = (Notice::ProfileAdded, PROFILE_FIELD.to_owned());
    edit_or_refuse(&state, &staff, *round, edit, notice, field, posted).await
}

/// The lines of the profielschets, or per wrong line why.
fn competencies(list: &str) -> Result<Vec<ItemText>, Vec<(String, String)>> {
    parse_competencies(list).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                (
                    PROFILE_FIELD.to_owned(),
                    format!("Regel {}: {}", e.line, e.message),
                )
            })
            .collect()
    })
}

/// Makes the change (already parsed, or refused with its errors): back to
/// the questionnaire with `notice`, or the page with what was typed and
/// why, a refusal of the service at `field`.
async fn edit_or_refuse(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    edit: Result<QuestionnaireEdit, Vec<(String, String)>>,
    notice: Notice,
    field: String,
    posted: Posted,
) -> Result<HttpResponse, WebError> {
    let errors = match edit {
        Err(errors) => errors,
        Ok(edit) => {
            let person = staff.person();
            match state
                .run(move |svc| Ok(svc.edit_questionnaire(person, round, edit)))
                .await?
            {
                Ok(()) => {
                    let to = notice.on(&format!("/mijn/rondes/{round}/vragenlijst"));
                    return Ok(see_other(&to).finish());
                }
                Err(ServiceError::Invalid(why)) => vec![(field, why)],
                Err(e) => return Err(e.into()),
            }
        }
    };
    page(state, staff, round, Shown::refused(posted, errors)).await
}

/// The page: 200, or 422 with what was refused (nothing stored).
async fn page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    shown: Shown,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let q = state
        .run(move |svc| svc.composed_questionnaire(person, round))
        .await?;
    if shown.after_post && !q.editable {
        return Err(ServiceError::Conflict(FIXED.into()).into());
    }
    Ok(html(
        status_of(&shown.errors),
        questionnaire_page(&QuestionnairePage {
            q: &q,
            csrf: &staff.csrf,
            errors: &shown.errors,
            posted: &shown.posted,
            profile_preview: shown.profile_preview.as_deref(),
            notice: shown.notice.as_deref(),
        }),
    ))
}

/// `GET …/vragenlijst/voorbeeld/{group}`: the referent's form for that
/// group (by key), with nothing to send.
pub async fn preview(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, String)>,
) -> Result<HttpResponse, WebError> {
    let ((round, group), person) = (path.into_inner(), staff.person());
    let p = state
        .run(move |svc| svc.preview_questionnaire(person, round, &group))
        .await?;
    Ok(html(
        StatusCode::OK,
        respond::preview(&p.info, &p.group, &p.questionnaire),
    ))
}

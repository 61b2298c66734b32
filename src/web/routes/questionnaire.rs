//! The griffier's questionnaire of a round, and the preview per group.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde::Deserializer;

use crate::domain::ids::{ItemId, RoundId, ThemeId};
use crate::domain::order::Move;
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
    PROFILE_FIELD, Posted, QuestionnairePage, groups_field, item_anchor, own_field,
    questionnaire_page, text_field, theme_anchor,
};
use crate::web::views::respond;

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}/vragenlijst").route(web::get().to(show)))
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/vragen/{item}/tekst")
                .route(web::post().to(reword)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/vragen/{item}/groepen")
                .route(web::post().to(retarget)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/vragen/{item}/weghalen")
                .route(web::post().to(remove)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/vragen/{item}/omhoog")
                .route(web::post().to(item_up)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/vragen/{item}/omlaag")
                .route(web::post().to(item_down)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/thema/{theme}/omhoog")
                .route(web::post().to(theme_up)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/thema/{theme}/omlaag")
                .route(web::post().to(theme_down)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/vragenbank/{key}/terugzetten")
                .route(web::post().to(restore)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/thema/{theme}/vragen")
                .route(web::post().to(add_own)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/profielschets/controleren")
                .route(web::post().to(check_profile)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/profielschets")
                .route(web::post().to(add_profile)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/vragenlijst/voorbeeld/{group}")
                .route(web::get().to(preview)),
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
        let fields = Vec::<(String, String)>::deserialize(d)?;
        let groups = fields
            .into_iter()
            .filter(|(name, _)| name == "groep")
            .map(|(_, key)| key)
            .collect();
        Ok(Self { groups })
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
    let change = Change {
        edit: ItemText::parse(&form.tekst)
            .map(|text| QuestionnaireEdit::Reword { item, text })
            .map_err(|e| vec![(field.clone(), format!("Tekst: {e}"))]),
        done: Notice::ItemTextChanged,
        field,
        posted: Posted::Text {
            item,
            text: form.tekst,
        },
        anchor: item_anchor(item),
    };
    apply(&state, &staff, round, change).await
}

/// `POST …/vragenlijst/vragen/{item}/groepen`
pub async fn retarget(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ItemId)>,
    StaffForm(form): StaffForm<GroupsForm>,
) -> Result<HttpResponse, WebError> {
    let (round, item) = *path;
    let change = Change {
        edit: Ok(QuestionnaireEdit::Retarget {
            item,
            groups: form.groups.clone(),
        }),
        done: Notice::ItemGroupsChanged,
        field: groups_field(item),
        posted: Posted::Groups {
            item,
            groups: form.groups,
        },
        anchor: item_anchor(item),
    };
    apply(&state, &staff, round, change).await
}

/// `POST …/vragenlijst/vragen/{item}/weghalen`
pub async fn remove(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ItemId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    let (round, item) = *path;
    let change = Change::button(QuestionnaireEdit::Remove { item }, Notice::ItemRemoved);
    apply(&state, &staff, round, change).await
}

/// `POST …/vragenlijst/vragen/{item}/omhoog`: one place up in its theme.
pub async fn item_up(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ItemId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    move_item(&state, &staff, *path, Move::Up).await
}

/// `POST …/vragenlijst/vragen/{item}/omlaag`: one place down in its theme.
pub async fn item_down(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ItemId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    move_item(&state, &staff, *path, Move::Down).await
}

/// `POST …/vragenlijst/thema/{theme}/omhoog`
pub async fn theme_up(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ThemeId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    move_theme(&state, &staff, *path, Move::Up).await
}

/// `POST …/vragenlijst/thema/{theme}/omlaag`
pub async fn theme_down(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, ThemeId)>,
    StaffForm(Button {}): StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    move_theme(&state, &staff, *path, Move::Down).await
}

/// Moves an item; back to the questionnaire at the item, in its new place.
async fn move_item(
    state: &AppState,
    staff: &Staff,
    (round, item): (RoundId, ItemId),
    to: Move,
) -> Result<HttpResponse, WebError> {
    let change = Change {
        anchor: item_anchor(item),
        ..Change::button(QuestionnaireEdit::MoveItem { item, to }, Notice::ItemMoved)
    };
    apply(state, staff, round, change).await
}

/// Moves a theme; back to the questionnaire at the theme.
async fn move_theme(
    state: &AppState,
    staff: &Staff,
    (round, theme): (RoundId, ThemeId),
    to: Move,
) -> Result<HttpResponse, WebError> {
    let change = Change {
        anchor: theme_anchor(theme),
        ..Change::button(
            QuestionnaireEdit::MoveTheme { theme, to },
            Notice::ThemeMoved,
        )
    };
    apply(state, staff, round, change).await
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
    let change = Change::button(QuestionnaireEdit::Restore { key }, Notice::ItemRestored);
    apply(&state, &staff, round, change).await
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
    let change = Change {
        edit,
        done: Notice::ItemAdded,
        field,
        posted: Posted::Own {
            theme,
            kind: form.soort,
            text: form.tekst,
        },
        anchor: theme_anchor(theme),
    };
    apply(&state, &staff, round, change).await
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
    let change = Change {
        edit: competencies(&form.lijst).map(|lines| QuestionnaireEdit::AddCompetencies { lines }),
        done: Notice::ProfileAdded,
        field: PROFILE_FIELD.to_owned(),
        posted: Posted::Profile { list: form.lijst },
        anchor: String::new(),
    };
    apply(&state, &staff, *round, change).await
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

/// One change as posted.
struct Change {
    /// Parsed, or refused before the service with per field why.
    edit: Result<QuestionnaireEdit, Vec<(String, String)>>,
    /// What the questionnaire says after it.
    done: Notice,
    /// The field a refusal of the service is about.
    field: String,
    /// What was typed, shown again when refused.
    posted: Posted,
    /// Where on the page to land after it (an element's id), or empty.
    anchor: String,
}

impl Change {
    /// A button's change: nothing typed.
    fn button(edit: QuestionnaireEdit, done: Notice) -> Self {
        Self {
            edit: Ok(edit),
            done,
            field: PROFILE_FIELD.to_owned(),
            posted: Posted::Nothing,
            anchor: String::new(),
        }
    }
}

/// Makes the change: back to the questionnaire with its notice, or the
/// page with what was typed and why it was refused.
async fn apply(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    change: Change,
) -> Result<HttpResponse, WebError> {
    let errors = match change.edit {
        Err(errors) => errors,
        Ok(edit) => {
            let person = staff.person();
            match state
                .run(move |svc| Ok(svc.edit_questionnaire(person, round, edit)))
                .await?
            {
                Ok(()) => {
                    let mut to = change.done.on(&format!("/mijn/rondes/{round}/vragenlijst"));
                    if !change.anchor.is_empty() {
                        to = format!("{to}#{}", change.anchor);
                    }
                    return Ok(see_other(&to).finish());
                }
                Err(ServiceError::Invalid(why)) => vec![(change.field, why)],
                Err(e) => return Err(e.into()),
            }
        }
    };
    page(state, staff, round, Shown::refused(change.posted, errors)).await
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
        questionnaire_page(
            &staff.nav(),
            &QuestionnairePage {
                q: &q,
                csrf: &staff.csrf,
                errors: &shown.errors,
                posted: &shown.posted,
                profile_preview: shown.profile_preview.as_deref(),
                notice: shown.notice.as_deref(),
            },
        ),
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

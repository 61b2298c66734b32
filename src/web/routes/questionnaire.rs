//! The griffier's questionnaire of a round, and the preview per group.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::ids::{ItemId, RoundId, ThemeId};
use crate::domain::questionnaire::{
    DEFAULT_OPEN_MAX_CHARS, ItemKind, ItemText, parse_competencies,
};
use crate::service::ServiceError;
use crate::service::questionnaire_edit::{FIXED, QuestionnaireEdit};
use crate::service::signin::StaffSession;
use crate::web::errors::WebError;
use crate::web::staff_session::{self, check_csrf_old as check_csrf};
use crate::web::state::AppState;
use crate::web::views::questionnaire_edit::{
    PROFILE_FIELD, Posted, QuestionnairePage, groups_field, own_field, questionnaire_page,
    text_field,
};
use crate::web::views::respond;

use super::staff::not_found;
use super::{field, html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/vragenlijst")
            .route(web::get().to(show))
            .route(web::post().to(change)),
    )
    .route(
        "/mijn/rondes/{round}/vragenlijst/voorbeeld/{group}",
        web::get().to(preview),
    );
}

/// What a POST asks for, parsed.
enum Request {
    Edit(QuestionnaireEdit),
    /// Check the profielschets: the statements it would add.
    ProfilePreview(Vec<String>),
    /// Bad input: nothing is changed.
    Invalid(Vec<(String, String)>),
}

fn item_id(posted: &Posted) -> Result<ItemId, WebError> {
    posted.item.parse().map_err(|_| {
        WebError::Service(ServiceError::NotFound(
            "Deze vraag staat niet in de vragenlijst.".into(),
        ))
    })
}

fn text(posted: &Posted, field: String) -> Result<ItemText, Request> {
    ItemText::parse(&posted.text)
        .map_err(|e| Request::Invalid(vec![(field, format!("Tekst: {e}"))]))
}

fn profile(posted: &Posted) -> Result<Vec<ItemText>, Request> {
    parse_competencies(&posted.list).map_err(|errors| {
        Request::Invalid(
            errors
                .into_iter()
                .map(|e| {
                    (
                        PROFILE_FIELD.to_owned(),
                        format!("Regel {}: {}", e.line, e.message),
                    )
                })
                .collect(),
        )
    })
}

fn parse(posted: &Posted) -> Result<Request, WebError> {
    let edit = match posted.step.as_str() {
        "weghalen" => QuestionnaireEdit::Remove {
            item: item_id(posted)?,
        },
        "terugzetten" => QuestionnaireEdit::Restore {
            key: posted.key.clone(),
        },
        "tekst" => {
            let item = item_id(posted)?;
            match text(posted, text_field(&posted.item)) {
                Ok(text) => QuestionnaireEdit::Reword { item, text },
                Err(invalid) => return Ok(invalid),
            }
        }
        "groepen" => QuestionnaireEdit::Retarget {
            item: item_id(posted)?,
            groups: posted.groups.clone(),
        },
        "profielschets-controleren" => {
            return Ok(match profile(posted) {
                Ok(lines) => {
                    Request::ProfilePreview(lines.into_iter().map(ItemText::into_string).collect())
                }
                Err(invalid) => invalid,
            });
        }
        "profielschets" => match profile(posted) {
            Ok(lines) => QuestionnaireEdit::AddCompetencies { lines },
            Err(invalid) => return Ok(invalid),
        },
        "toevoegen" => {
            let theme: ThemeId = posted.theme.parse().map_err(|_| {
                WebError::Service(ServiceError::NotFound("Dit thema bestaat niet.".into()))
            })?;
            let own = own_field(&posted.theme);
            let kind = match posted.kind.as_str() {
                "stelling" => ItemKind::Scale,
                "open" => ItemKind::Open {
                    max_chars: DEFAULT_OPEN_MAX_CHARS,
                },
                _ => {
                    return Ok(Request::Invalid(vec![(
                        own,
                        "Kies of het een stelling of een open vraag is.".into(),
                    )]));
                }
            };
            match text(posted, own) {
                Ok(text) => QuestionnaireEdit::AddOwn { theme, kind, text },
                Err(invalid) => return Ok(invalid),
            }
        }
        _ => return Err(WebError::BadRequest("Onbekende actie.".into())),
    };
    Ok(Request::Edit(edit))
}

/// The field an error of the service about this step belongs to.
fn error_field(posted: &Posted) -> String {
    match posted.step.as_str() {
        "tekst" => text_field(&posted.item),
        "groepen" => groups_field(&posted.item),
        "toevoegen" => own_field(&posted.theme),
        _ => PROFILE_FIELD.to_owned(),
    }
}

fn done(query: &str) -> Option<&'static str> {
    match query.strip_prefix("gedaan=")? {
        "weghalen" => Some("De vraag is uit de vragenlijst gehaald."),
        "terugzetten" => Some("De vraag uit de vragenbank staat weer in de vragenlijst."),
        "tekst" => Some("De tekst is aangepast."),
        "groepen" => Some("De groepen zijn aangepast."),
        "profielschets" => {
            Some("De competenties staan als stellingen in het thema ‘Profielschets’.")
        }
        "toevoegen" => Some("De vraag is toegevoegd."),
        _ => None,
    }
}

struct Render<'a> {
    status: StatusCode,
    /// Shown again after a POST that changed nothing.
    after_post: bool,
    errors: &'a [(String, String)],
    posted: &'a Posted,
    profile_preview: Option<&'a [String]>,
    notice: Option<&'a str>,
}

async fn render(
    state: &AppState,
    session: &StaffSession,
    round: RoundId,
    r: Render<'_>,
) -> Result<HttpResponse, WebError> {
    let svc = state.svc.clone();
    let person = session.staff;
    let q = web::block(move || svc.composed_questionnaire(person, round)).await??;
    // A form posted after the first invitation changes nothing, whatever it holds.
    if r.after_post && !q.editable {
        return Err(ServiceError::Conflict(FIXED.into()).into());
    }
    Ok(html(
        r.status,
        questionnaire_page(&QuestionnairePage {
            q: &q,
            csrf: &state.svc.staff_csrf(session),
            errors: r.errors,
            posted: r.posted,
            profile_preview: r.profile_preview,
            notice: r.notice,
        }),
    ))
}

/// `GET /mijn/rondes/{round}/vragenlijst`
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let posted = Posted::default();
    let r = Render {
        status: StatusCode::OK,
        after_post: false,
        errors: &[],
        posted: &posted,
        profile_preview: None,
        notice: done(req.query_string()),
    };
    render(&state, &session, round, r).await
}

/// `POST /mijn/rondes/{round}/vragenlijst`: one change (`stap`).
pub async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let fields = form.into_inner();
    check_csrf(&state, &session, &field(&fields, "csrf"))?;
    let posted = Posted {
        step: field(&fields, "stap"),
        item: field(&fields, "vraag"),
        key: field(&fields, "sleutel"),
        theme: field(&fields, "thema"),
        kind: field(&fields, "soort"),
        text: field(&fields, "tekst"),
        groups: fields
            .iter()
            .filter(|(k, _)| k == "groep")
            .map(|(_, v)| v.clone())
            .collect(),
        list: field(&fields, "lijst"),
    };
    let (errors, preview) = match parse(&posted)? {
        Request::Edit(edit) => {
            let svc = state.svc.clone();
            let person = session.staff;
            match web::block(move || svc.edit_questionnaire(person, round, edit)).await? {
                Ok(()) => {
                    return Ok(see_other(&format!(
                        "/mijn/rondes/{round}/vragenlijst?gedaan={}",
                        posted.step
                    ))
                    .finish());
                }
                Err(ServiceError::Invalid(why)) => (vec![(error_field(&posted), why)], None),
                Err(e) => return Err(e.into()),
            }
        }
        Request::ProfilePreview(lines) => (Vec::new(), Some(lines)),
        Request::Invalid(errors) => (errors, None),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let r = Render {
        status,
        after_post: true,
        errors: &errors,
        posted: &posted,
        profile_preview: preview.as_deref(),
        notice: None,
    };
    render(&state, &session, round, r).await
}

/// `GET /mijn/rondes/{round}/vragenlijst/voorbeeld/{group}`: the referent's
/// form for that group, with nothing to send.
pub async fn preview(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let session = staff_session::signed_in(&req, &state).await?;
    let (round, group) = path.into_inner();
    let round: RoundId = round.parse().map_err(|_| not_found())?;
    let svc = state.svc.clone();
    let person = session.staff;
    let p = web::block(move || svc.preview_questionnaire(person, round, &group)).await??;
    Ok(html(
        StatusCode::OK,
        respond::preview(&p.info, &p.group, &p.questionnaire),
    ))
}

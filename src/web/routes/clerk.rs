//! The griffier's round page and actions: invite, remind, close.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::RoundId;
use crate::domain::rater_import::{ImportError, MAX_IMPORT_BYTES, RaterField};
use crate::domain::round::amsterdam;
use crate::service::ServiceError;
use crate::service::clerk::ClerkAction;
use crate::service::raters::{PreviewRow, RaterForm};
use crate::service::signin::StaffSession;
use crate::web::errors::WebError;
use crate::web::multipart::{self, Limits, Upload};
use crate::web::staff_session;
use crate::web::staff_session::check_csrf;
use crate::web::state::AppState;
use crate::web::views::clerk::{ClerkRound, capitalised, round_page};
use crate::web::views::raters::{RatersPage, raters_page};

use super::staff::not_found;
use super::{html, see_other};

pub async fn round(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let (svc, person) = (state.svc.clone(), session.staff);
    let view = web::block(move || svc.clerk_round(person, round)).await??;
    let notice = req
        .query_string()
        .split('&')
        .find_map(|kv| kv.strip_prefix("gedaan="))
        .and_then(|what| match what {
            "uitnodigen" => Some("De uitnodigingen staan klaar en worden nu verstuurd."),
            "herinneren" => {
                Some("De herinneringen worden nu verstuurd, alleen aan wie nog niet reageerde.")
            }
            "sluiten" => Some("De vragenlijst is gesloten en de uitkomsten zijn berekend."),
            _ => None,
        });
    Ok(html(
        StatusCode::OK,
        round_page(&ClerkRound {
            info: &view.info,
            today: state.svc.now().to_zoned(amsterdam()).date(),
            progress: &view.progress,
            raters: &view.raters,
            mail: &view.mail,
            csrf: &state.svc.staff_csrf(&session),
            notice,
            previous: view.previous.as_ref(),
        }),
    ))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn act(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    let (round, what) = path.into_inner();
    let (session, round) = staff_session::active_for_round(&req, &state, &round).await?;
    let action = ClerkAction::parse(&what).ok_or_else(not_found)?;
    check_csrf(&state, &session, &form.csrf)?;
    let svc = state.svc.clone();
    let person = session.staff;
    web::block(move || svc.clerk_action(person, round, action)).await??;
    Ok(see_other(&format!("/mijn/rondes/{round}?gedaan={what}")).finish())
}

/// What a request to the list of referenten led to.
enum ListStep {
    Show,
    Preview(Vec<PreviewRow>),
    Imported(usize),
    Added,
    Removed,
    /// Nothing stored; why, as (field id, message) — per row or per field.
    Refused(Vec<(String, String)>),
}

impl ListStep {
    /// A refusal of the list itself (`at` is the field: the pasted list or
    /// the file).
    fn refused_at(at: &str, e: ImportError) -> ListStep {
        ListStep::Refused(vec![(at.to_owned(), e.to_string())])
    }
}

/// The field ids of the form for one referent (the error summary links there).
fn field_id(field: RaterField) -> &'static str {
    match field {
        RaterField::Name => "referent-naam",
        RaterField::Email => "referent-email",
        RaterField::Group => "referent-groep-0",
    }
}

/// A refusal as the page shows it: list errors at the list, the form's at
/// their fields.
fn refused(e: ServiceError) -> Result<ListStep, ServiceError> {
    let at_list = |m: String| ("lijst".to_owned(), m);
    Ok(ListStep::Refused(match e {
        ServiceError::Import(ImportError::Rows(rows)) => rows
            .iter()
            .map(|r| at_list(format!("Regel {}: {}", r.line, r.message)))
            .collect(),
        ServiceError::Import(ImportError::Fields(fields)) => fields
            .into_iter()
            .map(|(f, m)| {
                (
                    field_id(f).to_owned(),
                    format!("{}: {m}", capitalised(f.label())),
                )
            })
            .collect(),
        ServiceError::Import(e) => vec![at_list(e.to_string())],
        ServiceError::Conflict(why) => vec![at_list(why)],
        e => return Err(e),
    }))
}

/// The largest posted list: a file of [`MAX_IMPORT_BYTES`] sent back for the
/// import step, url-encoded (at most three bytes per byte).
pub fn list_form_config() -> web::FormConfig {
    web::FormConfig::default().limit(3 * MAX_IMPORT_BYTES + 64 * 1024)
}

/// The list of referenten: GET shows it; POST checks a pasted list
/// (`stap=controleren`, nothing stored), imports it (`stap=importeren`),
/// adds one referent from the form (`stap=toevoegen`) or takes one off the
/// list (`stap=verwijderen`).
pub async fn raters(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Result<web::Form<Vec<(String, String)>>, actix_web::Error>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let posted = req.method() == actix_web::http::Method::POST;
    let fields = match form {
        Ok(form) => form.into_inner(),
        Err(e) if posted => {
            let too_large = matches!(
                e.as_error::<actix_web::error::UrlencodedError>(),
                Some(actix_web::error::UrlencodedError::Overflow { .. })
            );
            if !too_large {
                return Err(WebError::BadRequest(
                    "Het formulier kon niet worden gelezen. Probeer het opnieuw.".into(),
                ));
            }
            let refusal = ListStep::refused_at("lijst", ImportError::TooLarge);
            return list_page(&req, &state, &session, round, ListInput::default(), refusal)
                .await
                .map(|page| with_status(page, StatusCode::PAYLOAD_TOO_LARGE));
        }
        Err(_) => Vec::new(),
    };
    let field = |name: &str| super::field(&fields, name);
    if posted {
        check_csrf(&state, &session, &field("csrf"))?;
    }
    let input = ListInput {
        list: field("lijst"),
        name: field("naam"),
        email: field("email"),
        group: field("groep"),
    };
    let svc = state.svc.clone();
    let (step, person) = (field("stap"), session.staff);
    let (text, invitation) = (input.list.clone(), field("uitnodiging"));
    let (name, email, group) = (input.name.clone(), input.email.clone(), input.group.clone());
    let outcome = web::block(move || {
        let result = match (posted, step.as_str()) {
            (false, _) => return Ok(ListStep::Show),
            (true, "importeren") => svc
                .import_raters(person, round, text.as_bytes())
                .map(ListStep::Imported),
            (true, "toevoegen") => svc
                .add_rater(
                    person,
                    round,
                    &RaterForm {
                        name: &name,
                        email: &email,
                        group: &group,
                    },
                )
                .map(|()| ListStep::Added),
            (true, "verwijderen") => svc
                .remove_rater(person, round, &invitation)
                .map(|()| ListStep::Removed),
            (true, _) => svc
                .preview_raters(person, round, text.as_bytes())
                .map(ListStep::Preview),
        };
        result.or_else(refused)
    })
    .await??;
    list_page(&req, &state, &session, round, input, outcome).await
}

/// What was typed or uploaded, kept for the page.
#[derive(Default)]
struct ListInput {
    list: String,
    name: String,
    email: String,
    group: String,
}

/// A page with another status than the one it was made with.
fn with_status(mut page: HttpResponse, status: StatusCode) -> HttpResponse {
    if page.status() == StatusCode::UNPROCESSABLE_ENTITY {
        *page.status_mut() = status;
    }
    page
}

/// The page after a step: a redirect after a change, otherwise the list
/// with the preview or the errors (422).
async fn list_page(
    req: &HttpRequest,
    state: &AppState,
    session: &StaffSession,
    round: RoundId,
    input: ListInput,
    outcome: ListStep,
) -> Result<HttpResponse, WebError> {
    let (preview, errors): (Option<Vec<PreviewRow>>, Vec<(String, String)>) = match outcome {
        ListStep::Imported(n) => {
            return Ok(
                see_other(&format!("/mijn/rondes/{round}/referenten?toegevoegd={n}")).finish(),
            );
        }
        ListStep::Added => {
            return Ok(
                see_other(&format!("/mijn/rondes/{round}/referenten?toegevoegd=1")).finish(),
            );
        }
        ListStep::Removed => {
            return Ok(
                see_other(&format!("/mijn/rondes/{round}/referenten?verwijderd=1")).finish(),
            );
        }
        ListStep::Show => (None, Vec::new()),
        ListStep::Preview(rows) => (Some(rows), Vec::new()),
        ListStep::Refused(messages) => (None, messages),
    };
    let (svc, person) = (state.svc.clone(), session.staff);
    let list = web::block(move || svc.raters_page(person, round)).await??;
    let query = req.query_string();
    let added = match query.strip_prefix("toegevoegd=") {
        Some("1") => Some("De referent is toegevoegd. Hij of zij krijgt de uitnodiging als u die verstuurt op de pagina van de ronde.".to_owned()),
        Some(n) => Some(format!(
            "{n} referenten toegevoegd. Ze krijgen hun uitnodiging als u die verstuurt op de pagina van de ronde."
        )),
        None if query == "verwijderd=1" => Some("De referent is van de lijst gehaald.".to_owned()),
        None => None,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(
        status,
        raters_page(&RatersPage {
            info: &list.info,
            groups: &list.groups,
            raters: &list.raters,
            csrf: &state.svc.staff_csrf(session),
            list: &input.list,
            single: (&input.name, &input.email, &input.group),
            errors: &errors,
            preview: preview.as_deref(),
            notice: added.as_deref(),
        }),
    ))
}

/// An uploaded CSV file (`multipart/form-data`, at most [`MAX_IMPORT_BYTES`]):
/// its text goes into the list and is checked as if pasted (nothing stored);
/// the import step is the same as for a pasted list.
pub async fn upload_raters(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: actix_multipart::Multipart,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let limits = Limits(&[("csrf", 256), ("bestand", MAX_IMPORT_BYTES)]);
    let fields = match multipart::read(payload, limits).await? {
        Upload::Fields(fields) => fields,
        Upload::TooLarge(_) => {
            // Too large to read: the CSRF field may not have come, so
            // nothing is done but saying so.
            let refusal = ListStep::refused_at("bestand", ImportError::TooLarge);
            return list_page(&req, &state, &session, round, ListInput::default(), refusal)
                .await
                .map(|page| with_status(page, StatusCode::PAYLOAD_TOO_LARGE));
        }
    };
    let csrf = String::from_utf8(Upload::field(&fields, "csrf")).unwrap_or_default();
    check_csrf(&state, &session, &csrf)?;
    let Ok(list) = String::from_utf8(Upload::field(&fields, "bestand")) else {
        let refusal = ListStep::refused_at("bestand", ImportError::NotUtf8);
        return list_page(&req, &state, &session, round, ListInput::default(), refusal).await;
    };
    let (svc, person, text) = (state.svc.clone(), session.staff, list.clone());
    let outcome = web::block(move || {
        svc.preview_raters(person, round, text.as_bytes())
            .map(ListStep::Preview)
            .or_else(refused)
    })
    .await??;
    let input = ListInput {
        list,
        ..ListInput::default()
    };
    list_page(&req, &state, &session, round, input, outcome).await
}

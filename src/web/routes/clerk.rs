//! The griffier's round page and actions: invite, remind, close.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::RoundId;
use crate::domain::rater_import::{ImportError, MAX_IMPORT_BYTES, RaterField};
use crate::domain::round::amsterdam;
use crate::domain::staff::Role;
use crate::service::ServiceError;
use crate::service::clerk::ClerkAction;
use crate::service::raters::RaterForm;
use crate::web::errors::WebError;
use crate::web::multipart::{self, Limits, Upload};
use crate::web::staff_session;
use crate::web::staff_session::check_csrf;
use crate::web::startup::AppState;
use crate::web::views::clerk::{ClerkRound, capitalised, round_page};
use crate::web::views::raters::{RatersPage, raters_page};

use super::staff::{not_found, with_role};
use super::{html, see_other};

const ONLY_CLERK: &str = "Alleen de griffier beheert een ronde.";

pub async fn round(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, info) = match with_role(&req, &state, &path, Role::Clerk, ONLY_CLERK).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let svc = state.svc.clone();
    let id = info.id;
    let person = session.staff;
    let (progress, raters, mail, previous) = web::block(move || {
        Ok::<_, ServiceError>((
            svc.progress(id)?,
            svc.rater_statuses(id)?,
            svc.mail_counts(id)?,
            svc.previous_agreements(person, id)?,
        ))
    })
    .await??;
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
            info: &info,
            today: state.svc.now().to_zoned(amsterdam()).date(),
            progress: &progress,
            raters: &raters,
            mail: &mail,
            csrf: &state.svc.staff_csrf(&session),
            notice,
            previous: previous.as_ref(),
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
    let session = match staff_session::active(&req, &state).await? {
        Ok(s) => s,
        Err(gate) => return Ok(gate.response()),
    };
    let round: RoundId = round.parse().map_err(|_| not_found())?;
    let action = ClerkAction::parse(&what).ok_or_else(not_found)?;
    check_csrf(&state, &session, &form.csrf)?;
    let svc = state.svc.clone();
    let person = session.staff;
    web::block(move || svc.clerk_action(person, round, action)).await??;
    Ok(see_other(&format!("/mijn/rondes/{round}?gedaan={what}")).finish())
}

/// (name, e-mail, group) of a rater that would be imported.
type PreviewRow = (String, String, String);

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
    let (session, info) = match with_role(&req, &state, &path, Role::Clerk, ONLY_CLERK).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
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
            let message = ImportError::TooLarge.to_string();
            return list_page(
                &req,
                &state,
                &session,
                &info,
                ListInput::default(),
                ListStep::Refused(vec![("lijst".to_owned(), message)]),
                StatusCode::PAYLOAD_TOO_LARGE,
            )
            .await;
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
    let id = info.id;
    let (step, person, municipality) = (field("stap"), session.staff, info.municipality_id);
    let (text, invitation) = (input.list.clone(), field("uitnodiging"));
    let (name, email, group) = (input.name.clone(), input.email.clone(), input.group.clone());
    let outcome = web::block(move || -> Result<ListStep, ServiceError> {
        let result = match (posted, step.as_str()) {
            (false, _) => return Ok(ListStep::Show),
            (true, "importeren") => svc
                .import_raters(id, text.as_bytes())
                .map(ListStep::Imported),
            (true, "toevoegen") => svc
                .add_rater(
                    person,
                    id,
                    &RaterForm {
                        name: &name,
                        email: &email,
                        group: &group,
                    },
                )
                .map(|()| ListStep::Added),
            (true, "verwijderen") => svc
                .remove_rater(id, &invitation)
                .map(|()| ListStep::Removed),
            (true, _) => svc
                .preview_raters(id, text.as_bytes())
                .map(ListStep::Preview),
        };
        match result {
            Ok(ListStep::Imported(n)) => {
                svc.audit(
                    municipality,
                    Some(person),
                    "referenten toegevoegd",
                    &n.to_string(),
                )?;
                Ok(ListStep::Imported(n))
            }
            Ok(ListStep::Removed) => {
                svc.audit(municipality, Some(person), "referent verwijderd", "")?;
                Ok(ListStep::Removed)
            }
            Ok(done) => Ok(done),
            Err(e) => refused(e),
        }
    })
    .await??;
    list_page(
        &req,
        &state,
        &session,
        &info,
        input,
        outcome,
        StatusCode::OK,
    )
    .await
}

/// What was typed or uploaded, kept for the page.
#[derive(Default)]
struct ListInput {
    list: String,
    name: String,
    email: String,
    group: String,
}

/// The page after a step: a redirect after a change, otherwise the list
/// with the preview or the errors (422; `refused_status` when given).
async fn list_page(
    req: &HttpRequest,
    state: &AppState,
    session: &crate::service::signin::StaffSession,
    info: &crate::service::round_info::RoundInfo,
    input: ListInput,
    outcome: ListStep,
    refused_status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let id = info.id;
    let (preview, errors): (Option<Vec<PreviewRow>>, Vec<(String, String)>) = match outcome {
        ListStep::Imported(n) => {
            return Ok(see_other(&format!("/mijn/rondes/{id}/referenten?toegevoegd={n}")).finish());
        }
        ListStep::Added => {
            return Ok(see_other(&format!("/mijn/rondes/{id}/referenten?toegevoegd=1")).finish());
        }
        ListStep::Removed => {
            return Ok(see_other(&format!("/mijn/rondes/{id}/referenten?verwijderd=1")).finish());
        }
        ListStep::Show => (None, Vec::new()),
        ListStep::Preview(rows) => (Some(rows), Vec::new()),
        ListStep::Refused(messages) => (None, messages),
    };
    let svc = state.svc.clone();
    let (groups, statuses) =
        web::block(move || Ok::<_, ServiceError>((svc.round_groups(id)?, svc.rater_statuses(id)?)))
            .await??;
    let query = req.query_string();
    let added = match query.strip_prefix("toegevoegd=") {
        Some("1") => Some("De referent is toegevoegd. Hij of zij krijgt de uitnodiging als u die verstuurt op de pagina van de ronde.".to_owned()),
        Some(n) => Some(format!(
            "{n} referenten toegevoegd. Ze krijgen hun uitnodiging als u die verstuurt op de pagina van de ronde."
        )),
        None if query == "verwijderd=1" => Some("De referent is van de lijst gehaald.".to_owned()),
        None => None,
    };
    let status = match (errors.is_empty(), refused_status) {
        (true, _) => StatusCode::OK,
        (false, StatusCode::OK) => StatusCode::UNPROCESSABLE_ENTITY,
        (false, other) => other,
    };
    Ok(html(
        status,
        raters_page(&RatersPage {
            info,
            groups: &groups,
            raters: &statuses,
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
    let (session, info) = match with_role(&req, &state, &path, Role::Clerk, ONLY_CLERK).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let limits = Limits(&[("csrf", 256), ("bestand", MAX_IMPORT_BYTES)]);
    let fields = match multipart::read(payload, limits).await? {
        Upload::Fields(fields) => fields,
        Upload::TooLarge(_) => {
            // Too large to read: the CSRF field may not have come, so
            // nothing is done but saying so.
            let message = ImportError::TooLarge.to_string();
            let refusal = ListStep::Refused(vec![("bestand".to_owned(), message)]);
            return list_page(
                &req,
                &state,
                &session,
                &info,
                ListInput::default(),
                refusal,
                StatusCode::PAYLOAD_TOO_LARGE,
            )
            .await;
        }
    };
    let csrf = String::from_utf8(Upload::field(&fields, "csrf")).unwrap_or_default();
    check_csrf(&state, &session, &csrf)?;
    let Ok(list) = String::from_utf8(Upload::field(&fields, "bestand")) else {
        let refusal = ListStep::Refused(vec![(
            "bestand".to_owned(),
            ImportError::NotUtf8.to_string(),
        )]);
        return list_page(
            &req,
            &state,
            &session,
            &info,
            ListInput::default(),
            refusal,
            StatusCode::OK,
        )
        .await;
    };
    let svc = state.svc.clone();
    let (id, text) = (info.id, list.clone());
    let outcome = web::block(move || match svc.preview_raters(id, text.as_bytes()) {
        Ok(rows) => Ok(ListStep::Preview(rows)),
        Err(e) => refused(e),
    })
    .await??;
    let input = ListInput {
        list,
        ..ListInput::default()
    };
    list_page(
        &req,
        &state,
        &session,
        &info,
        input,
        outcome,
        StatusCode::OK,
    )
    .await
}

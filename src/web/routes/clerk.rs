//! The griffier's round page and actions: invite, remind, close.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::RoundId;
use crate::domain::rater_import::ImportError;
use crate::domain::round::amsterdam;
use crate::domain::staff::Role;
use crate::service::ServiceError;
use crate::service::clerk::ClerkAction;
use crate::web::errors::WebError;
use crate::web::staff_session;
use crate::web::staff_session::check_csrf;
use crate::web::startup::AppState;
use crate::web::views::clerk::{ClerkRound, round_page};
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
    Removed,
    /// Nothing stored; why, per row where it is about rows.
    Refused(Vec<String>),
}

/// The list of referenten: GET shows it; POST checks a pasted list
/// (`stap=controleren`, nothing stored) or imports it (`stap=importeren`).
pub async fn raters(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Option<web::Form<Vec<(String, String)>>>,
) -> Result<HttpResponse, WebError> {
    let (session, info) = match with_role(&req, &state, &path, Role::Clerk, ONLY_CLERK).await? {
        Ok(found) => found,
        Err(response) => return Ok(response),
    };
    let fields = form.map(web::Form::into_inner).unwrap_or_default();
    let field = |name: &str| super::field(&fields, name);
    let posted = req.method() == actix_web::http::Method::POST;
    if posted {
        check_csrf(&state, &session, &field("csrf"))?;
    }
    let list = field("lijst");
    let svc = state.svc.clone();
    let id = info.id;
    let (step, person, municipality) = (field("stap"), session.staff, info.municipality_id);
    let text = list.clone();
    let invitation = field("uitnodiging");
    let outcome = web::block(move || -> Result<ListStep, ServiceError> {
        let result = match (posted, step.as_str()) {
            (false, _) => return Ok(ListStep::Show),
            (true, "importeren") => svc
                .import_raters(id, text.as_bytes())
                .map(ListStep::Imported),
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
            Err(ServiceError::Import(ImportError::Rows(rows))) => Ok(ListStep::Refused(
                rows.iter()
                    .map(|r| format!("Regel {}: {}", r.line, r.message))
                    .collect(),
            )),
            Err(ServiceError::Import(e)) => Ok(ListStep::Refused(vec![e.to_string()])),
            Err(ServiceError::Conflict(why)) => Ok(ListStep::Refused(vec![why])),
            Err(e) => Err(e),
        }
    })
    .await??;
    let (preview, errors): (Option<Vec<PreviewRow>>, Vec<(String, String)>) = match outcome {
        ListStep::Imported(n) => {
            return Ok(see_other(&format!("/mijn/rondes/{id}/referenten?toegevoegd={n}")).finish());
        }
        ListStep::Removed => {
            return Ok(see_other(&format!("/mijn/rondes/{id}/referenten?verwijderd=1")).finish());
        }
        ListStep::Show => (None, Vec::new()),
        ListStep::Preview(rows) => (Some(rows), Vec::new()),
        ListStep::Refused(messages) => (
            None,
            messages
                .into_iter()
                .map(|m| ("lijst".to_owned(), m))
                .collect(),
        ),
    };
    let svc = state.svc.clone();
    let (groups, statuses) =
        web::block(move || Ok::<_, ServiceError>((svc.round_groups(id)?, svc.rater_statuses(id)?)))
            .await??;
    let query = req.query_string();
    let added = if let Some(n) = query.strip_prefix("toegevoegd=") {
        Some(format!(
            "{n} referenten toegevoegd. Ze krijgen hun uitnodiging als u die verstuurt op de pagina van de ronde."
        ))
    } else if query == "verwijderd=1" {
        Some("De referent is van de lijst gehaald.".to_owned())
    } else {
        None
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(
        status,
        raters_page(&RatersPage {
            info: &info,
            groups: &groups,
            raters: &statuses,
            csrf: &state.svc.staff_csrf(&session),
            list: &list,
            errors: &errors,
            preview: preview.as_deref(),
            notice: added.as_deref(),
        }),
    ))
}

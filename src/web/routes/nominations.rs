//! Voordrachten: suggesting referenten, deciding on them, and the final list.

use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::ids::NominationId;
use crate::domain::nomination::{NewNomination, Reason};
use crate::service::ServiceError;
use crate::service::nominations::{Decided, Nominated};
use crate::web::errors::WebError;
use crate::web::staff_session::{self, check_csrf};
use crate::web::state::AppState;
use crate::web::views::nominations::{self as views, NominationsPage, Typed};

use super::staff::not_found;
use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/voordrachten")
            .route(web::get().to(nominations))
            .route(web::post().to(nominations)),
    )
    .route(
        "/mijn/rondes/{round}/referentenlijst",
        web::get().to(rater_list),
    );
}

/// What a request to the page led to.
enum Step {
    Show,
    Done(&'static str),
    /// Nothing stored; (field id, message) and, for a decision, which one.
    Refused(Vec<(String, String)>, Option<NominationId>),
}

/// GET shows the suggestions (and the form, and the decisions for those who
/// decide); POST suggests (`stap=voordragen`) or decides
/// (`stap=goedkeuren|afwijzen`, `voordracht`, `reden`).
pub async fn nominations(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Option<web::Form<Vec<(String, String)>>>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let fields = form.map(web::Form::into_inner).unwrap_or_default();
    let field = |name: &str| super::field(&fields, name);
    let posted = req.method() == Method::POST;
    if posted {
        check_csrf(&state, &session, &field("csrf"))?;
    }
    let typed = Typed {
        name: field("naam"),
        email: field("email"),
        group: field("groep"),
        reason: field("reden"),
    };
    let (svc, person) = (state.svc.clone(), session.staff);
    let step = match (posted, field("stap").as_str()) {
        (false, _) => Step::Show,
        (true, "voordragen") => {
            match NewNomination::parse(&typed.name, &typed.email, &typed.group, &typed.reason) {
                Err(errors) => Step::Refused(form_errors(errors), None),
                Ok(new) => match web::block(move || svc.nominate(person, round, &new)).await?? {
                    Nominated::Saved => Step::Done("voorgedragen"),
                    Nominated::Refused(errors) => Step::Refused(form_errors(errors), None),
                },
            }
        }
        (true, stap @ ("goedkeuren" | "afwijzen")) => {
            let id: NominationId = field("voordracht").parse().map_err(|_| not_found())?;
            let approve = stap == "goedkeuren";
            let reason_field = format!("reden-{id}");
            match Reason::parse_optional(&typed.reason) {
                Err(e) => Step::Refused(vec![(reason_field, format!("Reden: {e}"))], Some(id)),
                Ok(reason) => {
                    let decided = web::block(move || {
                        svc.decide_nomination(person, round, id, approve, reason.as_ref())
                    })
                    .await?;
                    match decided {
                        Ok(Decided::Approved { invite_now: false }) => Step::Done("goedgekeurd"),
                        Ok(Decided::Approved { invite_now: true }) => {
                            Step::Done("goedgekeurd-open")
                        }
                        Ok(Decided::Declined) => Step::Done("afgewezen"),
                        Err(ServiceError::Invalid(why)) => {
                            Step::Refused(vec![(reason_field, why)], Some(id))
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        }
        (true, _) => return Err(WebError::BadRequest("Onbekende stap.".into())),
    };
    let (errors, deciding) = match step {
        Step::Done(what) => {
            return Ok(
                see_other(&format!("/mijn/rondes/{round}/voordrachten?gedaan={what}")).finish(),
            );
        }
        Step::Show => (Vec::new(), None),
        Step::Refused(errors, deciding) => (errors, deciding),
    };
    let svc = state.svc.clone();
    let n = web::block(move || svc.nominations(person, round)).await??;
    let notice = req
        .query_string()
        .strip_prefix("gedaan=")
        .and_then(|what| match what {
            "voorgedragen" => Some("Uw voordracht is opgeslagen. De klankbordcommissie beslist erover; het besluit ziet u hier."),
            "goedgekeurd" => Some("De voordracht is goedgekeurd. De referent staat op de lijst en krijgt de uitnodiging met de anderen."),
            "goedgekeurd-open" => Some("De voordracht is goedgekeurd en de referent staat op de lijst. De uitnodigingen zijn al verstuurd: de griffier moet deze uitnodiging nog versturen, met ‘Nieuwe referenten uitnodigen’ op de pagina van de ronde."),
            "afgewezen" => Some("De voordracht is afgewezen. De burgemeester ziet uw reden."),
            _ => None,
        });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    // A refused decision keeps its reason there, not in the form to suggest.
    let mut typed = typed;
    let decision_text = if deciding.is_some() {
        std::mem::take(&mut typed.reason)
    } else {
        String::new()
    };
    let deciding = deciding.map(|id| (id, decision_text.as_str()));
    Ok(html(
        status,
        views::nominations_page(&NominationsPage {
            n: &n,
            csrf: &state.svc.staff_csrf(&session),
            typed: &typed,
            deciding,
            errors: &errors,
            notice,
        }),
    ))
}

/// Form errors with the id of the field they link to (a group's first radio button).
fn form_errors(errors: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    errors
        .into_iter()
        .map(|(f, m)| (if f == "groep" { "groep-0" } else { f }.to_owned(), m))
        .collect()
}

/// The final list of referenten: names and groups.
pub async fn rater_list(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let (svc, person) = (state.svc.clone(), session.staff);
    let (info, raters) = web::block(move || svc.rater_list(person, round)).await??;
    Ok(html(StatusCode::OK, views::rater_list(&info, &raters)))
}

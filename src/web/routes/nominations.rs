//! Voordrachten: suggesting referenten, deciding on them, and the final list.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::{NominationId, RoundId};
use crate::domain::nomination::{NewNomination, Reason};
use crate::service::ServiceError;
use crate::service::nominations::{Decided, Nominated};
use crate::web::errors::WebError;
use crate::web::extract::{Flash, Staff, StaffForm};
use crate::web::state::AppState;
use crate::web::views::nominations::{self as views, NominationsPage, Typed};
use crate::web::views::notice::Notice;

use super::{html, see_other, status_of};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/mijn/rondes/{round}/voordrachten").route(web::get().to(show)))
        .service(
            web::resource("/mijn/rondes/{round}/voordrachten/voordragen")
                .route(web::post().to(nominate)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/voordrachten/{nomination}/goedkeuren")
                .route(web::post().to(approve)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/voordrachten/{nomination}/afwijzen")
                .route(web::post().to(decline)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/referentenlijst").route(web::get().to(rater_list)),
        );
}

/// The form to suggest a referent.
#[derive(Deserialize, Default)]
pub struct NominationForm {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    groep: String,
    #[serde(default)]
    reden: String,
}

/// A decision's form: its reason (required to decline).
#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    reden: String,
}

/// What the page shows besides the suggestions.
#[derive(Default)]
struct Shown {
    typed: Typed,
    /// Nothing stored; (field id, message).
    errors: Vec<(String, String)>,
    /// A refused decision: which one, and its reason as typed.
    deciding: Option<(NominationId, String)>,
    notice: Option<String>,
}

/// `GET …/voordrachten`: the suggestions, the form, and the decisions for
/// those who decide.
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

/// `POST …/voordrachten/voordragen`
pub async fn nominate(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<NominationForm>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let refused = match NewNomination::parse(&form.naam, &form.email, &form.groep, &form.reden) {
        Err(errors) => errors,
        Ok(new) => match state
            .run(move |svc| svc.nominate(person, round, &new))
            .await?
        {
            Nominated::Saved => return Ok(done(round, Notice::Nominated)),
            Nominated::Refused(errors) => errors,
        },
    };
    let shown = Shown {
        typed: Typed {
            name: form.naam,
            email: form.email,
            group: form.groep,
            reason: form.reden,
        },
        errors: form_errors(refused),
        ..Shown::default()
    };
    page(&state, &staff, round, shown).await
}

/// `POST …/voordrachten/{nomination}/goedkeuren`
pub async fn approve(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, NominationId)>,
    StaffForm(form): StaffForm<DecisionForm>,
) -> Result<HttpResponse, WebError> {
    decide(&state, &staff, *path, true, form).await
}

/// `POST …/voordrachten/{nomination}/afwijzen`
pub async fn decline(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, NominationId)>,
    StaffForm(form): StaffForm<DecisionForm>,
) -> Result<HttpResponse, WebError> {
    decide(&state, &staff, *path, false, form).await
}

async fn decide(
    state: &AppState,
    staff: &Staff,
    (round, id): (RoundId, NominationId),
    approve: bool,
    form: DecisionForm,
) -> Result<HttpResponse, WebError> {
    let reason_field = format!("reden-{id}");
    let refused = match Reason::parse_optional(&form.reden) {
        Err(e) => format!("Reden: {e}"),
        Ok(reason) => {
            let person = staff.person();
            let decided = state
                .run(move |svc| {
                    Ok(svc.decide_nomination(person, round, id, approve, reason.as_ref()))
                })
                .await?;
            match decided {
                Ok(Decided::Approved { invite_now: false }) => {
                    return Ok(done(round, Notice::NominationApproved));
                }
                Ok(Decided::Approved { invite_now: true }) => {
                    return Ok(done(round, Notice::NominationApprovedLate));
                }
                Ok(Decided::Declined) => return Ok(done(round, Notice::NominationDeclined)),
                Err(ServiceError::Invalid(why)) => why,
                Err(e) => return Err(e.into()),
            }
        }
    };
    let shown = Shown {
        errors: vec![(reason_field, refused)],
        deciding: Some((id, form.reden)),
        ..Shown::default()
    };
    page(state, staff, round, shown).await
}

fn done(round: RoundId, notice: Notice) -> HttpResponse {
    see_other(&notice.on(&format!("/mijn/rondes/{round}/voordrachten"))).finish()
}

/// The page: 200, or 422 with what was refused (nothing stored).
async fn page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    shown: Shown,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let n = state.run(move |svc| svc.nominations(person, round)).await?;
    Ok(html(
        status_of(&shown.errors),
        views::nominations_page(
            &staff.nav(),
            &NominationsPage {
                n: &n,
                csrf: &staff.csrf,
                typed: &shown.typed,
                deciding: shown.deciding.as_ref().map(|(id, r)| (*id, r.as_str())),
                errors: &shown.errors,
                notice: shown.notice.as_deref(),
            },
        ),
    ))
}

/// Form errors with the id of the field they link to (a group's first radio button).
fn form_errors(errors: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    errors
        .into_iter()
        .map(|(f, m)| (if f == "groep" { "groep-0" } else { f }.to_owned(), m))
        .collect()
}

/// `GET …/referentenlijst`: the final list of referenten, names and groups.
pub async fn rater_list(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let (info, raters) = state.run(move |svc| svc.rater_list(person, round)).await?;
    Ok(html(
        StatusCode::OK,
        views::rater_list(&staff.nav(), &info, &raters),
    ))
}

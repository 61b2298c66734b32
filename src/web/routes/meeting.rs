//! The two-way conversation: the reflection on the council, the agenda and
//! the agreements. Thin handlers: the service checks the roles.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::agenda::Move;
use crate::domain::agreement::AgreementForm;
use crate::domain::ids::{AgendaItemId, AgreementId};
use crate::service::ServiceError;
use crate::service::meeting::{AgendaChange, Edit, ReflectionOutcome};
use crate::service::signin::StaffSession;
use crate::web::errors::WebError;
use crate::web::staff_session::{self, check_csrf_old as check_csrf};
use crate::web::state::AppState;
use crate::web::views::meeting as views;

use super::staff::not_found;
use super::{field, html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/rondes/{round}/reflectie")
            .route(web::get().to(reflection))
            .route(web::post().to(reflection_post)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/agenda")
            .route(web::get().to(agenda))
            .route(web::post().to(agenda_post)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/afspraken")
            .route(web::get().to(agreements))
            .route(web::post().to(agreements_post)),
    );
}

/// A form's fields after checking its CSRF token.
fn checked(
    state: &AppState,
    session: &StaffSession,
    form: web::Form<Vec<(String, String)>>,
) -> Result<Vec<(String, String)>, WebError> {
    let fields = form.into_inner();
    check_csrf(state, session, &field(&fields, "csrf"))?;
    Ok(fields)
}

fn status_of(errors: &[(String, String)]) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

pub async fn reflection(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let svc = state.svc.clone();
    let person = session.staff;
    let page = web::block(move || svc.council_reflection(person, round)).await??;
    Ok(html(
        StatusCode::OK,
        views::reflection(&page, &state.svc.staff_csrf(&session), None),
    ))
}

pub async fn reflection_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let fields = checked(&state, &session, form)?;
    let svc = state.svc.clone();
    let person = session.staff;
    let outcome = web::block(move || {
        Ok::<_, ServiceError>(
            match svc.submit_council_reflection(person, round, &fields)? {
                ReflectionOutcome::Saved => None,
                ReflectionOutcome::Invalid(invalid) => {
                    Some((svc.council_reflection(person, round)?, invalid))
                }
            },
        )
    })
    .await??;
    match outcome {
        None => Ok(see_other(&format!("/mijn/rondes/{round}/reflectie")).finish()),
        Some((page, invalid)) => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::reflection(&page, &state.svc.staff_csrf(&session), Some(&invalid)),
        )),
    }
}

pub async fn agenda(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let svc = state.svc.clone();
    let person = session.staff;
    let view = web::block(move || svc.agenda(person, round)).await??;
    Ok(html(
        StatusCode::OK,
        views::agenda(&view, &state.svc.staff_csrf(&session), "", &[]),
    ))
}

pub async fn agenda_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let fields = checked(&state, &session, form)?;
    let text = field(&fields, "tekst");
    let item = || -> Result<AgendaItemId, WebError> {
        field(&fields, "punt").parse().map_err(|_| not_found())
    };
    let change = match field(&fields, "stap").as_str() {
        "toevoegen" => AgendaChange::Add(text.clone()),
        "omhoog" => AgendaChange::Move(item()?, Move::Up),
        "omlaag" => AgendaChange::Move(item()?, Move::Down),
        "verwijderen" => AgendaChange::Remove(item()?),
        _ => return Err(WebError::BadRequest("Onbekende stap.".into())),
    };
    let svc = state.svc.clone();
    let person = session.staff;
    let outcome = web::block(move || {
        Ok::<_, ServiceError>(match svc.change_agenda(person, round, change)? {
            Edit::Done => None,
            Edit::Invalid(errors) => Some((svc.agenda(person, round)?, errors)),
        })
    })
    .await??;
    match outcome {
        None => Ok(see_other(&format!("/mijn/rondes/{round}/agenda")).finish()),
        Some((view, errors)) => Ok(html(
            status_of(&errors),
            views::agenda(&view, &state.svc.staff_csrf(&session), &text, &errors),
        )),
    }
}

pub async fn agreements(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let svc = state.svc.clone();
    let person = session.staff;
    let view = web::block(move || svc.agreements(person, round)).await??;
    Ok(html(
        StatusCode::OK,
        views::agreements(
            &view,
            &state.svc.staff_csrf(&session),
            &AgreementForm::default(),
            &[],
            None,
        ),
    ))
}

pub async fn agreements_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let fields = checked(&state, &session, form)?;
    let f = |name: &str| field(&fields, name);
    let status_step = f("stap") == "status";
    let agreement_form = AgreementForm {
        what: f("wat"),
        responsible: f("verantwoordelijk"),
        monitor: f("bewaakt"),
        due_on: f("uiterlijk"),
    };
    let agreement: Option<AgreementId> = if status_step {
        Some(f("afspraak").parse().map_err(|_| not_found())?)
    } else {
        None
    };
    let (status, note) = (f("status"), f("toelichting"));
    let back = match f("terug").as_str() {
        "ronde" if status_step => format!("/mijn/rondes/{round}#vorige-afspraken"),
        _ => format!("/mijn/rondes/{round}/afspraken"),
    };
    let svc = state.svc.clone();
    let person = session.staff;
    let posted = agreement_form.clone();
    let (s, n) = (status.clone(), note.clone());
    let outcome = web::block(move || {
        let edit = match agreement {
            Some(id) => svc.update_agreement_status(person, round, id, &s, &n)?,
            None => svc.record_agreement(person, round, &posted)?,
        };
        Ok::<_, ServiceError>(match edit {
            Edit::Done => None,
            Edit::Invalid(errors) => Some((svc.agreements(person, round)?, errors)),
        })
    })
    .await??;
    match outcome {
        None => Ok(see_other(&back).finish()),
        Some((view, errors)) => Ok(html(
            status_of(&errors),
            views::agreements(
                &view,
                &state.svc.staff_csrf(&session),
                &if status_step {
                    AgreementForm::default()
                } else {
                    agreement_form
                },
                &errors,
                agreement.map(|id| (id, status.as_str(), note.as_str())),
            ),
        )),
    }
}

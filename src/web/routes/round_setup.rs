//! The griffier sets up a round: a new round, its settings, its groups.

use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::ids::{GroupId, MunicipalityId};
use crate::domain::round_setup::{
    FieldError, RoundSettings, RoundSetup, SettingsInput, closing_day, field, parse_day,
    proposed_dates, proposed_meeting,
};
use crate::service::ServiceError;
use crate::service::round_info::RoundInfo;
use crate::service::round_setup::{FormOutcome, GroupEdit};
use crate::web::errors::WebError;
use crate::web::staff_session;
use crate::web::staff_session::check_csrf;
use crate::web::state::AppState;
use crate::web::views::round_setup::{
    GroupsView, NewRoundView, SettingsValues, SettingsView, TypedGroup, groups_page, new_round,
    settings,
};

use super::staff::not_found;
use super::{html, see_other};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/mijn/gemeenten/{municipality}/rondes/nieuw")
            .route(web::get().to(create))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/instellingen")
            .route(web::get().to(edit_settings))
            .route(web::post().to(edit_settings)),
    )
    .service(
        web::resource("/mijn/rondes/{round}/groepen")
            .route(web::get().to(edit_groups))
            .route(web::post().to(edit_groups)),
    );
}

type Fields = Vec<(String, String)>;

fn posted_values(fields: &Fields) -> SettingsValues {
    let f = |name: &str| super::field(fields, name);
    SettingsValues {
        kind: f(field::KIND),
        meeting: f(field::MEETING),
        opens: f(field::OPENS),
        closes: f(field::CLOSES),
        min_group_size: f(field::MIN_GROUP_SIZE),
        mayor_sees_raters: f("lijst") != "nee",
    }
}

fn input_of(v: &SettingsValues) -> SettingsInput {
    SettingsInput {
        kind: v.kind.clone(),
        meeting: v.meeting.clone(),
        opens: v.opens.clone(),
        closes: v.closes.clone(),
        min_group_size: v.min_group_size.clone(),
    }
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

fn status_of(errors: &[(String, String)]) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// A new round for a municipality (its griffier only; 404 for anyone else
/// outside it). GET proposes dates five weeks ahead; `stap=voorstellen`
/// proposes them for the typed meeting date (nothing stored).
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Option<web::Form<Fields>>,
) -> Result<HttpResponse, WebError> {
    let session = staff_session::signed_in(&req, &state).await?;
    let municipality: MunicipalityId = path.parse().map_err(|_| not_found())?;
    let person = session.staff;
    let svc = state.svc.clone();
    let ctx = web::block(move || svc.new_round_context(person, municipality)).await??;
    let csrf = state.svc.staff_csrf(&session);
    let fields = form.map(web::Form::into_inner).unwrap_or_default();
    let mut errors = Vec::new();
    let values = if req.method() == Method::POST {
        check_csrf(&state, &session, &super::field(&fields, "csrf"))?;
        let mut v = posted_values(&fields);
        if super::field(&fields, "stap") == "voorstellen" {
            match parse_day(&v.meeting) {
                Ok(m) => {
                    let (opens, closes) = proposed_dates(m);
                    (v.opens, v.closes) = (opens.to_string(), closes.to_string());
                }
                Err(e) => errors.push((
                    field::MEETING.to_owned(),
                    format!("Datum van het klankbordgesprek: {e}"),
                )),
            }
        } else {
            let outcome = match RoundSettings::parse(&input_of(&v)) {
                Err(refused) => FormOutcome::Refused(refused),
                Ok(settings) => {
                    let svc = state.svc.clone();
                    match web::block(move || {
                        svc.create_round(
                            person,
                            crate::service::setup::NewRound::from_settings(municipality, settings),
                        )
                    })
                    .await?
                    {
                        Ok(done) => done,
                        Err(ServiceError::Invalid(why)) => FormOutcome::Refused(vec![FieldError {
                            field: field::KIND,
                            message: why,
                        }]),
                        Err(e) => return Err(e.into()),
                    }
                }
            };
            match outcome {
                FormOutcome::Done(id) => {
                    return Ok(see_other(&format!("/mijn/rondes/{id}")).finish());
                }
                FormOutcome::Refused(refused) => errors = summary(&refused),
            }
        }
        v
    } else {
        let meeting = proposed_meeting(ctx.today);
        let (opens, closes) = proposed_dates(meeting);
        SettingsValues {
            kind: crate::domain::round::RoundKind::Regular.code().to_owned(),
            meeting: meeting.to_string(),
            opens: opens.to_string(),
            closes: closes.to_string(),
            min_group_size: crate::domain::round::MinGroupSize::DEFAULT
                .get()
                .to_string(),
            mayor_sees_raters: true,
        }
    };
    Ok(html(
        status_of(&errors),
        new_round(&NewRoundView {
            municipality_id: &municipality.to_string(),
            municipality: &ctx.municipality,
            mayor: ctx.mayor.as_deref(),
            values: &values,
            errors: &errors,
            csrf: &csrf,
        }),
    ))
}

fn stored_values(info: &RoundInfo) -> SettingsValues {
    let dates = crate::domain::round::RoundDates {
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

/// A round's settings (its griffier only).
pub async fn edit_settings(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Option<web::Form<Fields>>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let (svc, person) = (state.svc.clone(), session.staff);
    let info = web::block(move || svc.round_settings(person, round)).await??;
    let csrf = state.svc.staff_csrf(&session);
    let fields = form.map(web::Form::into_inner).unwrap_or_default();
    let mut errors = Vec::new();
    let mut status = StatusCode::OK;
    let values = if req.method() == Method::POST {
        check_csrf(&state, &session, &super::field(&fields, "csrf"))?;
        let v = posted_values(&fields);
        let lijst = super::field(&fields, "lijst");
        let mut refused = match RoundSettings::parse(&input_of(&v)) {
            Ok(settings) if lijst == "ja" || lijst == "nee" => {
                let wanted = RoundSetup {
                    settings,
                    mayor_sees_raters: lijst == "ja",
                };
                let (svc, person, round) = (state.svc.clone(), session.staff, info.id);
                match web::block(move || svc.update_round_settings(person, round, wanted)).await? {
                    Ok(FormOutcome::Done(_)) => {
                        return Ok(see_other(&format!(
                            "/mijn/rondes/{round}/instellingen?opgeslagen=1"
                        ))
                        .finish());
                    }
                    Ok(FormOutcome::Refused(e)) => summary(&e),
                    Err(ServiceError::Conflict(why)) => {
                        status = StatusCode::CONFLICT;
                        vec![("foutmeldingen".to_owned(), why)]
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(_) => Vec::new(),
            Err(e) => summary(&e),
        };
        if lijst != "ja" && lijst != "nee" {
            refused.push((
                "lijst-0".to_owned(),
                "Kies of de burgemeester de lijst van referenten ziet.".to_owned(),
            ));
        }
        errors = refused;
        if status == StatusCode::OK {
            status = StatusCode::UNPROCESSABLE_ENTITY;
        }
        v
    } else {
        stored_values(&info)
    };
    let notice =
        (req.query_string() == "opgeslagen=1").then_some("De instellingen zijn opgeslagen.");
    Ok(html(
        status,
        settings(&SettingsView {
            info: &info,
            values: &values,
            errors: &errors,
            csrf: &csrf,
            notice,
        }),
    ))
}

/// A round's rater groups with the forecast (its griffier only). POST
/// `stap=toevoegen|wijzigen|verwijderen`, with `groep` for the last two.
pub async fn edit_groups(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Option<web::Form<Fields>>,
) -> Result<HttpResponse, WebError> {
    let (session, round) = staff_session::active_for_round(&req, &state, &path).await?;
    let person = session.staff;
    let fields = form.map(web::Form::into_inner).unwrap_or_default();
    let f = |name: &str| super::field(&fields, name);
    let (name, description) = (f("naam"), f("omschrijving"));
    let mut errors = Vec::new();
    let mut status = StatusCode::OK;
    let mut typed_group = None;
    if req.method() == Method::POST {
        check_csrf(&state, &session, &f("csrf"))?;
        let step = f("stap");
        let group: Option<GroupId> = match step.as_str() {
            "toevoegen" => None,
            "wijzigen" | "verwijderen" => Some(f("groep").parse().map_err(|_| not_found())?),
            _ => return Err(WebError::BadRequest("Onbekende stap.".into())),
        };
        let edit = match (step.as_str(), group) {
            ("toevoegen", _) => GroupEdit::Add {
                name: name.clone(),
                description: description.clone(),
            },
            ("wijzigen", Some(group)) => GroupEdit::Change {
                group,
                name: name.clone(),
                description: description.clone(),
            },
            (_, Some(group)) => GroupEdit::Remove { group },
            _ => return Err(not_found()),
        };
        let svc = state.svc.clone();
        let at = match (step.as_str(), group) {
            ("toevoegen", _) => "nieuw-naam".to_owned(),
            ("wijzigen", Some(g)) => format!("naam-{g}"),
            (_, g) => format!("groep-{}", g.map(|g| g.to_string()).unwrap_or_default()),
        };
        match web::block(move || svc.edit_group(person, round, edit)).await? {
            Ok(()) => {
                return Ok(
                    see_other(&format!("/mijn/rondes/{round}/groepen?gedaan={step}")).finish(),
                );
            }
            Err(ServiceError::Invalid(why)) => {
                status = StatusCode::UNPROCESSABLE_ENTITY;
                errors.push((at, why));
            }
            Err(ServiceError::Conflict(why)) => {
                status = StatusCode::CONFLICT;
                errors.push((at, why));
            }
            Err(e) => return Err(e.into()),
        }
        if step != "verwijderen" {
            typed_group = Some(group);
        }
    }
    let svc = state.svc.clone();
    let overview = web::block(move || svc.groups_overview(person, round)).await??;
    let notice = req
        .query_string()
        .strip_prefix("gedaan=")
        .and_then(|what| match what {
            "toevoegen" => Some("De groep is toegevoegd."),
            "wijzigen" => Some("De groep is gewijzigd."),
            "verwijderen" => Some("De groep is verwijderd."),
            _ => None,
        });
    let typed = typed_group.map(|group| TypedGroup {
        group,
        name: &name,
        description: &description,
    });
    Ok(html(
        status,
        groups_page(&GroupsView {
            overview: &overview,
            errors: &errors,
            typed: typed.as_ref(),
            csrf: &state.svc.staff_csrf(&session),
            notice,
        }),
    ))
}

//! `/mijn/rondes/{round}/referenten`: the griffier's list of referenten —
//! check a pasted list or an uploaded file (nothing stored), import it, add
//! one referent, take one off the list.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::ids::{InvitationId, RoundId};
use crate::domain::rater_import::{ImportError, MAX_IMPORT_BYTES, RaterField};
use crate::service::ServiceError;
use crate::service::raters::{PreviewRow, RaterForm};
use crate::web::errors::WebError;
use crate::web::extract::{Flash, Staff, StaffForm};
use crate::web::multipart::{self, Limits, Upload};
use crate::web::state::AppState;
use crate::web::views::clerk::capitalised;
use crate::web::views::notice::Notice;
use crate::web::views::raters::{RatersPage, raters_page};

use super::{html, see_other, status_of};

/// The largest body of a form that carries a list: a file of
/// [`MAX_IMPORT_BYTES`] url-encoded (at most three bytes per byte) and the
/// form's other fields. The same figure is in README.md and
/// `deploy/nginx.conf` (a test compares them).
pub const LIST_FORM_BYTES: usize = 3 * MAX_IMPORT_BYTES + 64 * 1024;
/// The largest upload: the file and the CSRF field.
pub const UPLOAD_BYTES: usize = MAX_IMPORT_BYTES + 64 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let lists = || web::PayloadConfig::new(LIST_FORM_BYTES);
    cfg.service(web::resource("/mijn/rondes/{round}/referenten").route(web::get().to(show)))
        .service(
            web::resource("/mijn/rondes/{round}/referenten/controleren")
                .app_data(lists())
                .route(web::post().to(check)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/referenten/importeren")
                .app_data(lists())
                .route(web::post().to(import)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/referenten/bestand")
                .app_data(web::PayloadConfig::new(UPLOAD_BYTES))
                .route(web::post().to(upload)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/referenten/toevoegen").route(web::post().to(add)),
        )
        .service(
            web::resource("/mijn/rondes/{round}/referenten/{invitation}/verwijderen")
                .route(web::post().to(remove)),
        );
}

/// A pasted (or uploaded, then shown) list.
#[derive(Deserialize)]
pub struct ListForm {
    #[serde(default)]
    lijst: String,
}

/// One referent typed into the form.
#[derive(Deserialize, Default)]
pub struct OneRater {
    #[serde(default)]
    naam: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    groep: String,
}

/// What the page shows besides the list.
#[derive(Default)]
struct Shown {
    list: String,
    single: OneRater,
    preview: Option<Vec<PreviewRow>>,
    /// Nothing stored; why, as (field id, message).
    errors: Vec<(String, String)>,
    notice: Option<String>,
}

/// `GET …/referenten`
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

/// `POST …/referenten/controleren`: what the list would add (nothing stored).
pub async fn check(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    form: Result<StaffForm<ListForm>, WebError>,
) -> Result<HttpResponse, WebError> {
    let list = match form {
        Ok(StaffForm(form)) => form.lijst,
        Err(e) => return too_large_or(e, &state, &staff, *round, "lijst").await,
    };
    preview(&state, &staff, *round, list).await
}

/// `POST …/referenten/importeren`: all rows of the checked list, or none.
pub async fn import(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    form: Result<StaffForm<ListForm>, WebError>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let list = match form {
        Ok(StaffForm(form)) => form.lijst,
        Err(e) => return too_large_or(e, &state, &staff, round, "lijst").await,
    };
    let text = list.clone();
    let imported = state
        .run(move |svc| Ok(svc.import_raters(person, round, text.as_bytes())))
        .await?;
    match imported {
        Ok(n) => {
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            Ok(done(round, Notice::RatersImported(n)))
        }
        Err(e) => refused(&state, &staff, round, e, list, OneRater::default()).await,
    }
}

/// `POST …/referenten/toevoegen`
pub async fn add(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    StaffForm(form): StaffForm<OneRater>,
) -> Result<HttpResponse, WebError> {
    let (round, person) = (*round, staff.person());
    let (name, email, group) = (form.naam.clone(), form.email.clone(), form.groep.clone());
    let added = state
        .run(move |svc| {
            let rater = RaterForm {
                name: &name,
                email: &email,
                group: &group,
            };
            Ok(svc.add_rater(person, round, &rater))
        })
        .await?;
    match added {
        Ok(()) => Ok(done(round, Notice::RaterAdded)),
        Err(e) => refused(&state, &staff, round, e, String::new(), form).await,
    }
}

/// `POST …/referenten/{invitation}/verwijderen`: before the invitation is sent.
pub async fn remove(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(RoundId, InvitationId)>,
    _: StaffForm<crate::web::extract::Button>,
) -> Result<HttpResponse, WebError> {
    let ((round, invitation), person) = (path.into_inner(), staff.person());
    let removed = state
        .run(move |svc| Ok(svc.remove_rater(person, round, &invitation.to_string())))
        .await?;
    match removed {
        Ok(()) => Ok(done(round, Notice::RaterRemoved)),
        Err(e) => refused(&state, &staff, round, e, String::new(), OneRater::default()).await,
    }
}

/// `POST …/referenten/bestand` (`multipart/form-data`, at most
/// [`MAX_IMPORT_BYTES`]): the file's text is checked as if pasted and put in
/// the list (nothing stored); importing is the same as for a pasted list.
pub async fn upload(
    state: web::Data<AppState>,
    staff: Staff,
    round: web::Path<RoundId>,
    payload: actix_multipart::Multipart,
) -> Result<HttpResponse, WebError> {
    let round = *round;
    let limits = Limits(&[("csrf", 256), ("bestand", MAX_IMPORT_BYTES)]);
    let fields = match multipart::read(payload, limits).await? {
        Upload::Fields(fields) => fields,
        // Too large to read: the CSRF field may not have come, so nothing
        // is done but saying so.
        Upload::TooLarge(_) => return list_too_large(&state, &staff, round, "bestand").await,
    };
    let csrf = String::from_utf8(Upload::field(&fields, "csrf")).unwrap_or_default();
    crate::web::staff_session::check_csrf(&staff.csrf, &csrf)?;
    let Ok(list) = String::from_utf8(Upload::field(&fields, "bestand")) else {
        let shown = Shown {
            errors: vec![("bestand".to_owned(), ImportError::NotUtf8.to_string())],
            ..Shown::default()
        };
        return page(&state, &staff, round, shown).await;
    };
    preview(&state, &staff, round, list).await
}

/// The list with what it would add, or why it cannot (nothing stored).
async fn preview(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    list: String,
) -> Result<HttpResponse, WebError> {
    let (person, text) = (staff.person(), list.clone());
    let rows = state
        .run(move |svc| Ok(svc.preview_raters(person, round, text.as_bytes())))
        .await?;
    match rows {
        Ok(rows) => {
            let shown = Shown {
                list,
                preview: Some(rows),
                ..Shown::default()
            };
            page(state, staff, round, shown).await
        }
        Err(e) => refused(state, staff, round, e, list, OneRater::default()).await,
    }
}

fn done(round: RoundId, notice: Notice) -> HttpResponse {
    see_other(&notice.on(&format!("/mijn/rondes/{round}/referenten"))).finish()
}

/// A form too large to read: the page says so (413); anything else stays
/// the error it is.
async fn too_large_or(
    e: WebError,
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    at: &str,
) -> Result<HttpResponse, WebError> {
    match e {
        WebError::TooLarge => list_too_large(state, staff, round, at).await,
        e => Err(e),
    }
}

async fn list_too_large(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    at: &str,
) -> Result<HttpResponse, WebError> {
    let shown = Shown {
        errors: vec![(at.to_owned(), ImportError::TooLarge.to_string())],
        ..Shown::default()
    };
    let mut res = page(state, staff, round, shown).await?;
    *res.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    Ok(res)
}

/// The field ids of the form for one referent (the error summary links there).
fn field_id(field: RaterField) -> &'static str {
    match field {
        RaterField::Name => "referent-naam",
        RaterField::Email => "referent-email",
        RaterField::Group => "referent-groep-0",
    }
}

/// A refusal as the page shows it (422): list errors at the list, the
/// form's at their fields; other errors stay errors.
async fn refused(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    e: ServiceError,
    list: String,
    single: OneRater,
) -> Result<HttpResponse, WebError> {
    let at_list = |m: String| ("lijst".to_owned(), m);
    let errors = match e {
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
        e => return Err(e.into()),
    };
    let shown = Shown {
        list,
        single,
        errors,
        ..Shown::default()
    };
    page(state, staff, round, shown).await
}

async fn page(
    state: &AppState,
    staff: &Staff,
    round: RoundId,
    shown: Shown,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let list = state.run(move |svc| svc.raters_page(person, round)).await?;
    let single = &shown.single;
    Ok(html(
        status_of(&shown.errors),
        raters_page(
            &staff.nav(),
            &RatersPage {
                info: &list.info,
                groups: &list.groups,
                raters: &list.raters,
                csrf: &staff.csrf,
                list: &shown.list,
                single: (&single.naam, &single.email, &single.groep),
                errors: &shown.errors,
                preview: shown.preview.as_deref(),
                notice: shown.notice.as_deref(),
            },
        ),
    ))
}

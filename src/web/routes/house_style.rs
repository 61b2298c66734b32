//! `/mijn/gemeenten/{municipality}/huisstijl`: the griffier (or the platform
//! admin) uploads and removes the municipality's logo and design tokens;
//! `/gemeenten/{municipality}/thema.css` and `…/logo` serve them to every
//! page of the municipality, from Klankbord's own origin.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::domain::design_tokens::MAX_TOKENS_BYTES;
use crate::domain::ids::MunicipalityId;
use crate::domain::logo::MAX_LOGO_BYTES;
use crate::service::ServiceError;
use crate::service::house_style::HouseStylePart;
use crate::web::errors::WebError;
use crate::web::extract::{Button, Flash, Staff, StaffForm};
use crate::web::multipart::{self, Limits, Upload};
use crate::web::state::AppState;
use crate::web::views::house_style_page::{HouseStylePage, house_style_page};
use crate::web::views::notice::Notice;

use super::{html, see_other, status_of};

/// The largest upload: a tokens file of [`MAX_TOKENS_BYTES`] (the logo's
/// limit is smaller) and the form. The same figure is in README.md and
/// `deploy/nginx.conf` (a test compares them).
pub const HOUSE_STYLE_UPLOAD_BYTES: usize = MAX_TOKENS_BYTES + 64 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let upload = || web::PayloadConfig::new(HOUSE_STYLE_UPLOAD_BYTES);
    cfg.service(
        web::resource("/mijn/gemeenten/{municipality}/huisstijl").route(web::get().to(show)),
    )
    .service(
        web::resource("/mijn/gemeenten/{municipality}/huisstijl/logo")
            .app_data(upload())
            .route(web::post().to(upload_logo)),
    )
    .service(
        web::resource("/mijn/gemeenten/{municipality}/huisstijl/logo/verwijderen")
            .route(web::post().to(remove_logo)),
    )
    .service(
        web::resource("/mijn/gemeenten/{municipality}/huisstijl/ontwerptokens")
            .app_data(upload())
            .route(web::post().to(upload_tokens)),
    )
    .service(
        web::resource("/mijn/gemeenten/{municipality}/huisstijl/ontwerptokens/verwijderen")
            .route(web::post().to(remove_tokens)),
    )
    .service(web::resource("/gemeenten/{municipality}/thema.css").route(web::get().to(css)))
    .service(web::resource("/gemeenten/{municipality}/logo").route(web::get().to(logo)));
}

fn base(m: MunicipalityId) -> String {
    format!("/mijn/gemeenten/{m}/huisstijl")
}

/// `GET …/huisstijl`
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    flash: Flash,
) -> Result<HttpResponse, WebError> {
    page(
        &state,
        &staff,
        *municipality,
        &[],
        flash.text(),
        StatusCode::OK,
    )
    .await
}

/// The upload field of both forms.
const FILE: &str = "bestand";

/// Reads a multipart form with the CSRF token and one file of at most
/// `limit` bytes: the file, or the page that says it is too large (413).
async fn file_of(
    state: &AppState,
    staff: &Staff,
    m: MunicipalityId,
    payload: actix_multipart::Multipart,
    limit: usize,
    field: &str,
    too_large: &str,
) -> Result<Result<Vec<u8>, HttpResponse>, WebError> {
    let fields = match multipart::read(payload, Limits(&[("csrf", 256), (FILE, limit)])).await? {
        Upload::Fields(fields) => fields,
        // Too large to read: the CSRF field may not have come, so nothing
        // is done but saying so.
        Upload::TooLarge(_) => {
            let errors = [(field.to_owned(), too_large.to_owned())];
            let status = StatusCode::PAYLOAD_TOO_LARGE;
            return Ok(Err(page(state, staff, m, &errors, None, status).await?));
        }
    };
    let csrf = String::from_utf8(Upload::field(&fields, "csrf")).unwrap_or_default();
    crate::web::staff_session::check_csrf(&staff.csrf, &csrf)?;
    Ok(Ok(Upload::field(&fields, FILE)))
}

/// A refusal of the file as the page shows it (422, nothing stored).
async fn refused_or(
    e: ServiceError,
    state: &AppState,
    staff: &Staff,
    m: MunicipalityId,
    field: &str,
) -> Result<HttpResponse, WebError> {
    match e {
        ServiceError::Invalid(why) => {
            let errors = [(field.to_owned(), why)];
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            page(state, staff, m, &errors, None, status).await
        }
        e => Err(e.into()),
    }
}

/// `POST …/huisstijl/logo` (`multipart/form-data`)
pub async fn upload_logo(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    payload: actix_multipart::Multipart,
) -> Result<HttpResponse, WebError> {
    let (m, person) = (*municipality, staff.person());
    let too_large = crate::domain::logo::LogoError::TooLarge.to_string();
    let file = match file_of(
        &state,
        &staff,
        m,
        payload,
        MAX_LOGO_BYTES,
        "logo",
        &too_large,
    )
    .await?
    {
        Ok(file) => file,
        Err(res) => return Ok(res),
    };
    match state
        .run(move |svc| Ok(svc.upload_logo(person, m, &file)))
        .await?
    {
        Ok(()) => Ok(done(m, Notice::LogoSaved)),
        Err(e) => refused_or(e, &state, &staff, m, "logo").await,
    }
}

/// `POST …/huisstijl/ontwerptokens` (`multipart/form-data`)
pub async fn upload_tokens(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    payload: actix_multipart::Multipart,
) -> Result<HttpResponse, WebError> {
    let (m, person) = (*municipality, staff.person());
    let too_large = crate::domain::design_tokens::TokensError::TooLarge.to_string();
    let field = "ontwerptokens";
    let file = match file_of(
        &state,
        &staff,
        m,
        payload,
        MAX_TOKENS_BYTES,
        field,
        &too_large,
    )
    .await?
    {
        Ok(file) => file,
        Err(res) => return Ok(res),
    };
    match state
        .run(move |svc| Ok(svc.upload_design_tokens(person, m, &file)))
        .await?
    {
        Ok(_) => Ok(done(m, Notice::DesignTokensSaved)),
        Err(e) => refused_or(e, &state, &staff, m, field).await,
    }
}

/// `POST …/huisstijl/logo/verwijderen`
pub async fn remove_logo(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    _: StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    remove(&state, &staff, *municipality, HouseStylePart::Logo).await
}

/// `POST …/huisstijl/ontwerptokens/verwijderen`
pub async fn remove_tokens(
    state: web::Data<AppState>,
    staff: Staff,
    municipality: web::Path<MunicipalityId>,
    _: StaffForm<Button>,
) -> Result<HttpResponse, WebError> {
    remove(&state, &staff, *municipality, HouseStylePart::Tokens).await
}

async fn remove(
    state: &AppState,
    staff: &Staff,
    m: MunicipalityId,
    part: HouseStylePart,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    state
        .run(move |svc| svc.remove_house_style_part(person, m, part))
        .await?;
    Ok(done(
        m,
        match part {
            HouseStylePart::Logo => Notice::LogoRemoved,
            HouseStylePart::Tokens => Notice::DesignTokensRemoved,
        },
    ))
}

fn done(m: MunicipalityId, notice: Notice) -> HttpResponse {
    see_other(&notice.on(&base(m))).finish()
}

async fn page(
    state: &AppState,
    staff: &Staff,
    m: MunicipalityId,
    errors: &[(String, String)],
    notice: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let person = staff.person();
    let overview = state
        .run(move |svc| svc.house_style_overview(person, m))
        .await?;
    let status = if status == StatusCode::OK {
        status_of(errors)
    } else {
        status
    };
    Ok(html(
        status,
        house_style_page(&HouseStylePage {
            nav: &staff.nav(),
            municipality: m,
            base: &base(m),
            overview: &overview,
            csrf: &staff.csrf,
            errors,
            notice,
        }),
    ))
}

/// How long a versioned address (`?v=` of the current version) may be
/// kept: it never changes. Any other address is checked every time.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, no-cache";

/// The cached answer for `version`: long with the current `?v=`, else
/// revalidated by its ETag (304 when the browser has it).
fn cached(req: &HttpRequest, version: i64, content_type: &str, body: Vec<u8>) -> HttpResponse {
    let etag = format!("\"v{version}\"");
    let current = req
        .query_string()
        .split('&')
        .any(|kv| kv == format!("v={version}"));
    let cache = if current { IMMUTABLE } else { REVALIDATE };
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ETAG, etag))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if fresh {
        res.finish()
    } else {
        res.content_type(content_type).body(body)
    }
}

const NONE: &str = "Deze gemeente heeft geen eigen huisstijl (meer).";

/// `GET /gemeenten/{municipality}/thema.css`: the cleaned tokens as one
/// `:root` block.
pub async fn css(
    req: HttpRequest,
    state: web::Data<AppState>,
    municipality: web::Path<MunicipalityId>,
) -> Result<HttpResponse, WebError> {
    let m = *municipality;
    let (css, version) = state
        .run(move |svc| svc.house_style_css(m))
        .await?
        .ok_or(WebError::NotFound(NONE))?;
    Ok(cached(
        &req,
        version,
        "text/css; charset=utf-8",
        css.into_bytes(),
    ))
}

/// `GET /gemeenten/{municipality}/logo`: the rewritten PNG or JPEG.
pub async fn logo(
    req: HttpRequest,
    state: web::Data<AppState>,
    municipality: web::Path<MunicipalityId>,
) -> Result<HttpResponse, WebError> {
    let m = *municipality;
    let (bytes, format, version) = state
        .run(move |svc| svc.house_style_logo(m))
        .await?
        .ok_or(WebError::NotFound(NONE))?;
    Ok(cached(&req, version, format.content_type(), bytes))
}

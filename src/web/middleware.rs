//! Middleware: security headers on every response (errors included), an
//! access log that shows route patterns (never a path holding a token), and
//! an Origin check on every state-changing request.

use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};

use crate::web::views::pages;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers; `Cache-Control: no-store` unless the handler chose caching.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    let set =
        |h: &mut actix_web::http::header::HeaderMap, name: HeaderName, value: &'static str| {
            h.insert(name, HeaderValue::from_static(value));
        };
    set(h, header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    // Nothing to other sites. Not "no-referrer": with it browsers send
    // `Origin: null` on same-site form posts, which the origin check refuses.
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    Ok(res)
}

/// Logs method, route pattern, status and duration. The path itself is never logged.
pub async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "(geen route)".into());
    tracing::info!(
        method = %method,
        route = %route,
        status = res.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    Ok(res)
}

/// The origin of `KLANKBORD_BASE_URL`, as app data for [`same_origin_only`].
#[derive(Clone, Debug)]
pub struct BaseOrigin(pub String);

/// Refuses state-changing requests sent from another site.
pub async fn same_origin_only(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let base = req
        .app_data::<actix_web::web::Data<BaseOrigin>>()
        .map(|b| b.0.clone())
        .unwrap_or_default();
    if origin_allowed(&req, &base) {
        next.call(req)
            .await
            .map(ServiceResponse::map_into_left_body)
    } else {
        Ok(req
            .into_response(cross_origin_response())
            .map_into_right_body())
    }
}

fn origin_allowed(req: &ServiceRequest, base_origin: &str) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    match req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(origin) => origin == base_origin,
    }
}

pub fn cross_origin_response() -> HttpResponse {
    HttpResponse::Forbidden().content_type("text/html; charset=utf-8").body(
        pages::problem(
            "Geen toegang",
            "Dit formulier is verstuurd vanaf een andere website en is daarom geweigerd. Open Klankbord via de link in uw e-mail.",
        )
        .into_string(),
    )
}

/// The origin (`scheme://host[:port]`) of the base URL.
pub fn origin_of(base_url: &str) -> String {
    url::Url::parse(base_url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default()
}

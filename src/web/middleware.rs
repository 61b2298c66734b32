//! Middleware: security headers on every response (errors included), an
//! access log that shows route patterns (never a path holding a token), and
//! an Origin check on every state-changing request.

use std::future::Future;
use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};

use crate::web::state::AppState;
use crate::web::views::pages;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// One year; no `includeSubDomains`, which would bind the municipality's
/// other sites too.
pub const HSTS: &str = "max-age=31536000";

/// Adds the security headers; `Cache-Control: no-store` unless the handler chose caching.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let https = req
        .app_data::<actix_web::web::Data<crate::web::state::AppState>>()
        .is_some_and(|s| s.secure_cookies);
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
    if https {
        // Served over HTTPS (`KLANKBORD_BASE_URL`): browsers keep to it.
        set(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
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
    let state = req.app_data::<actix_web::web::Data<AppState>>().cloned();
    let res = next.call(req).await?;
    let pattern = res.request().match_pattern();
    if let Some(state) = state {
        state.metrics.record_request(
            method.as_str(),
            pattern.as_deref(),
            res.status().as_u16(),
            started.elapsed(),
        );
    }
    let route = pattern.unwrap_or_else(|| "(geen route)".into());
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

/// `HEAD` is answered as `GET` (actix sends the head without the body):
/// every page, `/healthz` and the assets answer it, as HTTP asks.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// The time a body may take, as app data for [`body_deadline`].
#[derive(Clone, Copy, Debug)]
pub struct BodyTimeout(pub std::time::Duration);

/// Ends reading a request body that has not fully arrived in time: the
/// extractor then answers 408 with the styled page, nothing stored.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let limit = req.app_data::<actix_web::web::Data<BodyTimeout>>().map_or(
            std::time::Duration::from_secs(crate::config::DEFAULT_BODY_TIMEOUT_SECS),
            |t| t.0,
        );
        let inner = std::mem::replace(req.parts_mut().1, actix_web::dev::Payload::None);
        let stream = Deadline {
            inner,
            timer: Box::pin(actix_web::rt::time::sleep(limit)),
            expired: false,
        };
        req.set_payload(actix_web::dev::Payload::Stream {
            payload: Box::pin(stream),
        });
    }
    next.call(req).await
}

/// A body stream that fails with `TimedOut` once its timer has run out.
struct Deadline {
    inner: actix_web::dev::Payload,
    timer: std::pin::Pin<Box<actix_web::rt::time::Sleep>>,
    expired: bool,
}

impl futures_util::Stream for Deadline {
    type Item = Result<actix_web::web::Bytes, actix_web::error::PayloadError>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        if self.expired {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = std::pin::Pin::new(&mut self.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        if self.timer.as_mut().poll(cx).is_ready() {
            self.expired = true;
            return Poll::Ready(Some(Err(actix_web::error::PayloadError::Io(
                std::io::Error::new(std::io::ErrorKind::TimedOut, "request body timed out"),
            ))));
        }
        Poll::Pending
    }
}

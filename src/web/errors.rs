//! One mapping from errors to HTTP responses: a calm Dutch page, the right
//! status, and nothing internal in the body. Causes go to the log. Errors
//! the framework makes itself (405, 413, a form it cannot read) get the same
//! page through [`styled_framework_errors`].

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};

use crate::service::ServiceError;
use crate::web::views::pages;

/// The health probes' paths: liveness, readiness and its older alias. Their
/// 503 is plain text, not the styled page (see `styled_framework_errors`).
pub const PROBE_PATHS: [&str; 3] = ["/health/live", "/health/ready", "/healthz"];

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("blocking task was cancelled")]
    Blocking,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The body is larger than the route accepts.
    #[error("request body too large")]
    TooLarge,
    /// The body did not arrive in time.
    #[error("request body timed out")]
    BodyTimeout,
    /// Not (fully) signed in: to the sign-in page or the second step.
    #[error("sign-in needed")]
    Gate(Gate),
}

/// Where a page goes when the person is not (or already) signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Not signed in: to the sign-in page.
    SignIn,
    /// Link used, second factor missing.
    SecondFactor,
    /// Already signed in: to the start page.
    Start,
}

impl Gate {
    pub fn response(&self) -> HttpResponse {
        let to = match self {
            Gate::SignIn => "/aanmelden",
            Gate::SecondFactor => "/aanmelden/tweede-stap",
            Gate::Start => "/mijn",
        };
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, to))
            .finish()
    }
}

impl From<actix_web::error::BlockingError> for WebError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        Self::Blocking
    }
}

pub const UNREADABLE_FORM: &str = "Het formulier kon niet worden gelezen. Probeer het opnieuw.";
pub const TOO_LARGE: &str =
    "Wat u verstuurde is te groot. Maak het korter en probeer het opnieuw; er is niets opgeslagen.";
pub const BODY_TIMEOUT: &str =
    "Het versturen duurde te lang. Probeer het opnieuw; er is niets opgeslagen.";

impl WebError {
    pub fn unreadable_form() -> Self {
        Self::BadRequest(UNREADABLE_FORM.into())
    }

    /// A body that could not be read: too large, too slow, or broken.
    pub fn from_body_error(e: actix_web::Error) -> Self {
        match e.as_error::<PayloadError>() {
            Some(PayloadError::Overflow) => Self::TooLarge,
            Some(PayloadError::Io(io)) if io.kind() == std::io::ErrorKind::TimedOut => {
                Self::BodyTimeout
            }
            _ => Self::unreadable_form(),
        }
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Service(ServiceError::NotFound(_)) | Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Service(ServiceError::Conflict(_)) => StatusCode::CONFLICT,
            Self::Service(ServiceError::Invalid(_) | ServiceError::Import(_)) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::Service(ServiceError::Unavailable(_)) | Self::Blocking => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Service(ServiceError::Store(_)) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Forbidden(_) | Self::Service(ServiceError::Forbidden(_)) => StatusCode::FORBIDDEN,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::Gate(_) => StatusCode::SEE_OTHER,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Gate(gate) = self {
            return gate.response();
        }
        let status = self.status_code();
        let body = match self {
            Self::Service(ServiceError::Forbidden(why)) => pages::problem("Geen toegang", why),
            Self::Service(e) if e.is_user_facing() => {
                pages::problem("Dat lukt niet", &e.to_string())
            }
            Self::Forbidden(why) => pages::problem("Geen toegang", why),
            Self::BadRequest(why) => pages::problem("Dit verzoek klopt niet", why),
            Self::NotFound(why) => pages::problem("Pagina niet gevonden", why),
            Self::TooLarge => pages::problem("Te groot", TOO_LARGE),
            Self::BodyTimeout => pages::problem("Dat duurde te lang", BODY_TIMEOUT),
            Self::Gate(_) => pages::problem("Aanmelden", "Meld u eerst aan."),
            Self::Service(ServiceError::Unavailable(_)) | Self::Blocking => unavailable_page(),
            Self::Service(_) => pages::problem(
                "Er ging iets mis",
                "Er ging aan onze kant iets mis. Probeer het later opnieuw. Blijft het misgaan, neem dan contact op met de griffie.",
            ),
        };
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        html_page(status, body)
    }
}

fn unavailable_page() -> maud::Markup {
    pages::problem(
        "Even niet bereikbaar",
        "Klankbord is op dit moment niet bereikbaar. Probeer het over een paar minuten opnieuw. Uw eerder verstuurde antwoorden zijn niet verloren.",
    )
}

fn html_page(status: StatusCode, body: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}

/// The styled page for an error status the framework answered by itself
/// (an unknown method, a body too large for an extractor, a path it could
/// not match): what a person sees instead of an empty or plain-text body.
pub fn framework_error_page(status: StatusCode) -> HttpResponse {
    let body = match status {
        StatusCode::NOT_FOUND => pages::problem(
            "Pagina niet gevonden",
            "Deze pagina bestaat niet. Controleer het adres, of gebruik de link uit uw e-mail.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => pages::problem(
            "Dit verzoek klopt niet",
            "Deze pagina kan dit niet. Open de pagina opnieuw via een link in Klankbord.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => pages::problem("Te groot", TOO_LARGE),
        StatusCode::REQUEST_TIMEOUT => pages::problem("Dat duurde te lang", BODY_TIMEOUT),
        StatusCode::SERVICE_UNAVAILABLE => unavailable_page(),
        s if s.is_server_error() => pages::problem(
            "Er ging iets mis",
            "Er ging aan onze kant iets mis. Probeer het later opnieuw. Blijft het misgaan, neem dan contact op met de griffie.",
        ),
        _ => pages::problem("Dit verzoek klopt niet", UNREADABLE_FORM),
    };
    html_page(status, body)
}

/// Replaces the body of any error response that is not already one of our
/// HTML pages with the styled page for its status (headers such as
/// `Allow` and `Retry-After` are kept). The health probes keep their short
/// plain answer: a machine reads it.
pub async fn styled_framework_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let res = next.call(req).await?;
    let status = res.status();
    let ours = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // Only their own 503: a 405 on a probe's path is still the styled page.
    let probe = status == actix_web::http::StatusCode::SERVICE_UNAVAILABLE
        && res
            .request()
            .match_pattern()
            .is_some_and(|p| PROBE_PATHS.contains(&p.as_str()));
    if !(status.is_client_error() || status.is_server_error()) || ours || probe {
        return Ok(res.map_into_left_body());
    }
    let (req, res) = res.into_parts();
    let mut page = framework_error_page(status);
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = res.headers().get(&name) {
            page.headers_mut().insert(name, v.clone());
        }
    }
    Ok(ServiceResponse::new(req, page.map_into_boxed_body()).map_into_right_body())
}

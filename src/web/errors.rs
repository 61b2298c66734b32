//! One mapping from errors to HTTP responses: a calm Dutch page, the right
//! status, and nothing internal in the body. Causes go to the log.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::service::ServiceError;
use crate::web::views::pages;

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
    /// Not (fully) signed in: to the sign-in page or the second step.
    #[error("sign-in needed")]
    Gate(crate::web::staff_session::Gate),
}

impl From<actix_web::error::BlockingError> for WebError {
    fn from(_: actix_web::error::BlockingError) -> Self {
        Self::Blocking
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Service(ServiceError::NotFound(_)) => StatusCode::NOT_FOUND,
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
            Self::Gate(_) => pages::problem("Aanmelden", "Meld u eerst aan."),
            Self::Service(ServiceError::Unavailable(_)) | Self::Blocking => pages::problem(
                "Even niet bereikbaar",
                "Klankbord is op dit moment niet bereikbaar. Probeer het over een paar minuten opnieuw. Uw eerder verstuurde antwoorden zijn niet verloren.",
            ),
            Self::Service(_) => pages::problem(
                "Er ging iets mis",
                "Er ging aan onze kant iets mis. Probeer het later opnieuw. Blijft het misgaan, neem dan contact op met de griffie.",
            ),
        };
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body.into_string())
    }
}

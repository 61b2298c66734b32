//! Extractors every staff handler starts with, so a handler reads as
//! "extract, call one use case, render":
//! - [`Staff`]: the fully signed-in person (otherwise the request is sent
//!   to sign in), with the CSRF token their forms carry;
//! - [`StaffForm<T>`]: a url-encoded form deserialised into `T`, accepted
//!   only with the session's CSRF token;
//! - ids in the path deserialise themselves (`web::Path<RoundId>`); a
//!   malformed id answers the styled 404 (see `routes::path_config`).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::service::signin::{StaffSession, Stage};
use crate::service::staff::Membership;
use crate::web::errors::{Gate, WebError};
use crate::web::staff_session;
use crate::web::state::AppState;
use crate::web::views::nav::StaffNav;
use crate::web::views::notice::Notice;

/// A fully signed-in staff person.
#[derive(Clone, Debug)]
pub struct Staff {
    pub session: StaffSession,
    /// The CSRF token for the forms on their pages.
    pub csrf: String,
    /// Their roles per municipality (read once per request, for the
    /// header, the menu and the overview).
    pub memberships: Vec<Membership>,
    /// The provinces they are kabinet van de CdK in (id, name).
    pub provinces: Vec<(crate::domain::ids::ProvinceId, String)>,
}

impl Staff {
    pub fn person(&self) -> crate::domain::ids::StaffId {
        self.session.staff
    }

    /// What the header of their pages shows.
    pub fn nav(&self) -> StaffNav<'_> {
        StaffNav {
            name: &self.session.name,
            platform_admin: self.session.platform_admin,
            memberships: &self.memberships,
            provinces: &self.provinces,
            csrf: &self.csrf,
        }
    }

    /// The session in any stage (the sign-in steps need the half-signed-in
    /// one); looked up once per request.
    pub async fn current(req: &HttpRequest) -> Result<Option<StaffSession>, WebError> {
        if let Some(found) = req.extensions().get::<Option<StaffSession>>() {
            return Ok(found.clone());
        }
        let state = app_state(req)?;
        let found = match staff_session::raw(req, state.secure_cookies) {
            None => None,
            Some(raw) => state.run(move |svc| svc.staff_session(&raw)).await?,
        };
        req.extensions_mut().insert(found.clone());
        Ok(found)
    }

    pub(crate) async fn extract(req: HttpRequest) -> Result<Self, WebError> {
        let session = match Self::current(&req).await? {
            Some(s) if s.stage == Stage::Active => s,
            Some(_) => return Err(WebError::Gate(Gate::SecondFactor)),
            None => return Err(WebError::Gate(Gate::SignIn)),
        };
        let state = app_state(&req)?;
        let csrf = state.svc.staff_csrf(&session);
        let cached = req
            .extensions()
            .get::<(
                Vec<Membership>,
                Vec<(crate::domain::ids::ProvinceId, String)>,
            )>()
            .cloned();
        let (memberships, provinces) = match cached {
            Some(m) => m,
            None => {
                let person = session.staff;
                let found = state
                    .run(move |svc| {
                        Ok((svc.memberships(person)?, svc.kabinet_memberships(person)?))
                    })
                    .await?;
                req.extensions_mut().insert(found.clone());
                found
            }
        };
        Ok(Self {
            session,
            csrf,
            memberships,
            provinces,
        })
    }
}

fn app_state(req: &HttpRequest) -> Result<&AppState, WebError> {
    req.app_data::<web::Data<AppState>>()
        .map(|d| d.get_ref())
        .ok_or(WebError::Blocking)
}

impl FromRequest for Staff {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(Self::extract(req.clone()))
    }
}

/// A staff form: `T` from the url-encoded body, after the signed-in
/// person's CSRF token was checked. Unknown fields are ignored; a missing
/// or malformed one is a 400 with the styled page.
pub struct StaffForm<T>(pub T);

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned + 'static> FromRequest for StaffForm<T> {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let staff = Staff::extract(req.clone()).await?;
            let urlencoded = req
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            if !urlencoded {
                return Err(WebError::unreadable_form());
            }
            let body = body.await.map_err(WebError::from_body_error)?;
            let CsrfField { csrf } =
                serde_urlencoded::from_bytes(&body).map_err(|_| WebError::unreadable_form())?;
            staff_session::check_csrf(&staff.csrf, &csrf)?;
            let form =
                serde_urlencoded::from_bytes(&body).map_err(|_| WebError::unreadable_form())?;
            Ok(StaffForm(form))
        })
    }
}

/// A form with nothing but its CSRF token (a button).
#[derive(Deserialize)]
pub struct Button {}

/// The text of the [`Notice`] the address names (`?melding=`), if any.
pub struct Flash(pub Option<String>);

impl Flash {
    pub fn text(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl FromRequest for Flash {
    type Error = WebError;
    type Future = std::future::Ready<Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(Flash(
            Notice::from_query(req.query_string()).map(Notice::text),
        )))
    }
}

/// A signed-in platform admin; for anyone else their pages do not exist
/// (404, ahead of any form check). The service checks again.
pub struct PlatformAdmin(pub Staff);

impl FromRequest for PlatformAdmin {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let staff = Staff::extract(req).await?;
            if staff.session.platform_admin {
                Ok(PlatformAdmin(staff))
            } else {
                Err(WebError::NotFound("Deze pagina bestaat niet."))
            }
        })
    }
}

/// The answers of a questionnaire form (one field per statement, named by
/// the form), in the order sent, and apart from them its CSRF token. Used
/// as `StaffForm<Answers>`, and by the referent's form with its own check.
#[derive(Debug, Default)]
pub struct Answers {
    pub csrf: String,
    pub fields: Vec<(String, String)>,
}

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = Answers;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("form fields")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Answers, A::Error> {
                let mut answers = Answers::default();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    if k == "csrf" {
                        answers.csrf = v;
                    } else {
                        answers.fields.push((k, v));
                    }
                }
                Ok(answers)
            }
        }
        d.deserialize_map(Fields)
    }
}

/// Someone who used a sign-in link and still has to give the second
/// factor. Nobody signed in goes to sign in; someone fully signed in to
/// their start page.
pub struct HalfSignedIn(pub StaffSession);

impl FromRequest for HalfSignedIn {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match Staff::current(&req).await? {
                None => Err(WebError::Gate(Gate::SignIn)),
                Some(s) if s.stage == Stage::Active => Err(WebError::Gate(Gate::Start)),
                Some(s) => Ok(HalfSignedIn(s)),
            }
        })
    }
}

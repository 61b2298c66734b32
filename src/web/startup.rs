//! The actix server of the web adapter: routes, middleware and body limits
//! around an `AppState`. The composition root (`app`) builds the state and
//! the listener; tests bind port 0 themselves.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};

use crate::config::HttpSettings;
use crate::web::state::AppState;
use crate::web::{middleware, routes, views::pages};

/// The largest request body accepted (the questionnaire with long comments fits easily).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The running server on `listener`, answering with `state`'s use cases.
pub fn server(
    state: AppState,
    listener: TcpListener,
    http: &HttpSettings,
) -> std::io::Result<Server> {
    let base_origin = middleware::origin_of(&http.base_url);
    let server = HttpServer::new(move || {
        let origin = base_origin.clone();
        App::new()
            .app_data(web::Data::new(state.clone()))
            .app_data(web::FormConfig::default().limit(MAX_BODY_BYTES).error_handler(|err, _| {
                let (status, text) = match &err {
                    actix_web::error::UrlencodedError::Overflow { .. } => (
                        actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                        "Uw antwoorden zijn samen te lang om te versturen. Maak uw toelichtingen korter en probeer het opnieuw.",
                    ),
                    _ => (actix_web::http::StatusCode::BAD_REQUEST, "Het formulier kon niet worden gelezen. Probeer het opnieuw."),
                };
                actix_web::error::InternalError::from_response(
                    err,
                    HttpResponse::build(status)
                        .content_type("text/html; charset=utf-8")
                        .body(pages::problem("Dat lukt niet", text).into_string()),
                )
                .into()
            }))
            .app_data(web::PayloadConfig::default().limit(MAX_BODY_BYTES))
            .app_data(web::Data::new(middleware::BaseOrigin(origin)))
            .wrap(from_fn(middleware::same_origin_only))
            .wrap(Compress::default())
            .wrap(from_fn(middleware::security_headers))
            .wrap(from_fn(middleware::access_log))
            .configure(routes::configure)
            .default_service(web::to(routes::not_found))
    })
    .listen(listener)?
    .run();
    Ok(server)
}

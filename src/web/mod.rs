//! The HTTP adapter: actix-web handlers, middleware and maud views. Handlers
//! parse input, call one service method in `web::block`, and render.

pub mod client;
pub mod compression;
pub mod cookies;
pub mod errors;
pub mod extract;
pub mod metrics;
pub mod middleware;
pub mod multipart;
pub mod routes;
pub mod staff_session;
pub mod startup;
pub mod state;
pub mod views;

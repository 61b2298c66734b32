//! Static assets, compiled into the binary and served with long cache headers.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

pub const STYLE_CSS: &str = include_str!("../../../assets/style.css");
pub const FAVICON_SVG: &str = include_str!("../../../assets/favicon.svg");

pub async fn asset(path: web::Path<String>) -> HttpResponse {
    match path.as_str() {
        "style.css" => HttpResponse::Ok()
            .content_type("text/css; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .body(STYLE_CSS),
        "favicon.svg" => HttpResponse::Ok()
            .content_type("image/svg+xml")
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .body(FAVICON_SVG),
        _ => super::not_found().await,
    }
}

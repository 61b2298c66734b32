//! Static assets, compiled into the binary and served with long cache headers.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

pub const STYLE_CSS: &str = include_str!("../../../assets/style.css");

pub async fn asset(path: web::Path<String>) -> HttpResponse {
    match path.as_str() {
        "style.css" => HttpResponse::Ok()
            .content_type("text/css; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
            .body(STYLE_CSS),
        _ => super::not_found().await,
    }
}

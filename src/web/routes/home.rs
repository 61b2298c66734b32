use actix_web::HttpResponse;

use crate::web::views::pages;

pub async fn home() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(pages::home().into_string())
}

//! Headers, CSRF, cross-site posts, body limits and the health check.

use crate::answering::{RATERS, full_answers, open_form};
use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::{Backend, Resp, invite, setup_round, spawn_app};

fn assert_safe_headers(res: &Resp) {
    let csp = res.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        res.header("referrer-policy").as_deref(),
        Some("same-origin")
    );
    assert_eq!(
        res.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let mut b = app.browser();
    let redirect = b.get(&link).await;
    assert_safe_headers(&redirect);
    let cookie = redirect.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Path=/vragenlijst"),
        "{cookie}"
    );
    assert!(
        !cookie.contains(link.rsplit('/').next().unwrap()),
        "the cookie does not hold the raw token"
    );
    let form = b.get("/vragenlijst").await;
    assert_safe_headers(&form);
    assert_eq!(form.header("cache-control").as_deref(), Some("no-store"));
    assert!(form.body.contains("lang=\"nl\""));
    for path in [
        "/",
        "/bestaat-niet",
        "/healthz",
        "/vragenlijst",
        "/assets/style.css",
    ] {
        assert_safe_headers(&app.browser().get(path).await);
    }
    assert_eq!(
        app.browser().get("/vragenlijst").await.status,
        403,
        "no session: open your link"
    );
}

async fn posts_without_a_valid_csrf_token_or_from_another_site_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let mut b = app.browser();
    let form = open_form(&mut b, &link).await;
    let mut fields = full_answers(&form);
    fields[0].1 = "00".repeat(32);
    assert_eq!(b.post("/vragenlijst", &fields).await.status, 403);
    let fields = full_answers(&form);
    let cross = b
        .post_with_headers(
            "/vragenlijst",
            &fields,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(cross.status, 403);
    assert_safe_headers(&cross);
    assert_eq!(
        app.db
            .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM sealed_responses"),
        vec!["0"]
    );
    let ok = b
        .post_with_headers("/vragenlijst", &fields, &[("origin", &app.address)])
        .await;
    assert_eq!(ok.status, 303);
}

async fn an_oversized_form_is_refused_with_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let mut b = app.browser();
    let form = open_form(&mut b, &link).await;
    let mut fields = full_answers(&form);
    fields.push(("padding".into(), "x".repeat(300 * 1024)));
    let res = b.post("/vragenlijst", &fields).await;
    assert_eq!(res.status, 413);
    assert!(res.body.contains("te lang"));
    // Nothing was used up: the normal post still works.
    assert_eq!(
        b.post("/vragenlijst", &full_answers(&form)).await.status,
        303
    );
}

fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a gzip body");
    text
}

/// Pages are gzipped whole when the browser asks: one body of known length
/// (not chunked), the same page once unpacked, and `Vary` for caches between.
async fn pages_are_gzipped_whole_when_the_browser_asks(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let mut b = app.browser();
    b.get(&link).await;
    let plain = b.get("/vragenlijst").await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-encoding"), None);
    assert!(
        plain
            .header("vary")
            .is_some_and(|v| v.contains("accept-encoding"))
    );

    let gzipped = b
        .get_with_headers(
            "/vragenlijst",
            &[("Accept-Encoding", "gzip, deflate, br, zstd")],
        )
        .await;
    assert_eq!(gzipped.status, 200);
    assert_eq!(gzipped.header("content-encoding").as_deref(), Some("gzip"));
    assert_eq!(
        gzipped.header("content-length"),
        Some(gzipped.bytes.len().to_string()),
        "one body of known length"
    );
    assert_eq!(gzipped.header("transfer-encoding"), None);
    assert!(gzipped.bytes.len() < plain.bytes.len() * 2 / 3);
    assert_eq!(gunzip(&gzipped.bytes), plain.body);
    assert_safe_headers(&gzipped);

    // Refused gzip, a stylesheet, a body too short to gain.
    let refused = b
        .get_with_headers("/vragenlijst", &[("Accept-Encoding", "gzip;q=0, identity")])
        .await;
    assert_eq!(refused.header("content-encoding"), None);
    assert_eq!(refused.body, plain.body);
    let css = app
        .browser()
        .get_with_headers("/assets/style.css", &[("Accept-Encoding", "gzip")])
        .await;
    assert_eq!(css.header("content-encoding").as_deref(), Some("gzip"));
    assert!(gunzip(&css.bytes).contains("font-family"));
    let health = app
        .browser()
        .get_with_headers("/healthz", &[("Accept-Encoding", "gzip")])
        .await;
    assert_eq!(
        (health.header("content-encoding"), health.body.as_str()),
        (None, "ok")
    );
}

async fn healthz_answers_when_the_database_is_reachable(backend: Backend) {
    let app = spawn_app(backend).await;
    let res = app.browser().get("/healthz").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.body, "ok");
}

both_backends!(
    every_response_carries_the_security_headers,
    posts_without_a_valid_csrf_token_or_from_another_site_are_refused,
    an_oversized_form_is_refused_with_413,
    healthz_answers_when_the_database_is_reachable,
    pages_are_gzipped_whole_when_the_browser_asks,
);

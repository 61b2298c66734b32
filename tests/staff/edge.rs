//! The web edge as an attacker or an unlucky user meets it: every error the
//! framework makes is the styled page with the security headers, `HEAD`
//! works, HSTS over HTTPS, a slow body times out, notices come only from
//! the `Notice` enum, and the limits agree with the README and nginx.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use awc::http::Method;

use crate::both_backends;
use crate::common::browser::Resp;
use crate::common::{Backend, Options, spawn_app, spawn_app_with};
use crate::support::*;

/// The styled page with the security headers.
fn assert_styled(r: &Resp, status: u16, at: &str) {
    assert_eq!(r.status, status, "{at}: {}", r.body);
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("text/html")),
        "{at}: {:?}",
        r.header("content-type")
    );
    assert!(
        r.body.contains("lang=\"nl\"") && r.body.contains("<h1"),
        "{at}: {}",
        r.body
    );
    for h in [
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
    ] {
        assert!(r.header(h).is_some(), "{at}: no {h}");
    }
}

async fn every_framework_error_is_the_styled_page(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    let csrf = g.get("/mijn").await.csrf();

    // 404: a malformed id in the path, and a path that does not exist.
    let r = g.get("/mijn/rondes/geen-ronde").await;
    assert_styled(&r, 404, "bad round id");
    let r = g.get("/mijn/gemeenten/123/mensen").await;
    assert_styled(&r, 404, "bad municipality id");
    assert_styled(&g.get("/bestaat/niet").await, 404, "unknown path");
    // 405: a method the route does not have.
    let r = g
        .raw(Method::PUT, "/vragenlijst", "text/plain", b"x".to_vec())
        .await;
    assert_styled(&r, 405, "PUT");
    let r = g
        .raw(
            Method::DELETE,
            &format!("/mijn/rondes/{round}"),
            "text/plain",
            Vec::new(),
        )
        .await;
    assert_styled(&r, 405, "DELETE");
    // 400: a staff form that is not a form.
    let r = g
        .raw(
            Method::POST,
            &format!("/mijn/rondes/{round}/sluiten"),
            "application/json",
            format!("{{\"csrf\":\"{csrf}\"}}").into_bytes(),
        )
        .await;
    assert_styled(&r, 400, "json to a staff form");
    let r = g
        .raw(
            Method::POST,
            "/aanmelden",
            "application/json",
            b"{\"email\":\"a@b.example\"}".to_vec(),
        )
        .await;
    assert_styled(&r, 400, "json to the sign-in form");
    // 413: a staff form over the limit; nothing changed.
    let big = format!("csrf={csrf}&naam={}", "a".repeat(300 * 1024));
    let r = g
        .raw(
            Method::POST,
            &format!("/mijn/rondes/{round}/referenten/toevoegen"),
            "application/x-www-form-urlencoded",
            big.into_bytes(),
        )
        .await;
    assert_styled(&r, 413, "too large");
    assert_eq!(
        app.svc.round_info(round).unwrap().state,
        klankbord::domain::round::RoundState::Draft
    );
}

async fn head_is_answered_where_get_is(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut b = app.browser();
    for path in ["/", "/healthz", "/assets/style.css", "/aanmelden"] {
        let get = b.get(path).await;
        let head = b.head(path).await;
        assert_eq!(head.status, get.status, "HEAD {path}");
        assert_eq!(head.status, 200, "HEAD {path}");
        assert!(head.body.is_empty(), "HEAD {path} has no body");
        assert_eq!(head.header("content-type"), get.header("content-type"));
    }
    // Signed out, a staff page sends HEAD to sign in like GET.
    let head = b.head("/mijn").await;
    assert_eq!(
        (head.status, head.location().as_deref()),
        (303, Some("/aanmelden"))
    );
}

async fn hsts_only_over_https(backend: Backend) {
    let plain = spawn_app(backend).await;
    assert!(
        plain
            .browser()
            .get("/")
            .await
            .header("strict-transport-security")
            .is_none(),
        "a local try-out over http:// gets no HSTS"
    );
    let https = spawn_app_with(
        backend,
        Options {
            env: vec![("KLANKBORD_BASE_URL", "https://klankbord.example.nl".into())],
            ..Options::default()
        },
    )
    .await;
    let mut b = https.browser();
    for path in ["/", "/bestaat-niet", "/healthz"] {
        assert_eq!(
            b.get(path)
                .await
                .header("strict-transport-security")
                .as_deref(),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

/// A client that sends the head of a POST and then too little of its body
/// gets the styled 408 once the body timeout has passed, not a held worker.
async fn a_slow_body_times_out_with_408(backend: Backend) {
    let app = spawn_app_with(
        backend,
        Options {
            env: vec![("KLANKBORD_BODY_TIMEOUT", "1".into())],
            ..Options::default()
        },
    )
    .await;
    let addr = app.address.trim_start_matches("http://").to_owned();
    let started = Instant::now();
    let response = actix_web::rt::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(
            b"POST /aanmelden HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\nConnection: close\r\n\r\nemail=a",
        )
        .unwrap();
        let mut got = Vec::new();
        let _ = s.read_to_end(&mut got);
        String::from_utf8_lossy(&got).into_owned()
    })
    .await
    .unwrap();
    let waited = started.elapsed();
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(response.to_lowercase().contains("content-security-policy"));
    assert!(
        response.contains("Het versturen duurde te lang"),
        "{response}"
    );
    assert!(waited < Duration::from_secs(8), "{waited:?}");
}

/// Only notices of the `Notice` enum are shown: nothing typed into the
/// address is put on the page.
async fn notices_come_from_the_notice_enum_only(backend: Backend) {
    let (_app, mut g, round) = clerk_of_a_round(backend).await;
    let path = format!("/mijn/rondes/{round}/referenten");
    let plain = g.get(&path).await.body;
    for query in [
        "toegevoegd=Hallo%20daar",
        "melding=Hallo%20daar",
        "melding=ingevoerd-Hallo",
        "melding=ingevoerd-99999999999",
    ] {
        let page = g.get(&format!("{path}?{query}")).await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("Hallo"), "{query}");
        assert_eq!(
            page.body.replace(&page.csrf(), ""),
            plain.replace(&page.csrf(), ""),
            "{query}: the page is the same as without it"
        );
    }
    let page = g.get(&format!("{path}?melding=ingevoerd-12")).await;
    assert!(page.body.contains("12 referenten toegevoegd"));
}

both_backends!(
    every_framework_error_is_the_styled_page,
    head_is_answered_where_get_is,
    hsts_only_over_https,
    a_slow_body_times_out_with_408,
    notices_come_from_the_notice_enum_only
);

/// The limits of README.md's table are the code's and `deploy/nginx.conf`'s.
#[test]
fn the_limits_agree_in_code_readme_and_nginx() {
    use klankbord::domain::rater_import::MAX_IMPORT_BYTES;
    use klankbord::web::routes::MAX_BODY_BYTES;
    use klankbord::web::routes::house_style::HOUSE_STYLE_UPLOAD_BYTES;
    use klankbord::web::routes::raters::{LIST_FORM_BYTES, UPLOAD_BYTES};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let nginx = std::fs::read_to_string(root.join("deploy/nginx.conf")).unwrap();
    let table = &readme[readme.find("### Limits").unwrap()..];
    let table = &table[..table.find("\n## ").unwrap()];
    let with_commas = |n: usize| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    for (bytes, what) in [
        (MAX_BODY_BYTES, "a form"),
        (LIST_FORM_BYTES, "a form with a list"),
        (UPLOAD_BYTES, "an upload"),
        (HOUSE_STYLE_UPLOAD_BYTES, "a house style upload"),
    ] {
        assert_eq!(bytes % 1024, 0, "{what}: whole KiB");
        let kib = bytes / 1024;
        assert!(
            table.contains(&format!(
                "{} KiB ({} bytes)",
                with_commas(kib),
                with_commas(bytes)
            )),
            "README: {what} {bytes}"
        );
        assert!(
            nginx.contains(&format!("client_max_body_size {kib}k;")),
            "nginx: {what} {kib}k"
        );
    }
    assert!(table.contains(&format!(
        "{} MiB for the file",
        MAX_IMPORT_BYTES / 1024 / 1024
    )));
    assert!(table.contains(&format!(
        "{} seconds (`KLANKBORD_BODY_TIMEOUT`",
        klankbord::config::DEFAULT_BODY_TIMEOUT_SECS
    )));
    assert!(table.contains(&format!(
        "| {} |",
        klankbord::domain::round_setup::MAX_RATER_GROUPS
    )));
    assert!(table.contains(&format!(
        "a logo of at most {} KiB and {} × {} pixels, a tokens file of at most {} KiB and {} tokens",
        klankbord::domain::logo::MAX_LOGO_BYTES / 1024,
        with_commas(klankbord::domain::logo::MAX_LOGO_SIDE as usize),
        with_commas(klankbord::domain::logo::MAX_LOGO_SIDE as usize),
        klankbord::domain::design_tokens::MAX_TOKENS_BYTES / 1024,
        with_commas(klankbord::domain::design_tokens::MAX_DECLARATIONS),
    )));
    // Every body size nginx allows is one of these.
    for line in nginx.lines().filter(|l| l.contains("client_max_body_size")) {
        let kib: usize = line
            .trim()
            .trim_start_matches("client_max_body_size ")
            .trim_end_matches("k;")
            .parse()
            .unwrap();
        assert!(
            [
                MAX_BODY_BYTES,
                LIST_FORM_BYTES,
                UPLOAD_BYTES,
                HOUSE_STYLE_UPLOAD_BYTES
            ]
            .contains(&(kib * 1024)),
            "{line}"
        );
    }
}

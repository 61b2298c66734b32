//! The municipality's own look: the griffier uploads a logo and design
//! tokens, every page of the municipality links them, they are served from
//! Klankbord's origin with their true type; hostile files change nothing.
//! (Who may do it is in the access matrix.)

use std::io::Write;

use crate::both_backends;
use crate::common::Backend;
use crate::common::TestApp;
use crate::common::browser::{Browser, Resp};
use crate::support::*;
use klankbord::domain::ids::{MunicipalityId, RoundId};

/// A PNG of `w` × `h` RGBA pixels with a text chunk holding a script.
fn png(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&[(x * 40) as u8, (y * 40) as u8, 0x90, 0xff]);
        }
    }
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&raw).unwrap();
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"tEXt", b"Comment\0<script>alert(1)</script>");
    chunk(&mut out, b"IDAT", &e.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

const TOKENS: &str = "/* Gemeente Teststad */\n.teststad-theme {\n  --teststad-color-blue: hsl(211 60% 35%); /* basis */\n  --utrecht-link-color: var(--teststad-color-blue);\n  --utrecht-document-font-family: \"Noto Sans\", Arial, sans-serif;\n}\n";

async fn upload(b: &mut Browser, m: MunicipalityId, what: &str, name: &str, file: &[u8]) -> Resp {
    let page = b.get(&format!("/mijn/gemeenten/{m}/huisstijl")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf();
    b.post_multipart(
        &format!("/mijn/gemeenten/{m}/huisstijl/{what}"),
        &[("csrf", csrf.as_str())],
        &[("bestand", name, file)],
    )
    .await
}

async fn remove(b: &mut Browser, m: MunicipalityId, what: &str) -> Resp {
    let csrf = b
        .get(&format!("/mijn/gemeenten/{m}/huisstijl"))
        .await
        .csrf();
    b.post(
        &format!("/mijn/gemeenten/{m}/huisstijl/{what}/verwijderen"),
        &[("csrf".to_owned(), csrf)],
    )
    .await
}

/// The house-style links of a page: (css, logo).
fn links_of(body: &str, m: MunicipalityId) -> (Option<String>, Option<String>) {
    let find = |what: &str| {
        let start = body.find(&format!("/gemeenten/{m}/{what}?v="))?;
        let end = start + body[start..].find('"')?;
        Some(body[start..end].to_owned())
    };
    (find("thema.css"), find("logo"))
}

fn stored(app: &TestApp) -> Vec<String> {
    app.db.query(
        "SELECT COALESCE(tokens_css, '-') || ' ' || COALESCE(logo_type, '-') || ' ' || CAST(version AS TEXT) AS v FROM house_styles",
    )
}

async fn signed_in_clerk(backend: Backend) -> (TestApp, Browser, RoundId, MunicipalityId) {
    let (app, g, round) = clerk_of_a_round(backend).await;
    let m = municipality_of(&app, round);
    (app, g, round, m)
}

async fn the_griffier_uploads_replaces_and_removes_the_house_style(backend: Backend) {
    let (app, mut g, round, m) = signed_in_clerk(backend).await;
    let round_page = format!("/mijn/rondes/{round}");
    assert_eq!(links_of(&g.get(&round_page).await.body, m), (None, None));

    // The logo: rewritten, served with its true type.
    let r = upload(&mut g, m, "logo", "logo.png", &png(4, 3)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = g.get(&r.location().unwrap()).await;
    assert!(page.body.contains("Het logo is geplaatst"), "{}", page.body);
    let (css, logo) = links_of(&g.get(&round_page).await.body, m);
    assert_eq!(css, None);
    let logo = logo.expect("the round page shows the logo");
    let mut anyone = app.browser();
    let got = anyone.get(&logo).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type").as_deref(), Some("image/png"));
    assert_eq!(
        got.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert!(got.header("cache-control").unwrap().contains("immutable"));
    assert!(!got.body.contains("<script") && !got.body.contains("tEXt"));
    let etag = got.header("etag").unwrap();
    let again = anyone
        .get_with_headers(
            &format!("/gemeenten/{m}/logo"),
            &[("if-none-match", etag.as_str())],
        )
        .await;
    assert_eq!(again.status, 304);

    // The tokens: only the cleaned declarations, under :root.
    let r = upload(&mut g, m, "ontwerptokens", "theme.css", TOKENS.as_bytes()).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (css, logo2) = links_of(&g.get(&round_page).await.body, m);
    let css = css.expect("the round page links the tokens");
    assert_ne!(
        logo2.as_deref(),
        Some(logo.as_str()),
        "a new version, a new link"
    );
    let sheet = anyone.get(&css).await;
    assert_eq!(sheet.status, 200);
    assert_eq!(
        sheet.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        sheet.body,
        ":root {\n  --teststad-color-blue: hsl(211 60% 35%);\n  --utrecht-link-color: var(--teststad-color-blue);\n  --utrecht-document-font-family: \"Noto Sans\", Arial, sans-serif;\n}\n"
    );
    // After style.css, on the municipality's other pages too.
    let body = g.get(&round_page).await.body;
    assert!(body.find("/assets/style.css").unwrap() < body.find(&css).unwrap());
    let people = g.get(&format!("/mijn/gemeenten/{m}/mensen")).await.body;
    assert!(people.contains(&css) && people.contains("site-header__logo"));

    // Replaced: the new tokens only.
    let r = upload(
        &mut g,
        m,
        "ontwerptokens",
        "root.css",
        b":root { --teststad-x-y: 2px; }",
    )
    .await;
    assert_eq!(r.status, 303);
    let (css2, _) = links_of(&g.get(&round_page).await.body, m);
    assert_ne!(css2.as_deref(), Some(css.as_str()));
    assert_eq!(
        anyone.get(&css2.unwrap()).await.body,
        ":root {\n  --teststad-x-y: 2px;\n}\n"
    );

    // Removed, one part at a time; removing again is refused.
    assert_eq!(remove(&mut g, m, "logo").await.status, 303);
    assert_eq!(
        anyone.get(&format!("/gemeenten/{m}/logo")).await.status,
        404
    );
    let (css3, logo3) = links_of(&g.get(&round_page).await.body, m);
    assert!(css3.is_some() && logo3.is_none());
    assert_eq!(remove(&mut g, m, "ontwerptokens").await.status, 303);
    assert_eq!(
        anyone
            .get(&format!("/gemeenten/{m}/thema.css"))
            .await
            .status,
        404
    );
    assert_eq!(links_of(&g.get(&round_page).await.body, m), (None, None));
    assert_eq!(remove(&mut g, m, "logo").await.status, 409);

    let mut log = app
        .db
        .query("SELECT detail AS v FROM audit_log WHERE action = 'huisstijl gewijzigd'");
    log.sort();
    let mut expected = [
        "logo geplaatst (4 × 3 pixels, image/png)",
        "ontwerptokens geplaatst (3)",
        "ontwerptokens geplaatst (1)",
        "logo verwijderd",
        "ontwerptokens verwijderd",
    ];
    expected.sort();
    assert_eq!(log, expected);
}

async fn hostile_files_are_refused_and_nothing_is_stored(backend: Backend) {
    let (app, mut g, _round, m) = signed_in_clerk(backend).await;
    let tokens: &[(&str, u16, &str)] = &[
        (
            ":root { --a-b: url(https://evil.example/x.png); }",
            422,
            "url()",
        ),
        (
            "@import url(x.css);\n:root { --a-b: 1px; }",
            422,
            "Regel 1: @-regels",
        ),
        ("body { --a-b: red; }", 422, "selector"),
        (":root {\n  color: red;\n}", 422, "Regel 2"),
        (
            ":root { --a-b: \"</style><script>alert(1)</script>\"; }",
            422,
            "‘&lt;’",
        ),
        (":root { --a-b: expression(alert(1)); }", 422, "expression"),
        ("\u{0}\u{1}binary garbage", 422, "stuurteken"),
        ("", 422, "geen ontwerptokens"),
    ];
    for (file, status, says) in tokens {
        let r = upload(&mut g, m, "ontwerptokens", "theme.css", file.as_bytes()).await;
        assert_eq!(r.status, *status, "{file}: {}", r.body);
        assert!(r.body.contains(says), "{file}: {says} in {}", r.body);
        assert!(r.body.contains("error-summary"), "{file}");
    }
    let huge = format!(":root {{ --a-b: {}; }}", "1".repeat(300 * 1024));
    let r = upload(&mut g, m, "ontwerptokens", "theme.css", huge.as_bytes()).await;
    assert_eq!(r.status, 413);
    assert!(r.body.contains("hoogstens 256 KiB"));

    let good = png(2, 2);
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"<html><script>alert(1)</script></html>");
    let mut big = good.clone();
    big.resize(201 * 1024, 0);
    let images: &[(&str, Vec<u8>, u16, &str)] = &[
        (
            "logo.png",
            b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
            422,
            "geen PNG- of JPEG-afbeelding",
        ),
        (
            "logo.png",
            good[..good.len() - 20].to_vec(),
            422,
            "beschadigd of onvolledig",
        ),
        ("logo.png", trailing, 422, "beschadigd of onvolledig"),
        (
            "logo.gif",
            b"GIF89a\x01\x00\x01\x00".to_vec(),
            422,
            "geen PNG- of JPEG-afbeelding",
        ),
        ("logo.png", png(1100, 1), 422, "hoogstens 1024 × 1024"),
        ("logo.png", big, 413, "hoogstens 200 KiB"),
    ];
    for (name, file, status, says) in images {
        let r = upload(&mut g, m, "logo", name, file).await;
        assert_eq!(r.status, *status, "{name} {says}: {}", r.body);
        assert!(r.body.contains(says), "{says} in {}", r.body);
    }
    assert!(stored(&app).is_empty(), "{:?}", stored(&app));
    assert_eq!(
        app.db
            .query("SELECT detail AS v FROM audit_log WHERE action = 'huisstijl gewijzigd'")
            .len(),
        0
    );

    // A refusal after a good upload keeps what was there.
    assert_eq!(
        upload(&mut g, m, "ontwerptokens", "t.css", TOKENS.as_bytes())
            .await
            .status,
        303
    );
    let before = stored(&app);
    let r = upload(
        &mut g,
        m,
        "ontwerptokens",
        "t.css",
        b":root { --a-b: url(x); }",
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(stored(&app), before);
}

/// The platform admin may set a municipality's look without a role there.
async fn the_platform_admin_sets_the_house_style_too(backend: Backend) {
    let (app, _g, _round, m) = signed_in_clerk(backend).await;
    app.svc
        .create_staff(
            klankbord::domain::audit::System::Cli,
            &klankbord::domain::email::EmailAddress::parse("beheer@hoster.example").unwrap(),
            &klankbord::domain::text::PersonName::parse("Bea Beheer").unwrap(),
            true,
        )
        .unwrap();
    let mut admin = app.browser();
    sign_in(&app, &mut admin, "beheer@hoster.example", None).await;
    let r = upload(&mut admin, m, "logo", "logo.png", &png(2, 2)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(stored(&app).len(), 1);
}

both_backends!(
    the_griffier_uploads_replaces_and_removes_the_house_style,
    hostile_files_are_refused_and_nothing_is_stored,
    the_platform_admin_sets_the_house_style_too
);

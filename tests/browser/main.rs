//! The browser walks of `tests/e2e/` as part of the test suite: each script
//! starts the debug binary on a free port with a fresh SQLite database and the
//! file outbox, and Debian's Chromium goes through the pages with axe-core,
//! the reflow check (640, 375, 320 px) and screenshots on every page.
//! - `walk.mjs`: the whole cycle of a new municipality, step by step;
//! - `demo.mjs`: every page the demo's people reach by following links, with
//!   the demo's full data (long tables, a closed round with results);
//! - `verslag.mjs`: the verslag's forms on the demo (a correction of its
//!   vastgesteld verslag: writing, concept, a comment and its processing with
//!   the error page, definitive, a change after a signature, two signatures);
//! - `theme.mjs`: the demo municipality in its own look (the published
//!   `@utrecht/design-tokens` and a logo, uploaded through the web form).
//! - `oidc.mjs`: signing in through the municipality's identity provider (the
//!   real `oidc-provider`): the griffier's invitation, linking, signing in
//!   with *Aanmelden via Voorbeeldrecht*, and the refusal pages.
//!
//! Screenshots land in `screenshots/` (printed).
//!
//! Needs `node`, `/usr/bin/chromium` and `npm ci` in `tests/e2e` (`.ci/run`
//! does all three). Without them the test prints `SKIPPED:`; with `CI=true`
//! it fails instead.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn a_real_browser_walks_the_whole_cycle() {
    run_script("walk.mjs");
}

#[test]
fn every_page_of_the_demo_passes_axe_and_reflows_at_320_px() {
    run_script("demo.mjs");
}

#[test]
fn the_verslag_is_corrected_commented_and_signed_in_a_real_browser() {
    run_script("verslag.mjs");
}

#[test]
fn a_municipality_with_published_design_tokens_and_a_logo_keeps_passing_axe() {
    run_script("theme.mjs");
}

#[test]
fn oidc_linking_and_signing_in_through_the_municipalitys_provider_in_a_real_browser() {
    run_script("oidc.mjs");
}

fn run_script(script: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let e2e = root.join("tests/e2e");
    let chromium =
        std::env::var("KLANKBORD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!node).then_some("node"),
        (!Path::new(&chromium).exists()).then_some("chromium (apt-get install chromium)"),
        (!e2e.join("node_modules/playwright-core").exists())
            .then_some("tests/e2e/node_modules (npm ci)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the browser test cannot run: missing {}",
            missing.join(", ")
        );
        println!("SKIPPED: browser {script}, missing {}", missing.join(", "));
        return;
    }
    let shots = root.join("screenshots");
    let status = Command::new("node")
        .arg(script)
        .current_dir(&e2e)
        .env("KLANKBORD_BIN", env!("CARGO_BIN_EXE_klankbord"))
        .env("KLANKBORD_CHROMIUM", &chromium)
        .env("KLANKBORD_SCREENSHOTS", &shots)
        .status()
        .expect("node runs");
    println!("screenshots: {}", shots.display());
    assert!(
        status.success(),
        "the browser script {script} failed (see its output above)"
    );
}

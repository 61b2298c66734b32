//! The browser walk of `tests/e2e/walk.mjs` as part of the test suite: the
//! debug binary is started by the script on a free port with a fresh SQLite
//! database and the file outbox, and Debian's Chromium walks the whole cycle
//! with axe-core on every page. Screenshots land in `screenshots/` (printed).
//!
//! Needs `node`, `/usr/bin/chromium` and `npm ci` in `tests/e2e` (`.ci/run`
//! does all three). Without them the test prints `SKIPPED:`; with `CI=true`
//! it fails instead.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn a_real_browser_walks_the_whole_cycle() {
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
        println!("SKIPPED: browser walk, missing {}", missing.join(", "));
        return;
    }
    let shots = root.join("screenshots");
    let status = Command::new("node")
        .arg("walk.mjs")
        .current_dir(&e2e)
        .env("KLANKBORD_BIN", env!("CARGO_BIN_EXE_klankbord"))
        .env("KLANKBORD_CHROMIUM", &chromium)
        .env("KLANKBORD_SCREENSHOTS", &shots)
        .status()
        .expect("node runs");
    println!("screenshots: {}", shots.display());
    assert!(
        status.success(),
        "the browser walk failed (see its output above)"
    );
}

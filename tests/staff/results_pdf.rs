//! The results as a PDF: who may download it (as the CSV), the audit line,
//! the same bytes every time, and what Debian's PDF tools say about the file.

use std::path::Path;
use std::process::Command;

use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::respond::answer_with;
use crate::common::{Backend, invite, setup_round, spawn_app};
use crate::support::*;
use klankbord::domain::audit::System;
use klankbord::domain::staff::Role;

const RATERS: &[(&str, &str, &str)] = &[
    ("R1", "r1@raad.example", "gemeenteraad"),
    ("R2", "r2@raad.example", "gemeenteraad"),
    ("R3", "r3@raad.example", "gemeenteraad"),
    ("R4", "r4@raad.example", "gemeenteraad"),
    ("R5", "r5@raad.example", "gemeenteraad"),
    ("W1", "w1@college.example", "college"),
    ("W2", "w2@college.example", "college"),
];

const COMMENT: &str = "Zichtbaar aanwezig bij de wijkavonden";

async fn the_results_pdf_is_for_who_may_download_the_csv_and_is_the_same_every_time(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    person(&app, "vz@teststad.example", Some((m, Role::Chair)));
    person(&app, "rl@teststad.example", Some((m, Role::CouncilMember)));
    let mut chair = app.browser();
    sign_in(&app, &mut chair, "vz@teststad.example", None).await;
    let mut council = app.browser();
    sign_in(&app, &mut council, "rl@teststad.example", None).await;
    invite(&app, round, RATERS);
    let mails = mail::outbox(&app.outbox);
    for ((_, email, _), value) in RATERS.iter().zip(["4", "5", "3", "4", "2", "4", "5"]) {
        let link = link_for(&mails, email);
        assert_eq!(answer_with(&app, &link, value, COMMENT).await, 303);
    }
    let pdf = format!("/mijn/rondes/{round}/uitkomsten.pdf");
    let csv = format!("/mijn/rondes/{round}/uitkomsten.csv");

    // While open: refused as the CSV is.
    let open = chair.get(&pdf).await;
    assert_ne!(open.status, 200);
    assert_eq!(open.status, chair.get(&csv).await.status);
    assert!(!open.bytes.starts_with(b"%PDF"));

    app.svc.close_round(System::Cli, round).unwrap();
    let first = chair.get(&pdf).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(
        first.header("content-type").as_deref(),
        Some("application/pdf")
    );
    let disposition = first.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=") && disposition.ends_with(".pdf\""),
        "{disposition}"
    );
    assert!(first.bytes.starts_with(b"%PDF-1.7"));
    let again = chair.get(&pdf).await;
    assert!(first.bytes == again.bytes, "the same view, the same bytes");

    // Audited as the CSV is, and named as a PDF.
    let log = app
        .db
        .query("SELECT detail AS v FROM audit_log WHERE action = 'export gedownload'");
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log.iter().all(|d| d.contains("PDF")), "{log:?}");

    // The council reads a summary at most; the PDF is refused as the CSV is.
    let refused = council.get(&pdf).await;
    assert_eq!(refused.status, council.get(&csv).await.status);
    assert_eq!(refused.status, 403);

    check_with_debian_tools(&first.bytes, COMMENT);
}

both_backends!(the_results_pdf_is_for_who_may_download_the_csv_and_is_the_same_every_time);

/// Runs a tool; `None` (with a `SKIPPED:` line) when it is not installed,
/// which fails under `CI=true` (`.ci/run` installs them).
pub(crate) fn run(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(out) => {
            assert!(
                out.status.success() || tool == "qpdf" && out.status.code() == Some(3),
                "{tool} {args:?}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{tool} is missing; .ci/run installs qpdf and poppler-utils"
            );
            println!("SKIPPED: {tool} is not installed (apt-get install qpdf poppler-utils)");
            None
        }
        Err(e) => panic!("{tool}: {e}"),
    }
}

/// A field of `pdfinfo`'s output ("Tagged:" → "yes"); empty if missing.
pub(crate) fn info_field(out: &str, name: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(name))
        .map(|v| v.trim().to_owned())
        .unwrap_or_default()
}

fn check_with_debian_tools(bytes: &[u8], comment: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("uitkomsten.pdf");
    std::fs::write(&file, bytes).unwrap();
    let path = file.to_str().unwrap();
    if let Some(out) = run("qpdf", &["--check", path]) {
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
    }
    if let Some(out) = run("pdffonts", &[path]) {
        let fonts: Vec<&str> = out.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{out}");
        for line in fonts {
            assert!(line.contains("NotoSans"), "{line}");
            // Columns: name type encoding emb sub uni object-id.
            let cols: Vec<&str> = line.split_whitespace().collect();
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "embedded: {line}");
        }
    }
    if let Some(out) = run("pdfinfo", &[path]) {
        let field = |name: &str| info_field(&out, name);
        assert_eq!(field("Tagged:"), "yes", "{out}");
        assert!(
            field("Title:").starts_with("Uitkomsten klankbordgesprek"),
            "{out}"
        );
        assert!(field("Pages:").parse::<u32>().unwrap() >= 2, "{out}");
        assert!(field("Page size:").contains("595.28 x 841.89"), "A4: {out}");
        assert!(field("PDF version:").starts_with("1.7"), "{out}");
    }
    if run("pdftotext", &["-v"]).is_some() {
        let text = dir.path().join("uitkomsten.txt");
        run("pdftotext", &[path, text.to_str().unwrap()]);
        let text = std::fs::read_to_string(Path::new(&text)).unwrap();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            "Uitkomsten: Klankbordgesprek met burgemeester Bert Burgemeester",
            "Respons per groep",
            "Pagina 1 van",
            "Vertrouwelijk — alleen voor de klankbordcommissie en de burgemeester",
            comment,
        ] {
            assert!(text.contains(expected), "{expected} in:\n{text}");
        }
    }
}

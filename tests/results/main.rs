//! Publishing a closed round: what may be known while open, the released
//! view computed once at close, and nothing changing it afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;
mod format;

use common::mail::{self, link_for};
use common::respond::answer_with;
use common::{Backend, invite, setup_round, spawn_app};
use klankbord::domain::audit::System;
use klankbord::results::{CellView, ItemType};
use klankbord::service::results::RoundResults;

const RATERS: &[(&str, &str, &str)] = &[
    ("R1", "r1@raad.example", "gemeenteraad"),
    ("R2", "r2@raad.example", "gemeenteraad"),
    ("R3", "r3@raad.example", "gemeenteraad"),
    ("R4", "r4@raad.example", "gemeenteraad"),
    ("W1", "w1@college.example", "college"),
    ("W2", "w2@college.example", "college"),
    ("W3", "w3@college.example", "college"),
    ("P1", "p1@politie.example", "veiligheidspartners"),
];

async fn a_round_publishes_once_at_close_and_never_changes(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let mails = mail::outbox(&app.outbox);
    // The college's 2, 4, 3 (sum 9) is a Pool that passes its audit: a sum of
    // 11 would not, as the world {1, 5, 5} would let the one who said 1 know the rest.
    let answers = ["2", "3", "4", "5", "2", "4", "3", "1"];
    for ((_, email, _), value) in RATERS.iter().zip(answers) {
        assert_eq!(
            answer_with(
                &app,
                &link_for(&mails, email),
                value,
                &format!("Opmerking van {email}")
            )
            .await,
            303
        );
    }

    // While open: the total and, per group, only whether k is reached.
    let RoundResults::Open { total, k_reached } = app.svc.results(System::Cli, round).unwrap()
    else {
        panic!("open")
    };
    assert_eq!(total, 8);
    let reached = |name: &str| k_reached.iter().find(|(n, _)| n == name).unwrap().1;
    assert!(reached("Gemeenteraad") && reached("College") && !reached("Veiligheidspartners"));

    app.svc.close_round(System::Cli, round).unwrap();
    let RoundResults::Released(view) = app.svc.results(System::Cli, round).unwrap() else {
        panic!("released")
    };
    assert!(!view.too_few);
    assert_eq!(view.respondents, 8);
    // A group of three with one possible insider, and a group of one, are not named.
    assert_eq!(
        view.groups
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Gemeenteraad"]
    );
    assert_eq!(view.pooled_groups, vec!["College", "Veiligheidspartners"]);
    assert_eq!(
        view.release_type,
        Some(klankbord::results::ReleaseKind::Mean)
    );

    let chair = view
        .themes
        .iter()
        .find(|t| t.title == "Voorzitter van de raad")
        .unwrap();
    let item = &chair.items[0];
    assert_eq!(
        item.groups[0],
        CellView::Mean {
            respondents: 4,
            cannot_judge: 0,
            sum: 14
        },
        "raad: 2+3+4+5"
    );
    let overall = item.overall.clone().unwrap();
    assert_eq!(
        overall,
        CellView::Mean {
            respondents: 7,
            cannot_judge: 0,
            sum: 23
        },
        "raad and college (2+4+3)"
    );
    // Comments: eight raters got the open questions (k_text = 5), each comment once, no names attached.
    let open = view
        .themes
        .iter()
        .flat_map(|t| &t.items)
        .find(|i| i.kind == ItemType::Open)
        .unwrap();
    let blocks = open.comments.clone().expect("comments shown");
    // 4 raad members, 3 wethouders, 1 police officer: no group has k_text
    // beyond its coalition, so all comments stand together without a name.
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].group, None);
    let comments = blocks[0].comments.clone();
    assert_eq!(comments.len(), 8);
    let mut unique = comments.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 8);
    let in_submission_order: Vec<String> = RATERS
        .iter()
        .map(|(_, e, _)| format!("Opmerking van {e}"))
        .collect();
    assert_ne!(
        comments, in_submission_order,
        "not in submission order (1 in 40,320 by chance)"
    );

    // After release no raw answer is left to recompute from: the sealed
    // records and the round key are gone; the view is all that is kept.
    for table in ["sealed_responses", "round_keys"] {
        assert_eq!(
            app.db
                .query(&format!("SELECT CAST(COUNT(*) AS TEXT) AS v FROM {table}")),
            vec!["0"],
            "{table} after close"
        );
    }
    // Closing again, by the worker or a second instance, changes nothing.
    app.svc.close_due_rounds().unwrap();
    app.second_instance().close_due_rounds().unwrap();
    let RoundResults::Released(again) = app.svc.results(System::Cli, round).unwrap() else {
        panic!()
    };
    assert_eq!(again, view);
    assert!(
        app.svc.close_round(System::Cli, round).is_err(),
        "a closed round is not closed (or published) twice"
    );
}

async fn too_few_respondents_publish_only_that_fact(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, &RATERS[..3]);
    let mails = mail::outbox(&app.outbox);
    assert_eq!(
        answer_with(&app, &link_for(&mails, "r1@raad.example"), "5", "x").await,
        303
    );
    assert_eq!(
        answer_with(&app, &link_for(&mails, "r2@raad.example"), "5", "y").await,
        303
    );
    app.svc.close_round(System::Cli, round).unwrap();
    let RoundResults::Released(view) = app.svc.results(System::Cli, round).unwrap() else {
        panic!()
    };
    assert!(view.too_few);
    assert!(view.themes.is_empty() && view.groups.is_empty());
    assert_eq!(view.respondents, 2);
}

async fn a_round_closed_by_its_date_is_published_too(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    app.advance(30 * 24 * 3600);
    assert_eq!(app.svc.close_due_rounds().unwrap(), 1);
    assert!(matches!(
        app.svc.results(System::Cli, round).unwrap(),
        RoundResults::Released(_)
    ));
}

async fn the_self_assessment_is_shown_beside_the_others_and_counts_nowhere(backend: Backend) {
    use klankbord::domain::answers::field_name;
    use klankbord::domain::questionnaire::ItemKind;
    use klankbord::service::self_assessment::SelfOutcome;

    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let mails = mail::outbox(&app.outbox);
    for ((_, email, _), value) in RATERS.iter().zip(["2", "3", "4", "5", "2", "4", "3", "1"]) {
        assert_eq!(
            answer_with(&app, &link_for(&mails, email), value, "").await,
            303
        );
    }
    let q = app.svc.self_questionnaire(System::Cli, round).unwrap();
    let fields = |value: &str| -> Vec<(String, String)> {
        q.items()
            .map(|i| match i.kind {
                ItemKind::Scale => (field_name(i.id), value.to_owned()),
                ItemKind::Open { .. } => (field_name(i.id), "Eigen blik".to_owned()),
            })
            .collect()
    };
    // Incomplete answers are refused and store nothing.
    assert!(matches!(
        app.svc
            .submit_self_assessment(System::Cli, round, &fields(""))
            .unwrap(),
        SelfOutcome::Invalid(_)
    ));
    assert!(matches!(
        app.svc
            .submit_self_assessment(System::Cli, round, &fields("5"))
            .unwrap(),
        SelfOutcome::Saved
    ));
    let again = app
        .svc
        .submit_self_assessment(System::Cli, round, &fields("1"));
    assert!(
        matches!(again, Err(klankbord::service::ServiceError::Conflict(_))),
        "only once"
    );
    // While open the self-assessment is not a response of any rater group.
    let RoundResults::Open { total, .. } = app.svc.results(System::Cli, round).unwrap() else {
        panic!()
    };
    assert_eq!(total, 8);

    app.svc.close_round(System::Cli, round).unwrap();
    assert!(
        app.svc
            .submit_self_assessment(System::Cli, round, &fields("4"))
            .is_err(),
        "not after close"
    );
    let RoundResults::Released(view) = app.svc.results(System::Cli, round).unwrap() else {
        panic!()
    };
    assert!(view.self_assessed);
    assert_eq!(view.respondents, 8, "self not counted");
    let chair = view
        .themes
        .iter()
        .find(|t| t.title == "Voorzitter van de raad")
        .unwrap();
    let item = &chair.items[0];
    assert_eq!(item.self_answer, Some(5));
    assert_eq!(
        item.overall,
        Some(CellView::Mean {
            respondents: 7,
            cannot_judge: 0,
            sum: 23
        }),
        "the overall is the raters' only"
    );
    let open = view
        .themes
        .iter()
        .flat_map(|t| &t.items)
        .find(|i| i.kind == ItemType::Open)
        .unwrap();
    assert_eq!(open.self_comment.as_deref(), Some("Eigen blik"));
    assert!(
        open.comments
            .iter()
            .flatten()
            .all(|b| !b.comments.contains(&"Eigen blik".to_owned())),
        "the burgemeester's text is not among the referenten's comments"
    );
    // Self 5 against others 23/7 = 3.3: a blind spot, in words.
    let summary = klankbord::results::summary::summarize(&view);
    assert!(!summary.blind_spots.is_empty());
    assert!(summary.sentences.iter().any(|s| s.contains("blinde vlek")));
}

async fn k_is_fixed_once_the_first_invitation_is_sent(backend: Backend) {
    use klankbord::domain::round::MinGroupSize;
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    app.svc
        .set_min_group_size(System::Cli, round, MinGroupSize::new(5).unwrap())
        .unwrap();
    assert_eq!(app.svc.round_info(round).unwrap().min_group_size.get(), 5);
    invite(&app, round, RATERS);
    let refused = app
        .svc
        .set_min_group_size(System::Cli, round, MinGroupSize::new(4).unwrap());
    assert!(matches!(
        refused,
        Err(klankbord::service::ServiceError::Conflict(_))
    ));
    let refused = app
        .svc
        .set_min_group_size(System::Cli, round, MinGroupSize::new(6).unwrap());
    assert!(
        refused.is_err(),
        "not even stricter: the invitation stated k"
    );
    assert_eq!(app.svc.round_info(round).unwrap().min_group_size.get(), 5);
}

both_backends!(
    the_self_assessment_is_shown_beside_the_others_and_counts_nowhere,
    k_is_fixed_once_the_first_invitation_is_sent,
    a_round_publishes_once_at_close_and_never_changes,
    too_few_respondents_publish_only_that_fact,
    a_round_closed_by_its_date_is_published_too,
);

async fn the_demo_dashboard_has_charts_and_tables_and_agrees_with_json_and_csv(backend: Backend) {
    use klankbord::results::csv::{Separator, to_csv};
    use klankbord::results::summary::nl;
    use klankbord::web::views::dashboard::dashboard;

    let app = spawn_app(backend).await;
    let report = app.svc.demo().unwrap();
    let closed = report.closed_round.expect("the demo has a closed round");
    let RoundResults::Released(view) = app.svc.results(System::Cli, closed).unwrap() else {
        panic!()
    };
    assert!(
        !view.too_few && view.groups.len() >= 3,
        "the demo shows several groups by name"
    );
    let info = app.svc.round_info(closed).unwrap();
    let html = dashboard(&info, &view).into_string();
    assert!(
        html.contains("<svg") && html.contains("role=\"img\"") && html.contains("<table"),
        "charts and tables"
    );
    assert!(
        !html.contains("style=") && !html.contains("<script"),
        "nothing the CSP would block"
    );
    assert!(html.contains("— betekent"), "the dash is explained once");
    assert_eq!(
        dashboard(&info, &view).into_string(),
        html,
        "equal views render byte-identical pages"
    );

    let csv = to_csv(&view, Separator::Semicolon);
    assert!(csv.starts_with('\u{feff}'));
    let json: klankbord::results::ReleasedView =
        serde_json::from_str(&serde_json::to_string(&view).unwrap()).unwrap();
    assert_eq!(json, *view);
    let mut shown = 0;
    for theme in &view.themes {
        for item in theme.items.iter().filter(|i| i.kind == ItemType::Scale) {
            for (g, c) in view.groups.iter().zip(&item.groups) {
                if let (Some(m), Some(n)) = (c.mean(), c.valid()) {
                    shown += 1;
                    assert!(
                        html.contains(&format!("{} (n={n})", nl(m))),
                        "{} {}",
                        g.name,
                        item.text
                    );
                    assert!(
                        csv.contains(&format!(";{};{};{n};", g.name, nl(m))),
                        "{} {}",
                        g.name,
                        item.text
                    );
                }
            }
        }
        for item in theme.items.iter().filter(|i| i.kind == ItemType::Open) {
            for block in item.comments.iter().flatten() {
                if let Some(group) = &block.group {
                    assert!(html.contains(&format!("<h4>{group}</h4>")), "group label");
                }
                for c in &block.comments {
                    assert!(html.contains(c.as_str()), "comment in the dashboard");
                }
            }
        }
    }
    assert!(shown > 20, "most cells are shown ({shown})");
}

both_backends!(the_demo_dashboard_has_charts_and_tables_and_agrees_with_json_and_csv);

/// The demo's closed round as the PDF of the results: byte-identical from
/// the same view, with the view's statements, figures and comments in its
/// text. Set `KLANKBORD_PDF_KEEP=<file>` to keep the file and look at it.
async fn the_demo_results_pdf_is_the_same_every_time_and_holds_the_view(backend: Backend) {
    use klankbord::domain::staff::ResultsAccess;
    use klankbord::pdf::Conformance;
    use klankbord::pdf::results::{Cover, results_pdf};

    let app = spawn_app(backend).await;
    let closed = app.svc.demo().unwrap().closed_round.unwrap();
    let RoundResults::Released(view) = app.svc.results(System::Cli, closed).unwrap() else {
        panic!()
    };
    let info = app.svc.round_info(closed).unwrap();
    let cover = Cover {
        round: info.id,
        municipality: &info.municipality,
        kind: info.kind,
        mayor_name: &info.mayor_name,
        meeting_on: info.meeting_on,
        sharing: info.sharing,
        published_at: info.closes_at,
    };
    let pdf = results_pdf(&cover, &view, ResultsAccess::Full, Conformance::Archive).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    assert_eq!(
        results_pdf(&cover, &view, ResultsAccess::Full, Conformance::Archive).unwrap(),
        pdf,
        "the same view, the same bytes"
    );
    let mut other = (*view).clone();
    other.respondents += 1;
    assert_ne!(
        results_pdf(&cover, &other, ResultsAccess::Full, Conformance::Archive).unwrap(),
        pdf
    );
    if let Ok(keep) = std::env::var("KLANKBORD_PDF_KEEP") {
        std::fs::write(keep, &pdf).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let Ok(out) = std::process::Command::new("pdftotext")
        .args([file.to_str().unwrap(), "-"])
        .output()
    else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pdftotext is missing"
        );
        println!("SKIPPED: pdftotext is not installed (apt-get install poppler-utils)");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for theme in &view.themes {
        for item in &theme.items {
            assert!(text.contains(&words(&item.text)), "{}", item.text);
            for block in item.comments.iter().flatten() {
                for c in &block.comments {
                    assert!(text.contains(&words(c)), "comment {c}");
                }
            }
        }
    }
    assert!(
        text.contains("Zelfbeeld"),
        "the delegation sees the self-assessment"
    );
    assert!(text.contains("— betekent"), "the dash is explained");
}

both_backends!(the_demo_results_pdf_is_the_same_every_time_and_holds_the_view);

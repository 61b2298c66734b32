//! The questionnaire in steps: one theme per page with its progress, the
//! counting error summary, the check page, and the sealed draft that keeps
//! what a referent typed across pages, browsers and an expired session.

use klankbord::domain::audit::System;

use crate::answering::RATERS;
use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::respond::{answers_with, theme_count};
use crate::common::{Backend, Browser, Resp, TestApp, invite, setup_round, spawn_app};

fn drafts(app: &TestApp) -> String {
    app.db
        .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM drafts")
        .remove(0)
}

fn responses(app: &TestApp) -> String {
    app.db
        .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM sealed_responses")
        .remove(0)
}

/// Opens the link in `b` and returns the start page and the number of themes.
async fn start(b: &mut Browser, link: &str) -> (Resp, usize) {
    assert_eq!(b.get(link).await.status, 303);
    let start = b.get("/vragenlijst").await;
    assert_eq!(start.status, 200);
    let count = theme_count(&start);
    assert!(count >= 3, "{count} themes");
    (start, count)
}

/// The statements' radio names on a page, in order.
fn statements(page: &Resp) -> Vec<String> {
    answers_with(page, "S", "T")
        .into_iter()
        .filter(|(_, v)| v == "S")
        .map(|(k, _)| k)
        .collect()
}

fn count_of(body: &str, needle: &str) -> usize {
    body.matches(needle).count()
}

/// Every statement of every page answered with `value`, page by page.
async fn answer_all_pages(b: &mut Browser, count: usize, value: &str) {
    for n in 1..=count {
        let page = b.get(&format!("/vragenlijst/thema/{n}")).await;
        let res = b
            .post(
                &format!("/vragenlijst/thema/{n}"),
                &answers_with(&page, value, "Prima."),
            )
            .await;
        assert_eq!(res.status, 303, "page {n}: {}", res.body);
        let next = if n == count {
            "/vragenlijst/controleren".to_owned()
        } else {
            format!("/vragenlijst/thema/{}", n + 1)
        };
        assert_eq!(res.location(), Some(next));
    }
}

async fn one_theme_per_page_with_progress_a_counting_summary_and_a_check_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let mut b = app.browser();
    let (start_page, count) = start(&mut b, &link).await;
    assert!(start_page.body.contains("Begin met de vragenlijst"));
    assert!(start_page.body.contains("nog niet begonnen"));

    // Every page says where the referent is, in its title and on the page.
    for n in 1..=count {
        let page = b.get(&format!("/vragenlijst/thema/{n}")).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains(&format!("<title>Thema {n} van {count}: ")),
            "page {n} title"
        );
        assert!(page.body.contains("Opslaan en verder") && page.body.contains("Vorige"));
    }
    assert_eq!(b.get("/vragenlijst/thema/0").await.status, 404);
    assert_eq!(
        b.get(&format!("/vragenlijst/thema/{}", count + 1))
            .await
            .status,
        404
    );

    // Nothing chosen on page 1: the summary counts this page's statements
    // and links to them (at most five by name), each error by its field.
    let page1 = b.get("/vragenlijst/thema/1").await;
    let own = statements(&page1);
    let res = b
        .post("/vragenlijst/thema/1", &[("csrf".into(), page1.csrf())])
        .await;
    assert_eq!(res.status, 422);
    let title = if own.len() == 1 {
        "Nog 1 stelling zonder antwoord".to_owned()
    } else {
        format!("Nog {} stellingen zonder antwoord", own.len())
    };
    assert!(res.body.contains(&title), "{title}");
    assert!(res.body.contains("<title>Fout: Thema 1 van"));
    for name in own.iter().take(5) {
        assert!(
            res.body.contains(&format!("href=\"#{name}-1\"")),
            "link to {name}"
        );
    }
    assert_eq!(
        count_of(&res.body, "class=\"field-error\""),
        own.len(),
        "one error next to each field"
    );
    assert_eq!(
        count_of(&res.body, "kies een antwoord"),
        own.len(),
        "the summary does not repeat the same line per statement"
    );

    // Half answered and "Vorige": saved, back to the start page; the page
    // shows the answers again.
    let mut half = answers_with(&page1, "2", "Half.");
    half.retain(|(k, _)| k == "csrf" || own[..own.len() / 2 + 1].contains(k));
    half.push(("actie".into(), "vorige".into()));
    let back = b.post("/vragenlijst/thema/1", &half).await;
    assert_eq!(back.status, 303);
    assert_eq!(back.location().as_deref(), Some("/vragenlijst"));
    let again = b.get("/vragenlijst/thema/1").await;
    assert!(
        again
            .body
            .contains(&format!("name=\"{}\" value=\"2\" checked", own[0]))
    );
    let overview = b.get("/vragenlijst").await;
    assert!(overview.body.contains("Ga verder waar u was"));
    assert!(overview.body.contains("stellingen beantwoord"));

    // The check page before anything else is complete: everything missing
    // counted, the first five linked to their theme's page.
    let check = b.get("/vragenlijst/controleren").await;
    assert_eq!(check.status, 200);
    assert!(check.body.contains("Controleer uw antwoorden"));
    assert!(check.body.contains("stellingen zonder antwoord"));
    let linked = check
        .body
        .split("href=\"/vragenlijst/thema/")
        .skip(1)
        .filter(|rest| rest.split('"').next().is_some_and(|h| h.contains("#v-")))
        .count();
    assert_eq!(
        linked, 5,
        "five statements linked by name, to their theme's page"
    );
    assert!(check.body.contains("en nog "));
    let early = b
        .post("/vragenlijst", &[("csrf".into(), check.csrf())])
        .await;
    assert_eq!(early.status, 422);
    assert_eq!(responses(&app), "0");

    // Page by page to the end, then the one "Versturen".
    answer_all_pages(&mut b, count, "4").await;
    let check = b.get("/vragenlijst/controleren").await;
    assert!(!check.body.contains("zonder antwoord"), "complete");
    assert_eq!(
        count_of(&check.body, ">Wijzig<"),
        count,
        "a change link per theme"
    );
    assert!(check.body.contains("Mee eens") && check.body.contains("Prima."));
    let sent = b
        .post("/vragenlijst", &[("csrf".into(), check.csrf())])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert_eq!(responses(&app), "1");
    assert_eq!(drafts(&app), "0", "the draft went with the submit");
}

async fn a_draft_survives_a_new_browser_and_goes_with_the_submit(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "bas@raad.example");
    let mut first = app.browser();
    let (_, count) = start(&mut first, &link).await;
    let page = first.get("/vragenlijst/thema/1").await;
    let fields = answers_with(&page, "5", "Mijn eigen woorden.");
    assert_eq!(
        first.post("/vragenlijst/thema/1", &fields).await.status,
        303
    );
    assert_eq!(drafts(&app), "1");

    // The browser is closed; the referent opens the link again elsewhere.
    let mut second = app.browser();
    let (overview, _) = start(&mut second, &link).await;
    assert!(overview.body.contains("U was al begonnen"));
    assert!(overview.body.contains("(klaar)"), "theme 1 is done");
    let again = second.get("/vragenlijst/thema/1").await;
    for (name, value) in fields.iter().filter(|(k, _)| k.starts_with("v-")) {
        if value == "5" {
            assert!(
                again
                    .body
                    .contains(&format!("name=\"{name}\" value=\"5\" checked"))
            );
        } else {
            assert!(again.body.contains(value.as_str()));
        }
    }
    answer_all_pages(&mut second, count, "3").await;
    let check = second.get("/vragenlijst/controleren").await;
    let done = second
        .post("/vragenlijst", &[("csrf".into(), check.csrf())])
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(drafts(&app), "0");

    // A used link shows no draft, nor does the old browser's session.
    let used = app.browser().get(&link).await;
    assert_eq!(used.status, 410);
    assert!(!used.body.contains("Mijn eigen woorden."));
    let old = first.get("/vragenlijst/thema/1").await;
    assert_eq!(old.status, 410);
    assert!(!old.body.contains("checked"));
    // The used link ended that session too: a late post saves nothing.
    let late = first.post("/vragenlijst/thema/1", &fields).await;
    assert!(matches!(late.status, 403 | 410), "{}", late.status);
    assert_eq!(drafts(&app), "0");
}

async fn drafts_are_deleted_at_close_and_never_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let mails = mail::outbox(&app.outbox);
    for email in ["anna@politie.example", "bas@raad.example"] {
        let mut b = app.browser();
        start(&mut b, &link_for(&mails, email)).await;
        let page = b.get("/vragenlijst/thema/1").await;
        assert_eq!(
            b.post(
                "/vragenlijst/thema/1",
                &answers_with(&page, "1", "Concept.")
            )
            .await
            .status,
            303
        );
    }
    assert_eq!(drafts(&app), "2");
    // Declining removes the decliner's draft.
    let mut c = app.browser();
    start(&mut c, &link_for(&mails, "carla@college.example")).await;
    let page = c.get("/vragenlijst/thema/1").await;
    c.post("/vragenlijst/thema/1", &answers_with(&page, "1", "x"))
        .await;
    assert_eq!(drafts(&app), "3");
    let confirm = c.get("/vragenlijst/liever-gesprek").await;
    c.post(
        "/vragenlijst/liever-gesprek",
        &[("csrf".into(), confirm.csrf())],
    )
    .await;
    assert_eq!(drafts(&app), "2");

    app.svc.close_round(System::Cli, round).unwrap();
    assert_eq!(drafts(&app), "0", "every draft of the round is gone");
    let closed = app
        .browser()
        .get(&link_for(&mails, "anna@politie.example"))
        .await;
    assert_eq!(closed.status, 410);
    assert!(!closed.body.contains("Concept."));
    let klankbord::service::results::RoundResults::Released(view) =
        app.svc.results(System::Cli, round).unwrap()
    else {
        panic!("released")
    };
    assert_eq!(view.respondents, 0, "a draft is not an answer");
}

async fn a_session_that_expired_at_the_post_loses_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let mut b = app.browser();
    let (_, count) = start(&mut b, &link).await;
    // The first page with an open question.
    let mut n = 0;
    let mut page = None;
    for i in 1..=count {
        let p = b.get(&format!("/vragenlijst/thema/{i}")).await;
        if p.body.contains("<textarea") {
            n = i;
            page = Some(p);
            break;
        }
    }
    let page = page.expect("a page with an open question");
    let fields = answers_with(&page, "kib", "Na de pauze.");
    // Two hours later the cookie is gone (or the browser was closed).
    b.cookies.clear();
    let res = b.post(&format!("/vragenlijst/thema/{n}"), &fields).await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("Uw sessie is verlopen"));
    assert!(res.body.contains("niet verloren"));
    for (name, value) in fields.iter().filter(|(k, _)| k.starts_with("v-")) {
        assert!(
            res.body
                .contains(&format!("name=\"{name}\" value=\"{value}\"")),
            "{name} kept in the page"
        );
    }
    assert_eq!(drafts(&app), "0");

    // The kept answers with a wrong link: refused, still kept.
    let mut resume: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k.starts_with("v-"))
        .cloned()
        .collect();
    resume.push(("thema".into(), n.to_string()));
    let mut wrong = resume.clone();
    wrong.push(("link".into(), "https://x.example/r/onzin".into()));
    let refused = b.post("/vragenlijst/hervatten", &wrong).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Deze link kennen we niet"));
    assert!(refused.body.contains("Na de pauze."));

    // With the link from the mail: saved, and on to the same page.
    resume.push(("link".into(), format!("  {link} ")));
    let ok = b.post("/vragenlijst/hervatten", &resume).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(ok.location(), Some(format!("/vragenlijst/thema/{n}")));
    assert_eq!(drafts(&app), "1");
    let back = b.get(&format!("/vragenlijst/thema/{n}")).await;
    assert_eq!(
        count_of(&back.body, "value=\"kib\" checked"),
        fields.iter().filter(|(_, v)| v == "kib").count()
    );
    assert!(back.body.contains("Na de pauze."));

    // A post from the check page without a session: the same page, nothing lost.
    b.cookies.clear();
    let res = b.post("/vragenlijst", &[("csrf".into(), "x".into())]).await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("Uw sessie is verlopen"));
}

both_backends!(
    one_theme_per_page_with_progress_a_counting_summary_and_a_check_page,
    a_draft_survives_a_new_browser_and_goes_with_the_submit,
    drafts_are_deleted_at_close_and_never_count,
    a_session_that_expired_at_the_post_loses_nothing,
);

//! Links that cannot be used: unknown, closed, expired; and rate limiting
//! of unknown links (never of real ones).

use crate::answering::{RATERS, answer, open_form};
use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::{Backend, invite, setup_round, spawn_app};
use klankbord::domain::audit::System;

async fn an_unknown_link_gives_a_clear_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let made_up = app.url(&format!("/r/{}", "A".repeat(43)));
    let res = app.browser().get(&made_up).await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("Deze link werkt niet"));
    let malformed = app.browser().get(&app.url("/r/kapot")).await;
    assert_eq!(malformed.status, 404);
}

async fn links_of_a_closed_round_give_410(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let mails = mail::outbox(&app.outbox);
    let link = link_for(&mails, "anna@politie.example");
    // Opened before closing, submitted after: the late submission is refused.
    let mut b = app.browser();
    let form = open_form(&mut b, &link).await;
    app.svc.close_round(System::Cli, round).unwrap();
    let late = b
        .post("/vragenlijst", &crate::answering::full_answers(&form))
        .await;
    assert_eq!(late.status, 410);
    assert!(late.body.contains("gesloten"));
    let res = app.browser().get(&link).await;
    assert_eq!(res.status, 410);
    assert_eq!(
        app.db
            .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM sealed_responses"),
        vec!["0"]
    );
}

async fn links_expire_when_the_closing_moment_passes(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "bas@raad.example");
    app.advance(22 * 24 * 3600);
    let res = app.browser().get(&link).await;
    assert_eq!(
        res.status, 410,
        "expired after the closing date even before the worker closed the round"
    );
    assert_eq!(app.svc.close_due_rounds().unwrap(), 1);
    assert_eq!(app.svc.round_info(round).unwrap().state.code(), "gesloten");
}

async fn failed_lookups_are_rate_limited_per_client(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let good = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let limit = klankbord::service::respond::LOOKUP_FAILURES_PER_WINDOW;
    for i in 0..limit {
        let res = app.browser().get(&app.url(&format!("/r/{:A>43}", i))).await;
        assert_eq!(res.status, 404);
    }
    let blocked = app
        .browser()
        .get(&app.url(&format!("/r/{}", "B".repeat(43))))
        .await;
    assert_eq!(blocked.status, 429);
    let retry: i64 = blocked
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= klankbord::service::respond::LOOKUP_WINDOW_SECS);
    assert!(blocked.body.contains("Probeer het over"));
    // While the client is blocked, a real link from the same address still
    // works (colleagues behind one NAT address do not lock each other out);
    // unknown ones keep waiting until the window ends.
    assert_eq!(answer(&app, &good).await.status, 303);
    let unknown = app.url(&format!("/r/{}", "C".repeat(43)));
    assert_eq!(app.browser().get(&unknown).await.status, 429);
    app.advance(klankbord::service::respond::LOOKUP_WINDOW_SECS);
    assert_eq!(app.browser().get(&unknown).await.status, 404);
}

both_backends!(
    an_unknown_link_gives_a_clear_404,
    links_of_a_closed_round_give_410,
    links_expire_when_the_closing_moment_passes,
    failed_lookups_are_rate_limited_per_client,
);

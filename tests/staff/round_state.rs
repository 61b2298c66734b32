//! The griffier's round page follows the round's state: the next step on
//! top, the planning's next step, the closing sentence, and the "apart te
//! zien" indicator with the publication's rule (k + c).

use klankbord::domain::audit::System;

use crate::both_backends;
use crate::common::browser::Browser;
use crate::common::{Backend, TestApp, invite, mail, respond, setup_round, spawn_app};
use crate::support::*;
use klankbord::domain::ids::RoundId;
use klankbord::domain::staff::Role;

/// A round in preparation and its griffier, signed in; the TOTP secret to
/// sign in again once the clock has moved past the session's 12 hours.
async fn clerk_with_secret(backend: Backend) -> (TestApp, Browser, RoundId, Vec<u8>) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    person(
        &app,
        CLERK,
        Some((municipality_of(&app, round), Role::Clerk)),
    );
    let mut g = app.browser();
    let secret = sign_in(&app, &mut g, CLERK, None).await;
    (app, g, round, secret)
}

const CLERK: &str = "g@teststad.example";

/// The sentence at the top about the questionnaire and the meeting.
fn dates(body: &str) -> &str {
    let at = body.find("round-status__dates").expect("the dates");
    let rest = &body[at..];
    &rest[..rest.find("</p>").unwrap()]
}

/// The planning's step marked as the next one.
fn next_step(body: &str) -> &str {
    let at = body
        .find("timeline__step--next")
        .unwrap_or_else(|| panic!("a next step in {body}"));
    let rest = &body[at..];
    &rest[..rest.find("</li>").unwrap()]
}

/// The row of a group in the progress table.
fn group_row<'a>(body: &'a str, group: &str) -> &'a str {
    let at = body
        .find(&format!(">{group}</th>"))
        .unwrap_or_else(|| panic!("{group} in {body}"));
    let rest = &body[at..];
    &rest[..rest.find("</tr>").unwrap()]
}

async fn the_round_page_follows_the_rounds_state(backend: Backend) {
    let (app, mut g, round, secret) = clerk_with_secret(backend).await;
    let path = format!("/mijn/rondes/{round}");

    // In preparation, nobody on the list: add referenten first.
    let page = g.get(&path).await;
    assert!(page.body.contains("In voorbereiding"));
    assert!(
        page.body
            .contains("Er staan nog geen referenten op de lijst")
    );
    assert!(page.body.contains("De vragenlijst sluit "));
    // Opening today, meeting in 4 weeks: week 2 (the agenda to the burgemeester) is today.
    assert!(
        next_step(&page.body).contains("Week 2"),
        "{}",
        next_step(&page.body)
    );
    let top = &page.body[..page.body.find("id=\"reacties\"").unwrap_or(page.body.len())];
    assert!(top.contains("Referenten toevoegen"));

    // Open: the closing is next, never the agenda of week 1.
    invite(
        &app,
        round,
        &[
            ("A", "a@x.example", "gemeenteraad"),
            ("B", "b@x.example", "gemeenteraad"),
            ("C", "c@x.example", "gemeenteraad"),
            ("D", "d@x.example", "gemeenteraad"),
        ],
    );
    let page = g.get(&path).await;
    assert!(page.body.contains("Vragenlijst open"));
    assert!(
        page.body
            .contains("0 van de 4 referenten</strong> hebben gereageerd")
    );
    assert!(
        page.body.contains("Herinnering sturen") && page.body.contains("Vragenlijst nu sluiten")
    );
    assert!(!page.body.contains("Uitnodigingen versturen"));
    assert!(
        next_step(&page.body).contains("Week 5"),
        "{}",
        next_step(&page.body)
    );
    assert!(page.body.contains("De vragenlijst sluit "));
    // Open means the section about the reactions comes before the set-up.
    assert!(page.body.find("id=\"reacties\"") < page.body.find("id=\"voorbereiden\""));

    // Closed (early): the page never says when it closes any more.
    app.svc.close_round(System::Cli, round).unwrap();
    let page = g.get(&path).await;
    assert!(page.body.contains("Vragenlijst gesloten"));
    assert!(
        page.body
            .contains("De vragenlijst is gesloten, eerder dan gepland.")
    );
    assert!(
        !dates(&page.body).contains("sluit"),
        "{}",
        dates(&page.body)
    );
    assert!(next_step(&page.body).contains("Week 6"));
    assert!(page.body.contains("Uitkomsten bekijken"));
    assert!(
        !page.body.contains("Vragenlijst nu sluiten") && !page.body.contains("Herinnering sturen")
    );

    // After the meeting (in 4 weeks): the agreements.
    app.advance(29 * 24 * 3600);
    let mut g = app.browser();
    sign_in(&app, &mut g, CLERK, Some(&secret)).await;
    let page = g.get(&path).await;
    assert!(page.body.contains("Gesprek gehouden"));
    assert!(page.body.contains("Afspraken vastleggen"));
    assert!(page.body.contains("Het klankbordgesprek was op "));
    // The verslag is the next step until it is vastgesteld.
    assert!(
        next_step(&page.body).contains("Week 6"),
        "{}",
        next_step(&page.body)
    );
    assert!(page.body.contains("Verslag beginnen"));
    app.db.execute(&format!(
        "INSERT INTO verslagen (id, round_id, corrects_id, state, created_at, updated_at, adopted_at, marking) \
         VALUES ('{}', '{round}', NULL, 'vastgesteld', 1, 1, 1, 'Geheim')",
        uuid::Uuid::new_v4()
    ));
    let page = g.get(&path).await;
    assert!(page.body.contains("Vastgesteld op"));
    assert!(
        next_step(&page.body).contains("Week 8"),
        "{}",
        next_step(&page.body)
    );
    app.advance(30 * 24 * 3600);
    let mut g = app.browser();
    sign_in(&app, &mut g, CLERK, Some(&secret)).await;
    let page = g.get(&path).await;
    assert!(!page.body.contains("timeline__step--next"));
    assert!(
        page.body
            .contains("Alle stappen van deze ronde zijn geweest")
    );
}

/// Closed on its planned moment (by the background task): "gesloten op".
async fn a_round_closed_on_time_says_when_it_closed(backend: Backend) {
    let (app, _, round, secret) = clerk_with_secret(backend).await;
    invite(&app, round, &[("A", "a@x.example", "gemeenteraad")]);
    app.advance(22 * 24 * 3600);
    app.svc.close_due_rounds().unwrap();
    let mut g = app.browser();
    sign_in(&app, &mut g, CLERK, Some(&secret)).await;
    let page = g.get(&format!("/mijn/rondes/{round}")).await;
    assert!(
        dates(&page.body).contains("De vragenlijst is gesloten op "),
        "{}",
        page.body
    );
    assert!(!dates(&page.body).contains("sluit"));
}

/// "Apart te zien" from k + c answers (k = 3, c = 1: 4), as the publication.
async fn a_group_is_shown_apart_from_k_plus_c_answers(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    let rows: Vec<(String, String)> = (1..=5)
        .map(|i| (format!("R{i}"), format!("r{i}@x.example")))
        .collect();
    let rows: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(n, e)| (n.as_str(), e.as_str(), "gemeenteraad"))
        .collect();
    invite(&app, round, &rows);
    let mails = mail::outbox(&app.outbox);
    for i in 1..=3 {
        let link = mail::link_for(&mails, &format!("r{i}@x.example"));
        assert_eq!(respond::answer_with(&app, &link, "4", "").await, 303);
    }
    let path = format!("/mijn/rondes/{round}");
    let page = g.get(&path).await;
    let row = group_row(&page.body, "Gemeenteraad");
    assert!(
        row.contains(r#"<td data-label="Ingevuld">3</td>"#)
            && row.contains("nog niet (vanaf 4 ingevuld)"),
        "{row}"
    );
    let link = mail::link_for(&mails, "r4@x.example");
    assert_eq!(respond::answer_with(&app, &link, "4", "").await, 303);
    let page = g.get(&path).await;
    let row = group_row(&page.body, "Gemeenteraad");
    assert!(
        row.contains(r#"<td data-label="Ingevuld">4</td>"#)
            && row.contains(r#"<td data-label="Apart te zien">ja</td>"#),
        "{row}"
    );
}

both_backends!(
    the_round_page_follows_the_rounds_state,
    a_round_closed_on_time_says_when_it_closed,
    a_group_is_shown_apart_from_k_plus_c_answers,
);

//! What cannot be undone asks first: closing early, inviting before the
//! opening day or to groups too small to be shown apart, a reminder within
//! a day of the invitation. Without `bevestigen` nothing happens (the
//! action goes to its confirmation page); with it, the action and its
//! audit line.

use klankbord::domain::audit::System;
use klankbord::domain::round::{MinGroupSize, RoundDates, RoundKind, RoundState, amsterdam};
use klankbord::domain::sharing::SharingMode;
use klankbord::service::setup::NewRound;

use crate::both_backends;
use crate::common::{Backend, TestApp, invite, mail, respond};
use crate::support::*;

fn log(app: &TestApp, action: &str) -> Vec<String> {
    app.db.query(&format!(
        "SELECT detail AS v FROM audit_log WHERE action = '{action}'"
    ))
}

fn confirmed(csrf: String, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = vec![
        ("csrf".to_owned(), csrf),
        ("bevestigen".into(), "ja".into()),
    ];
    f.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    f
}

async fn closing_early_asks_first_and_names_the_numbers(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
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
    let link = mail::link_for(&mail::outbox(&app.outbox), "a@x.example");
    assert_eq!(respond::answer_with(&app, &link, "4", "").await, 303);
    let path = format!("/mijn/rondes/{round}");
    let page = g.get(&path).await;

    let r = g
        .post(&format!("{path}/sluiten"), &[("csrf".into(), page.csrf())])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location().as_deref(), Some(&*format!("{path}/sluiten")));
    assert_eq!(
        app.svc.round_info(round).unwrap().state,
        RoundState::Open,
        "not closed"
    );
    assert!(log(&app, "ronde gesloten").is_empty());

    let ask = g.get(&format!("{path}/sluiten")).await;
    assert_eq!(ask.status, 200);
    assert!(
        ask.body.contains("3 van de 4 referenten</strong> hebben nog niet gereageerd; hun link werkt daarna niet meer"),
        "{}",
        ask.body
    );
    assert!(ask.body.contains("Dit kan niet ongedaan worden gemaakt."));
    assert!(ask.body.contains("De vragenlijst sluit volgens plan "));
    assert!(ask.body.contains("name=\"bevestigen\""));

    let r = g
        .post(&format!("{path}/sluiten"), &confirmed(ask.csrf(), &[]))
        .await;
    assert_eq!(
        r.location().as_deref(),
        Some(&*format!("{path}?melding=gesloten"))
    );
    assert_eq!(app.svc.round_info(round).unwrap().state, RoundState::Closed);
    assert_eq!(log(&app, "ronde gesloten").len(), 1);
    let who = app
        .db
        .query("SELECT staff_id AS v FROM audit_log WHERE action = 'ronde gesloten'");
    assert!(!who[0].is_empty(), "the griffier is named");
}

/// A round of `k = 3` opening in a week.
fn round_opening_in_a_week(app: &TestApp) -> klankbord::domain::ids::RoundId {
    let first = crate::common::setup_round(app, 3);
    let m = municipality_of(app, first);
    let today = app.svc.now().to_zoned(amsterdam()).date();
    let day = |n: i64| today.checked_add(jiff::ToSpan::days(n)).unwrap();
    app.svc
        .create_round(
            System::Cli,
            NewRound {
                municipality: m,
                mayor: None,
                kind: RoundKind::Midterm,
                dates: RoundDates::new(day(7), day(28), day(35)).unwrap(),
                min_group_size: MinGroupSize::new(3).unwrap(),
                sharing: SharingMode::AlsoMayor,
            },
        )
        .and_then(|created| created.into_result())
        .unwrap()
}

async fn invitations_before_the_opening_day_or_to_small_groups_ask_first(backend: Backend) {
    let app = crate::common::spawn_app(backend).await;
    let round = round_opening_in_a_week(&app);
    let m = municipality_of(&app, round);
    person(
        &app,
        "g@teststad.example",
        Some((m, klankbord::domain::staff::Role::Clerk)),
    );
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    app.svc
        .import_raters(
            System::Cli,
            round,
            b"naam,email,groep\nA,a@x.example,gemeenteraad\nB,b@x.example,gemeenteraad\nC,c@x.example,gemeenteraad\nD,d@x.example,gemeenteraad\nG,g@x.example,gemeenteraad\nE,e@x.example,college\nF,f@x.example,college\nH,h@x.example,veiligheidspartners\nI,i@x.example,veiligheidspartners\n",
        )
        .unwrap();
    let path = format!("/mijn/rondes/{round}");
    let page = g.get(&path).await;
    let r = g
        .post(
            &format!("{path}/uitnodigen"),
            &[("csrf".into(), page.csrf())],
        )
        .await;
    assert_eq!(
        r.location().as_deref(),
        Some(&*format!("{path}/uitnodigen"))
    );
    app.deliver();
    assert!(
        mail::outbox(&app.outbox)
            .iter()
            .all(|m| !m.to.ends_with("@x.example")),
        "nothing sent"
    );
    assert_eq!(app.svc.round_info(round).unwrap().state, RoundState::Draft);
    assert!(log(&app, "uitnodigingen verstuurd").is_empty());

    let ask = g.get(&format!("{path}/uitnodigen")).await;
    assert!(
        ask.body
            .contains("9 referenten</strong> krijgen nu een uitnodiging"),
        "{}",
        ask.body
    );
    assert!(ask.body.contains("Dit is eerder dan gepland."));
    let opens = klankbord::dutch::date(app.svc.round_info(round).unwrap().opens_on);
    assert!(ask.body.contains(&opens), "the planned day, {opens}");
    assert!(ask.body.contains("minstens 4 mensen"), "k + c");
    assert!(ask.body.contains("College: 2 referenten op de lijst"));
    assert!(
        ask.body
            .contains("Veiligheidspartners: 2 referenten op de lijst")
    );
    assert!(
        !ask.body.contains("Gemeenteraad:"),
        "a group big enough is not listed"
    );
    assert!(ask.body.contains("overige referenten"), "what it means");

    let r = g
        .post(&format!("{path}/uitnodigen"), &confirmed(ask.csrf(), &[]))
        .await;
    assert_eq!(
        r.location().as_deref(),
        Some(&*format!("{path}?melding=uitgenodigd"))
    );
    app.deliver();
    assert!(
        mail::outbox(&app.outbox)
            .iter()
            .any(|m| m.to == "f@x.example")
    );
    assert_eq!(log(&app, "uitnodigingen verstuurd"), ["9 nieuw"]);
}

/// Nothing to warn about: the button acts at once.
async fn invitations_without_surprises_go_at_once(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    app.svc
        .import_raters(
            System::Cli,
            round,
            b"naam,email,groep\nA,a@x.example,gemeenteraad\nB,b@x.example,gemeenteraad\nC,c@x.example,gemeenteraad\nD,d@x.example,gemeenteraad\n",
        )
        .unwrap();
    let path = format!("/mijn/rondes/{round}");
    let page = g.get(&path).await;
    let ask = g.get(&format!("{path}/uitnodigen")).await;
    assert!(!ask.body.contains("eerder dan gepland") && !ask.body.contains("niet apart te zien"));
    let r = g
        .post(
            &format!("{path}/uitnodigen"),
            &[("csrf".into(), page.csrf())],
        )
        .await;
    assert_eq!(
        r.location().as_deref(),
        Some(&*format!("{path}?melding=uitgenodigd"))
    );
    assert_eq!(log(&app, "uitnodigingen verstuurd"), ["4 nieuw"]);
}

async fn a_reminder_soon_after_the_invitation_asks_first(backend: Backend) {
    let app = crate::common::spawn_app(backend).await;
    let round = crate::common::setup_round(&app, 3);
    invite(
        &app,
        round,
        &[
            ("A", "a@x.example", "gemeenteraad"),
            ("B", "b@x.example", "gemeenteraad"),
        ],
    );
    app.advance(2 * 24 * 3600);
    // Signed in after the clock moved (a session lasts 12 hours at most).
    let m = municipality_of(&app, round);
    person(
        &app,
        "g@teststad.example",
        Some((m, klankbord::domain::staff::Role::Clerk)),
    );
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    invite(&app, round, &[("C", "c@x.example", "gemeenteraad")]);
    let path = format!("/mijn/rondes/{round}");
    let page = g.get(&path).await;
    let r = g
        .post(
            &format!("{path}/herinneren"),
            &[("csrf".into(), page.csrf())],
        )
        .await;
    assert_eq!(
        r.location().as_deref(),
        Some(&*format!("{path}/herinneren"))
    );
    assert!(log(&app, "herinneringen verstuurd").is_empty());

    let ask = g.get(&format!("{path}/herinneren")).await;
    assert!(
        ask.body
            .contains("3 referenten</strong> hebben nog niet gereageerd"),
        "{}",
        ask.body
    );
    assert!(
        ask.body
            .contains("1 van hen</strong> kreeg de uitnodiging minder dan een dag geleden")
    );
    assert!(
        ask.body
            .contains("Alleen aan de 2 referenten die langer dan een dag geleden")
    );
    assert!(ask.body.contains("Aan alle 3 referenten"));

    let r = g
        .post(
            &format!("{path}/herinneren"),
            &confirmed(ask.csrf(), &[("wie", "anderen")]),
        )
        .await;
    assert_eq!(
        r.location().as_deref(),
        Some(&*format!("{path}?melding=herinnerd"))
    );
    app.deliver();
    let mut reminded: Vec<String> = mail::outbox(&app.outbox)
        .into_iter()
        .filter(|m| m.subject.starts_with("Herinnering"))
        .map(|m| m.to)
        .collect();
    reminded.sort();
    assert_eq!(
        reminded,
        ["a@x.example", "b@x.example"],
        "not the one invited just now"
    );
    assert_eq!(log(&app, "herinneringen verstuurd"), ["2"]);

    // Later, to all: C too (A and B still have no unsent reminder, so they get another).
    let ask = g.get(&format!("{path}/herinneren")).await;
    let r = g
        .post(
            &format!("{path}/herinneren"),
            &confirmed(ask.csrf(), &[("wie", "iedereen")]),
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(log(&app, "herinneringen verstuurd").len(), 2);
    app.deliver();
    assert!(
        mail::outbox(&app.outbox)
            .iter()
            .any(|m| m.to == "c@x.example" && m.subject.starts_with("Herinnering"))
    );
}

both_backends!(
    closing_early_asks_first_and_names_the_numbers,
    invitations_before_the_opening_day_or_to_small_groups_ask_first,
    invitations_without_surprises_go_at_once,
    a_reminder_soon_after_the_invitation_asks_first,
);

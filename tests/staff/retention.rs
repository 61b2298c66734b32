//! Bewaartermijnen: a round past its term loses exactly the referenten'
//! contact data and keeps its released view, verslag and audit log; the job
//! deletes once and logs once, run twice or by two instances; the griffier
//! sees what was deleted when; a referent's address is removed on request
//! before the round closes (not after, not by another municipality).

use klankbord::domain::audit::System;
use klankbord::domain::ids::RoundId;
use klankbord::domain::nomination::NewNomination;
use klankbord::domain::round::{MinGroupSize, RoundKind};
use klankbord::domain::staff::Role;

use crate::both_backends;
use crate::common::{Backend, TestApp, invite, new_round, setup_round, spawn_app};
use crate::support::*;

const DAY: i64 = 86_400;

fn count(app: &TestApp, table: &str, round: RoundId) -> usize {
    let v = app.db.query(&format!(
        "SELECT CAST(COUNT(*) AS TEXT) AS v FROM {table} WHERE round_id = '{round}'"
    ));
    v[0].parse().unwrap()
}

fn all(app: &TestApp, sql: &str) -> Vec<String> {
    app.db.query(sql)
}

/// The contact data of a round: referenten, invitations, messages, voordrachten.
fn contact_data(app: &TestApp, round: RoundId) -> [usize; 4] {
    [
        count(app, "raters", round),
        count(app, "invitations", round),
        count(app, "outbox", round),
        count(app, "nominations", round),
    ]
}

fn deletions_logged(app: &TestApp) -> Vec<String> {
    all(
        app,
        "SELECT detail AS v FROM audit_log WHERE action = 'gegevens referenten verwijderd na bewaartermijn' ORDER BY detail",
    )
}

/// A round of Teststad with four referenten and a voordracht of the
/// burgemeester, closed; returns it and the griffier's TOTP secret.
async fn closed_round(app: &TestApp, b: &mut crate::common::Browser) -> (RoundId, Vec<u8>) {
    let round = setup_round(app, 3);
    let m = municipality_of(app, round);
    person(app, "g@teststad.example", Some((m, Role::Clerk)));
    let mayor = person(app, "bm-account@teststad.example", Some((m, Role::Mayor)));
    app.svc
        .nominate(
            mayor,
            round,
            &NewNomination::parse(
                "Vera Voorgedragen",
                "vera@x.example",
                "gemeenteraad",
                "Kent de burgemeester uit de regio",
            )
            .unwrap(),
        )
        .unwrap();
    invite(
        app,
        round,
        &[
            ("Anna Aa", "anna@x.example", "gemeenteraad"),
            ("Bas Bos", "bas@x.example", "gemeenteraad"),
            ("Cor Cos", "cor@x.example", "gemeenteraad"),
            ("Dien Dam", "dien@x.example", "gemeenteraad"),
        ],
    );
    app.svc.close_round(System::Cli, round).unwrap();
    let secret = sign_in(app, b, "g@teststad.example", None).await;
    (round, secret)
}

async fn a_round_past_its_term_loses_exactly_its_contact_data(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut g = app.browser();
    let (round, secret) = closed_round(&app, &mut g).await;
    let m = municipality_of(&app, round);
    // A verslag of the round (its text is not this test's concern).
    app.db.execute(&format!(
        "INSERT INTO verslagen (id, round_id, corrects_id, state, created_at, updated_at, adopted_at, marking) \
         VALUES ('6d4c1c64-3c43-4a8f-9d43-0f6f0b0b0b0b', '{round}', NULL, 'vastgesteld', 1, 1, 1, 'Vertrouwelijk')"
    ));
    // Another round of the municipality, still open: not due.
    let open = new_round(&app, m, RoundKind::Midterm, MinGroupSize::new(3).unwrap());
    invite(&app, open, &[("Eva Es", "eva@x.example", "gemeenteraad")]);

    let before = contact_data(&app, round);
    assert_eq!(before[..2], [4, 4], "{before:?}");
    assert!(before[2] >= 4 && before[3] == 1, "{before:?}");
    let open_before = contact_data(&app, open);
    let view = all(
        &app,
        &format!("SELECT view AS v FROM released_views WHERE round_id = '{round}'"),
    );
    assert_eq!(view.len(), 1);
    let verslag = all(&app, "SELECT id AS v FROM verslagen");
    let audit = all(&app, "SELECT id AS v FROM audit_log ORDER BY id");

    // The round page says when it goes.
    let page = g.get(&format!("/mijn/rondes/{round}")).await;
    assert!(
        page.body.contains("worden verwijderd op of kort na"),
        "{}",
        page.body
    );

    // Three months after the close: one day short, nothing goes.
    app.advance(88 * DAY);
    assert_eq!(app.svc.apply_retention().unwrap(), 0);
    assert_eq!(contact_data(&app, round), before);
    app.advance(5 * DAY);
    assert_eq!(app.svc.apply_retention().unwrap(), 1);

    assert_eq!(contact_data(&app, round), [0, 0, 0, 0]);
    assert_eq!(count(&app, "drafts", round), 0);
    assert_eq!(
        contact_data(&app, open),
        open_before,
        "the open round keeps its data"
    );
    assert_eq!(
        all(
            &app,
            &format!("SELECT view AS v FROM released_views WHERE round_id = '{round}'")
        ),
        view
    );
    assert_eq!(all(&app, "SELECT id AS v FROM verslagen"), verslag);
    let audit_after = all(&app, "SELECT id AS v FROM audit_log ORDER BY id");
    assert!(
        audit.iter().all(|a| audit_after.contains(a)),
        "the audit log keeps every line"
    );
    assert_eq!(audit_after.len(), audit.len() + 1);
    let logged = deletions_logged(&app);
    assert_eq!(logged.len(), 1);
    assert!(
        logged[0].contains("4 referenten (naam en e-mailadres)"),
        "{logged:?}"
    );
    for name in ["Anna", "anna@", "Vera", "regio"] {
        assert!(
            !logged[0].contains(name),
            "no content in the log: {logged:?}"
        );
    }
    // Sign-in links and sessions past their use are gone too.
    assert!(all(&app, "SELECT token_hash AS v FROM sign_in_links").is_empty());
    assert!(all(&app, "SELECT id_hash AS v FROM staff_sessions").is_empty());

    // The griffier sees what was deleted when; the results still open.
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", Some(&secret)).await;
    let page = g.get(&format!("/mijn/rondes/{round}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("zijn de gegevens van referenten van deze ronde verwijderd")
            && page
                .body
                .contains("4 namen en e-mailadressen van referenten")
            && page.body.contains("1 voordrachten met hun reden"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("anna@x.example"));
    assert_eq!(
        g.get(&format!("/mijn/rondes/{round}/uitkomsten"))
            .await
            .status,
        200
    );
}

async fn the_job_deletes_once_run_twice_or_by_two_instances(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut g = app.browser();
    let (first, _) = closed_round(&app, &mut g).await;
    let m = municipality_of(&app, first);
    let second = new_round(&app, m, RoundKind::Midterm, MinGroupSize::new(3).unwrap());
    invite(&app, second, &[("Eva Es", "eva@x.example", "gemeenteraad")]);
    app.svc.close_round(System::Cli, second).unwrap();
    app.advance(100 * DAY);

    let other = app.second_instance();
    let (a, b) = (app.svc.clone(), other.clone());
    let one = std::thread::spawn(move || a.apply_retention().unwrap());
    let two = std::thread::spawn(move || b.apply_retention().unwrap());
    let deleted = one.join().unwrap() + two.join().unwrap();
    assert_eq!(deleted, 2, "each round deleted by exactly one instance");
    assert_eq!(app.svc.apply_retention().unwrap(), 0);
    assert_eq!(other.apply_retention().unwrap(), 0);
    assert_eq!(deletions_logged(&app).len(), 2);
    assert_eq!(all(&app, "SELECT round_id AS v FROM round_purges").len(), 2);
    assert_eq!(contact_data(&app, first), [0, 0, 0, 0]);
    assert_eq!(contact_data(&app, second), [0, 0, 0, 0]);
}

async fn an_address_is_removed_on_request_before_the_close_only(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    invite(
        &app,
        round,
        &[
            ("Anna Aa", "anna@x.example", "gemeenteraad"),
            ("Bas Bos", "bas@x.example", "gemeenteraad"),
        ],
    );
    let anna = all(
        &app,
        &format!(
            "SELECT i.id AS v FROM invitations i JOIN raters r ON r.id = i.rater_id \
             WHERE r.email = 'anna@x.example' AND i.round_id = '{round}'"
        ),
    )[0]
    .clone();
    let page = g.get(&format!("/mijn/rondes/{round}")).await;
    let path = format!("/mijn/rondes/{round}/referenten/{anna}/adres-verwijderen");
    assert!(page.body.contains(&path), "{}", page.body);
    let ask = g.get(&path).await;
    assert_eq!(ask.status, 200);
    assert!(ask.body.contains("Anna Aa") && ask.body.contains("anna@x.example"));
    assert!(ask.body.contains("kan niet ongedaan worden gemaakt"));

    // Another municipality's griffier: not found.
    let other_m = app
        .svc
        .create_municipality(
            System::Cli,
            klankbord::service::setup::NewMunicipality {
                name: klankbord::domain::text::PlaceName::parse("Elders").unwrap(),
                clerk_name: klankbord::domain::text::PersonName::parse("Greet Griffier").unwrap(),
                clerk_email: klankbord::domain::email::EmailAddress::parse(
                    "griffie@elders.example",
                )
                .unwrap(),
            },
        )
        .unwrap();
    person(&app, "g@elders.example", Some((other_m, Role::Clerk)));
    let mut elsewhere = app.browser();
    sign_in(&app, &mut elsewhere, "g@elders.example", None).await;
    assert_eq!(elsewhere.get(&path).await.status, 404);
    let home = elsewhere.get("/mijn").await;
    let r = elsewhere.post(&path, &[("csrf".into(), home.csrf())]).await;
    assert_eq!(r.status, 404);
    assert_eq!(count(&app, "raters", round), 2);

    let r = g.post(&path, &with_csrf(&ask, &[])).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = g.get(&r.location().unwrap().to_string()).await;
    assert!(
        page.body
            .contains("Het adres van de referent is verwijderd.")
    );
    assert!(!page.body.contains("anna@x.example") && page.body.contains("bas@x.example"));
    assert!(page.body.contains("Op verzoek verwijderde adressen"));
    assert_eq!(count(&app, "raters", round), 1);
    assert_eq!(
        all(
            &app,
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM invitations i WHERE i.id = o.invitation_id) AND o.invitation_id IS NOT NULL"
        ),
        ["0"],
        "no message left for the removed invitation"
    );
    assert_eq!(
        all(
            &app,
            "SELECT detail AS v FROM audit_log WHERE action = 'adres referent verwijderd op verzoek'"
        ),
        ["klankbordgesprek"]
    );

    // Once the round is closed: refused.
    app.svc.close_round(System::Cli, round).unwrap();
    let bas = all(
        &app,
        &format!("SELECT id AS v FROM invitations WHERE round_id = '{round}'"),
    )[0]
    .clone();
    let path = format!("/mijn/rondes/{round}/referenten/{bas}/adres-verwijderen");
    let ask = g.get(&path).await;
    assert_eq!(ask.status, 409);
    let home = g.get("/mijn").await;
    let r = g.post(&path, &[("csrf".into(), home.csrf())]).await;
    assert_eq!(r.status, 409);
    assert_eq!(count(&app, "raters", round), 1);
}

async fn the_griffier_sets_the_terms_and_the_privacyverklaring_shows_them(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    let m = municipality_of(&app, round);
    let path = format!("/mijn/gemeenten/{m}/bewaartermijnen");
    let public = format!("/gemeenten/{m}/privacyverklaring");
    let privacy = app.browser().get(&public).await;
    assert!(
        privacy
            .body
            .contains("3 maanden na het sluiten van de vragenlijst")
    );
    let form = g.get(&path).await;
    assert_eq!(form.status, 200);
    let bad = g
        .post(
            &path,
            &with_csrf(&form, &[("contact_months", "0"), ("verslag_years", "x")]),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Vul een aantal maanden in"));
    let ok = g
        .post(
            &path,
            &with_csrf(&form, &[("contact_months", "1"), ("verslag_years", "20")]),
        )
        .await;
    assert_eq!(ok.status, 303);
    let privacy = app.browser().get(&public).await;
    assert!(
        privacy
            .body
            .contains("1 maand na het sluiten van de vragenlijst")
            && privacy
                .body
                .contains("Het verslag van het klankbordgesprek: 20 jaar"),
        "{}",
        privacy.body
    );
    // A round closed now is due after one month.
    invite(
        &app,
        round,
        &[("Anna Aa", "anna@x.example", "gemeenteraad")],
    );
    app.svc.close_round(System::Cli, round).unwrap();
    app.advance(32 * DAY);
    assert_eq!(app.svc.apply_retention().unwrap(), 1);
}

both_backends!(
    a_round_past_its_term_loses_exactly_its_contact_data,
    the_job_deletes_once_run_twice_or_by_two_instances,
    an_address_is_removed_on_request_before_the_close_only,
    the_griffier_sets_the_terms_and_the_privacyverklaring_shows_them,
);

/// The DPIA names the retention defaults of the code.
mod dpia {
    use klankbord::domain::retention::{DEFAULT_CONTACT_MONTHS, RetentionPolicy};
    use klankbord::service::signin::{ABSOLUTE_SECS, IDLE_SECS, LINK_VALID_SECS};
    use klankbord::store::rate_limits::MAX_WINDOW_SECS;
    use klankbord::web::cookies::COOKIE_LIFETIME_SECS;

    const DPIA: &str = include_str!("../../docs/dpia.md");

    /// The row of the DPIA's table of default terms that starts with `label`.
    fn row(label: &str) -> &'static str {
        let rows: Vec<&str> = DPIA
            .lines()
            .filter(|l| l.starts_with(&format!("| {label}")))
            .collect();
        assert_eq!(rows.len(), 1, "one row '{label}' in docs/dpia.md");
        rows[0]
    }

    /// The numbers before `unit` in the row's second cell, in order.
    fn numbers(row: &str, unit: &str) -> Vec<i64> {
        let term = row.split('|').nth(2).expect("a second cell");
        let words: Vec<&str> = term.split_whitespace().collect();
        words
            .windows(2)
            .filter(|w| w[1].trim_end_matches(',') == unit)
            .filter_map(|w| w[0].parse().ok())
            .collect()
    }

    #[test]
    fn the_dpia_names_the_retention_defaults_of_the_code() {
        assert_eq!(
            numbers(row("Contactgegevens referenten"), "maanden"),
            [i64::from(DEFAULT_CONTACT_MONTHS)]
        );
        assert_eq!(
            numbers(row("Aanmeldlinks"), "minuten"),
            [LINK_VALID_SECS / 60]
        );
        let sessions = row("Sessies");
        assert_eq!(numbers(sessions, "minuten"), [IDLE_SECS / 60]);
        assert_eq!(numbers(sessions, "uur"), [ABSOLUTE_SECS / 3600]);
        assert_eq!(numbers(row("Tellingen"), "uur"), [MAX_WINDOW_SECS / 3600]);
        assert_eq!(
            numbers(row("Cookie van de vragenlijst"), "uur"),
            [COOKIE_LIFETIME_SECS / 3600]
        );
        // No archive period by default, and the document says so.
        let d = RetentionPolicy::DEFAULT;
        for (label, years) in [
            ("Uitkomsten", d.view_years),
            ("Verslag", d.verslag_years),
            ("Logboek", d.audit_years),
        ] {
            assert_eq!(years, None, "{label}");
            assert!(row(label).contains("geen termijn ingesteld"), "{label}");
        }
    }

    #[test]
    fn the_parser_reads_what_it_should() {
        assert_eq!(numbers("| a | 3 maanden na, 12 uur | x |", "maanden"), [3]);
        assert_eq!(numbers("| a | 3 maanden na, 12 uur | x |", "uur"), [12]);
        assert!(numbers("| a | drie maanden | x |", "maanden").is_empty());
    }
}

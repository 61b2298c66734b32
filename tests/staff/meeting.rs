//! The conversation is two-way: the burgemeester's reflection on the
//! council, the agenda, and agreements carried into the next round.

use crate::both_backends;
use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, new_round, setup_round, spawn_app};
use crate::support::*;
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::MunicipalityId;
use klankbord::domain::round::{MinGroupSize, RoundKind};
use klankbord::domain::staff::Role;
use klankbord::domain::text::{PersonName, PlaceName};
use klankbord::service::setup::NewMunicipality;

const DAY: i64 = 24 * 60 * 60;

fn other_municipality(app: &TestApp) -> MunicipalityId {
    app.svc
        .create_municipality(
            System::Cli,
            NewMunicipality {
                name: PlaceName::parse("Anderstad").unwrap(),
                clerk_name: PersonName::parse("Ander").unwrap(),
                clerk_email: EmailAddress::parse("griffie@anderstad.example").unwrap(),
            },
        )
        .unwrap()
}

/// A person with a role, signed in; their browser and TOTP secret.
async fn signed_in(
    app: &TestApp,
    email: &str,
    m: MunicipalityId,
    role: Role,
) -> (Browser, Vec<u8>) {
    person(app, email, Some((m, role)));
    let mut b = app.browser();
    let secret = sign_in(app, &mut b, email, None).await;
    (b, secret)
}

fn audit(app: &TestApp, action: &str) -> Vec<String> {
    app.db.query(&format!(
        "SELECT detail AS v FROM audit_log WHERE action = '{action}'"
    ))
}

/// The griffier's (or anyone's) button on one agenda item.
async fn step(b: &mut Browser, path: &str, page: &Resp, what: &str, item: &str) -> Resp {
    b.post(
        &format!("{path}/punten/{item}/{what}"),
        &with_csrf(page, &[]),
    )
    .await
}

async fn the_burgemeester_reflects_on_the_council_once_and_the_delegation_reads_it(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let (mut bm, _) = signed_in(&app, "bm@teststad.example", m, Role::Mayor).await;
    let (mut chair, _) = signed_in(&app, "vz@teststad.example", m, Role::Chair).await;
    let (mut member, _) = signed_in(&app, "rl@teststad.example", m, Role::CouncilMember).await;
    let (mut stranger, _) = signed_in(
        &app,
        "vz@anderstad.example",
        other_municipality(&app),
        Role::Chair,
    )
    .await;
    let path = format!("/mijn/rondes/{round}/reflectie");

    let home = bm.get("/mijn").await;
    assert!(home.body.contains(&path), "linked from /mijn");
    let form = bm.get(&path).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("Niet anoniem"),
        "the form says it is not anonymous"
    );
    assert!(form.body.contains("Samenwerking met de burgemeester"));
    assert_eq!(form.body.matches("<fieldset class=\"likert\"").count(), 5);
    assert!(form.body.contains("Kan ik niet beoordelen"));
    assert!(
        chair.get(&path).await.body.contains("nog niet ingevuld"),
        "nothing to read yet"
    );

    // Missing answers and a too-long remark: the form again, with what was typed.
    let long = "lang ".repeat(201);
    let bad = bm
        .post(
            &path,
            &with_csrf(
                &form,
                &[
                    ("t-vertegenwoordigen", "4"),
                    ("t-controleren-opmerking", &long),
                ],
            ),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("error-summary") && bad.body.contains("Stelling 2: kies een antwoord")
    );
    assert!(bad.body.contains("maximaal 1000 tekens"));
    assert!(bad.body.contains(long.trim_end()), "the remark is kept");
    assert!(
        bad.body.contains(r#"value="4" checked"#),
        "the answer is kept"
    );

    let answers = with_csrf(
        &form,
        &[
            ("t-vertegenwoordigen", "4"),
            ("t-kaders-stellen", "2"),
            ("t-controleren", "kib"),
            ("t-bestuurscultuur", "5"),
            ("t-samenwerking", "3"),
            ("t-kaders-stellen-opmerking", "Kaders komen vaak laat."),
        ],
    );
    let saved = bm.post(&path, &answers).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(
        bm.get(&path)
            .await
            .body
            .contains("U heeft de reflectie op de raad ingevuld")
    );
    let again = bm.post(&path, &answers).await;
    assert_eq!(again.status, 409, "once only");
    assert!(again.body.contains("al ingevuld"), "{}", again.body);

    let read = chair.get(&path).await;
    assert_eq!(read.status, 200);
    assert!(
        read.body
            .contains("De eigen inbreng van burgemeester Bert Burgemeester")
    );
    assert!(read.body.contains("niet anoniem"));
    assert!(read.body.contains("Kaders komen vaak laat."));
    assert!(read.body.contains("Mee oneens") && read.body.contains("Kan ik niet beoordelen"));
    assert_eq!(member.get(&path).await.status, 403, "a raadslid");
    assert_eq!(
        stranger.get(&path).await.status,
        404,
        "another municipality"
    );
    let home = chair.get("/mijn").await;
    assert_eq!(
        chair
            .post(&path, &with_csrf(&home, &[("t-vertegenwoordigen", "1")]))
            .await
            .status,
        403,
        "only the burgemeester writes it"
    );
    let stored = app.db.query(&format!(
        "SELECT topic || ':' || COALESCE(CAST(score AS TEXT), '-') AS v FROM council_reflections WHERE round_id = '{round}' ORDER BY topic"
    ));
    assert_eq!(
        stored,
        [
            "bestuurscultuur:5",
            "controleren:-",
            "kaders-stellen:2",
            "samenwerking:3",
            "vertegenwoordigen:4"
        ]
    );
    let log = audit(&app, "reflectie op de raad ingevuld");
    assert_eq!(log.len(), 1);
    assert!(!log[0].contains("Kaders"), "no content in the log");
}

async fn both_sides_add_agenda_items_and_the_griffier_orders_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let (mut bm, _) = signed_in(&app, "bm@teststad.example", m, Role::Mayor).await;
    let (mut dl, _) = signed_in(&app, "dl@teststad.example", m, Role::DelegationMember).await;
    let (mut g, _) = signed_in(&app, "g@teststad.example", m, Role::Clerk).await;
    let (mut member, _) = signed_in(&app, "rl@teststad.example", m, Role::CouncilMember).await;
    let path = format!("/mijn/rondes/{round}/agenda");

    let page = bm.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("van de burgemeester"),
        "the form says from whom"
    );
    let add = |p: &Resp, text: &str| with_csrf(p, &[("tekst", text)]);
    let items = format!("{path}/punten");
    assert_eq!(
        bm.post(&items, &add(&page, "Rol van de raad bij crises"))
            .await
            .status,
        303
    );
    let page = dl.get(&path).await;
    assert_eq!(
        dl.post(&items, &add(&page, "Bereikbaarheid voor inwoners"))
            .await
            .status,
        303
    );

    let long = "x".repeat(501);
    let too_long = dl.post(&items, &add(&page, &long)).await;
    assert_eq!(too_long.status, 422);
    assert!(
        too_long.body.contains("error-summary") && too_long.body.contains("maximaal 500 tekens")
    );
    assert!(too_long.body.contains(&long), "the text is kept");
    assert_eq!(
        app.db.query("SELECT text AS v FROM agenda_items").len(),
        2,
        "nothing stored"
    );

    let page = g.get(&path).await;
    let first = page.body.find("Rol van de raad bij crises").unwrap();
    let second = page.body.find("Bereikbaarheid voor inwoners").unwrap();
    assert!(first < second, "in the order they were added");
    assert!(page.body.contains("van de commissie") && page.body.contains("van de burgemeester"));
    assert!(
        !page.body.contains("Een punt toevoegen"),
        "the griffier orders, does not add"
    );
    let item = id_before(&page.body, "<ol class=\"agenda\"", "omhoog");
    let forbidden = step(&mut bm, &path, &page, "omhoog", &item).await;
    assert_eq!(forbidden.status, 403, "only the griffier orders");
    let moved = step(&mut g, &path, &page, "omhoog", &item).await;
    assert_eq!(moved.status, 303);
    let page = bm.get(&path).await;
    assert!(
        page.body.find("Bereikbaarheid voor inwoners").unwrap()
            < page.body.find("Rol van de raad bij crises").unwrap(),
        "the second is now first"
    );
    assert_eq!(member.get(&path).await.status, 403, "a raadslid");

    let page = g.get(&path).await;
    let last = id_before(&page.body, "<ol class=\"agenda\"", "omlaag");
    let removed = step(&mut g, &path, &page, "verwijderen", &last).await;
    assert_eq!(removed.status, 303);
    assert!(
        !g.get(&path)
            .await
            .body
            .contains("Bereikbaarheid voor inwoners")
    );
    assert_eq!(audit(&app, "agendapunt toegevoegd").len(), 2);
    assert_eq!(audit(&app, "agendapunt verplaatst").len(), 1);
    assert_eq!(audit(&app, "agendapunt verwijderd").len(), 1);
}

async fn agreements_are_recorded_after_the_meeting_and_open_the_next_round(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let (mut g, g_secret) = signed_in(&app, "g@teststad.example", m, Role::Clerk).await;
    let (_, bm_secret) = signed_in(&app, "bm@teststad.example", m, Role::Mayor).await;
    person(&app, "vz@teststad.example", Some((m, Role::Chair)));
    person(&app, "rl@teststad.example", Some((m, Role::CouncilMember)));
    let path = format!("/mijn/rondes/{round}/afspraken");
    let record = format!("{path}/vastleggen");
    let agreement = |p: &Resp, what: &str| {
        with_csrf(
            p,
            &[
                ("wat", what),
                ("verantwoordelijk", "Burgemeester"),
                ("bewaakt", "Voorzitter klankbordcommissie"),
                ("uiterlijk", "2027-06-01"),
            ],
        )
    };

    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("na het gesprek") && !page.body.contains("Een afspraak vastleggen"));
    let home = g.get("/mijn").await;
    let early = g.post(&record, &agreement(&home, "Te vroeg")).await;
    assert_eq!(early.status, 409, "not before the meeting date");
    assert!(app.db.query("SELECT what AS v FROM agreements").is_empty());

    // The meeting day has come (four weeks on); sessions have long timed out.
    app.advance(29 * DAY);
    let mut g2 = app.browser();
    sign_in(&app, &mut g2, "g@teststad.example", Some(&g_secret)).await;
    g = g2;
    let page = g.get(&path).await;
    assert!(page.body.contains("Een afspraak vastleggen"));
    let incomplete = g
        .post(
            &record,
            &with_csrf(
                &page,
                &[("wat", "Elk kwartaal overleg"), ("uiterlijk", "later")],
            ),
        )
        .await;
    assert_eq!(incomplete.status, 422);
    assert!(incomplete.body.contains("Vul in wie verantwoordelijk is"));
    assert!(incomplete.body.contains("Elk kwartaal overleg"), "kept");
    let recorded = g
        .post(&record, &agreement(&page, "Elk kwartaal informeel overleg"))
        .await;
    assert_eq!(recorded.status, 303);
    let mut chair = app.browser();
    sign_in(&app, &mut chair, "vz@teststad.example", None).await;
    let read = chair.get(&path).await;
    assert_eq!(read.status, 200);
    assert!(
        read.body.contains("Elk kwartaal informeel overleg")
            && read.body.contains("dinsdag 1 juni 2027")
    );
    assert!(
        !read.body.contains("Status opslaan"),
        "the delegation reads"
    );
    let mut member = app.browser();
    sign_in(&app, &mut member, "rl@teststad.example", None).await;
    assert_eq!(member.get(&path).await.status, 403, "a raadslid");

    // The agenda is fixed on the meeting day.
    let mut bm = app.browser();
    sign_in(&app, &mut bm, "bm@teststad.example", Some(&bm_secret)).await;
    let agenda = bm.get(&format!("/mijn/rondes/{round}/agenda")).await;
    assert!(
        agenda.body.contains("De agenda ligt vast") && !agenda.body.contains("Een punt toevoegen")
    );
    let home = bm.get("/mijn").await;
    let late = bm
        .post(
            &format!("/mijn/rondes/{round}/agenda/punten"),
            &with_csrf(&home, &[("tekst", "Te laat")]),
        )
        .await;
    assert_eq!(late.status, 409);

    // The next round for the same burgemeester opens with these agreements.
    let next = new_round(&app, m, RoundKind::Midterm, MinGroupSize::DEFAULT);
    let next_agenda = format!("/mijn/rondes/{next}/agenda");
    let seen = bm.get(&next_agenda).await;
    assert!(seen.body.contains("Afspraken van het vorige gesprek"));
    assert!(seen.body.contains("Elk kwartaal informeel overleg") && seen.body.contains("Open"));
    assert!(
        !bm.get(&format!("/mijn/rondes/{round}/agenda"))
            .await
            .body
            .contains("Afspraken van het vorige gesprek"),
        "the first round has no previous one"
    );

    let clerk_page = g.get(&format!("/mijn/rondes/{next}")).await;
    assert!(clerk_page.body.contains("Afspraken van het vorige gesprek"));
    let id = id_before(&clerk_page.body, "vorige-afspraken", "status");
    let update = |status: &str, note: &str| {
        with_csrf(
            &clerk_page,
            &[
                ("terug", "ronde"),
                ("status", status),
                ("toelichting", note),
            ],
        )
    };
    let next_agreements = format!("/mijn/rondes/{next}/afspraken/{id}/status");
    let too_long = g
        .post(&next_agreements, &update("loopt", &"x".repeat(301)))
        .await;
    assert_eq!(too_long.status, 422);
    assert!(too_long.body.contains("De toelichting"));
    assert_eq!(
        bm.post(&next_agreements, &update("afgerond", ""))
            .await
            .status,
        403,
        "only the griffier updates"
    );
    let updated = g
        .post(&next_agreements, &update("loopt", "Eerste overleg gepland"))
        .await;
    assert_eq!(updated.status, 303);
    assert_eq!(
        updated.location().as_deref(),
        Some(format!("/mijn/rondes/{next}#vorige-afspraken").as_str())
    );
    let seen = bm.get(&next_agenda).await;
    assert!(seen.body.contains("Loopt") && seen.body.contains("Eerste overleg gepland"));
    assert_eq!(audit(&app, "afspraak vastgelegd").len(), 1);
    assert_eq!(audit(&app, "status afspraak gewijzigd"), ["Open → Loopt"]);
}

both_backends!(
    the_burgemeester_reflects_on_the_council_once_and_the_delegation_reads_it,
    both_sides_add_agenda_items_and_the_griffier_orders_them,
    agreements_are_recorded_after_the_meeting_and_open_the_next_round,
);

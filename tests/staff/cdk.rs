//! The commissaris van de Koning: the platform admin's provinces, the
//! griffier sending a vastgesteld verslag once, the kabinet reading it and
//! nothing else, and the planning rule between the two cycles.

use crate::both_backends;
use crate::common::browser::Resp;
use crate::common::{Backend, TestApp, mail};
use crate::support::*;
use jiff::ToSpan;
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{ProvinceId, RoundId, StaffId};
use klankbord::domain::text::{PersonName, PlaceName};
use klankbord::domain::verslag::{
    Appendix, DEFAULT_MARKING, ParticipantEntry, Section, VerslagDocument,
};
use klankbord::security::digest::sha256_hex;
use klankbord::service::provinces::NewProvince;

const SECRET: &str = "Vertrouwelijke zin over de samenwerking met de raad";

fn form(page: &Resp, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = vec![("csrf".to_owned(), page.csrf())];
    out.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    out
}

fn province(app: &TestApp, name: &str, contact: &str) -> ProvinceId {
    app.svc
        .create_province(
            System::Cli,
            NewProvince {
                name: PlaceName::parse(name).unwrap(),
                contact_email: EmailAddress::parse(contact).unwrap(),
            },
        )
        .unwrap()
}

fn kabinet(app: &TestApp, p: ProvinceId, email: &str) {
    app.svc
        .add_kabinet_member(
            System::Cli,
            p,
            &EmailAddress::parse(email).unwrap(),
            &PersonName::parse("Karin Kabinet").unwrap(),
        )
        .unwrap();
}

/// A vastgesteld verslag of the round, written straight into the tables.
fn adopted_verslag(app: &TestApp, round: RoundId, signer: StaffId) {
    let doc = VerslagDocument {
        municipality: "Teststad".into(),
        mayor: "Bert Burgemeester".into(),
        kind: "klankbordgesprek".into(),
        meeting_on: "2027-01-04".into(),
        version: 1,
        participants: vec![ParticipantEntry {
            name: "Test Persoon".into(),
            role: "voorzitter".into(),
        }],
        sections: vec![Section {
            heading: "Toekomstverkenning".into(),
            paragraphs: vec![SECRET.into()],
            kanttekeningen: vec![],
            agreements: false,
        }],
        agreements: vec![],
        appendix: Appendix::CommissionOnly,
        corrects: None,
    };
    let hash = sha256_hex(&doc.canonical_text());
    let json = serde_json::to_string(&doc).unwrap().replace('\'', "''");
    let (v, version) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    app.db.execute(&format!(
        "INSERT INTO verslagen (id, round_id, corrects_id, state, created_at, updated_at, adopted_at, marking) \
         VALUES ('{v}', '{round}', NULL, 'vastgesteld', 1, 1, 1, '{DEFAULT_MARKING}')"
    ));
    app.db.execute(&format!(
        "INSERT INTO verslag_versions (id, verslag_id, number, stage, document, hash, created_at) \
         VALUES ('{version}', '{v}', 1, 'definitief', '{json}', '{hash}', 1)"
    ));
    app.db.execute(&format!(
        "INSERT INTO verslag_signatures (version_id, staff_id, role, hash, signed_at, voided_at) \
         VALUES ('{version}', '{signer}', 'voorzitter', '{hash}', 1, NULL)"
    ));
}

async fn the_admin_creates_a_province_links_a_municipality_and_adds_and_revokes_a_kabinet_account(
    backend: Backend,
) {
    let (app, _) = app_with_clerk(backend).await;
    app.svc
        .create_staff(
            System::Cli,
            &EmailAddress::parse("admin@hoster.example").unwrap(),
            &PersonName::parse("Ada Admin").unwrap(),
            true,
        )
        .unwrap();
    let mut a = app.browser();
    sign_in(&app, &mut a, "admin@hoster.example", None).await;
    let page = a.get("/beheer/provincies").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Er zijn nog geen provincies."));
    let r = a
        .post(
            "/beheer/provincies",
            &form(
                &page,
                &[("naam", "Utrecht"), ("email", "kabinet@provincie.example")],
            ),
        )
        .await;
    assert_eq!(r.status, 303);
    let page = a.get("/beheer/provincies").await;
    assert!(page.body.contains("Provincie Utrecht"));
    // A second province of the same name is refused with the reason.
    let again = a
        .post(
            "/beheer/provincies",
            &form(
                &page,
                &[("naam", "Utrecht"), ("email", "x@provincie.example")],
            ),
        )
        .await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("bestaat al"));
    let p: String = app.db.query("SELECT id AS v FROM provinces").remove(0);
    let m: String = app.db.query("SELECT id AS v FROM municipalities").remove(0);
    let r = a
        .post(
            &format!("/beheer/provincies/{p}/gemeenten"),
            &form(&page, &[("gemeente", &m)]),
        )
        .await;
    assert_eq!(r.status, 303);
    let r = a
        .post(
            &format!("/beheer/provincies/{p}/kabinet"),
            &form(
                &page,
                &[
                    ("naam", "Karin Kabinet"),
                    ("email", "karin@provincie.example"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303);
    let page = a.get("/beheer/provincies").await;
    assert!(page.body.contains("Teststad") && page.body.contains("karin@provincie.example"));
    // The new kabinet account signs in and finds its province on /mijn.
    let mut k = app.browser();
    sign_in(&app, &mut k, "karin@provincie.example", None).await;
    let home = k.get("/mijn").await;
    assert!(home.body.contains(&format!("/mijn/provincies/{p}")));
    assert!(home.body.contains("Kabinet van de CdK in Utrecht"));
    assert_eq!(k.get(&format!("/mijn/provincies/{p}")).await.status, 200);
    // The griffier of a municipality in it gets 404 there.
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    assert_eq!(g.get(&format!("/mijn/provincies/{p}")).await.status, 404);
    assert_eq!(g.get("/beheer/provincies").await.status, 404);

    // The kabinet account leaves: the admin revokes its role after a
    // confirmation, and the province's page is gone for it at once.
    let page = a.get("/beheer/provincies").await;
    let revoke = page
        .body
        .split('"')
        .find(|s| s.ends_with("/intrekken"))
        .unwrap()
        .to_owned();
    let ask = a.get(&revoke).await;
    assert_eq!(ask.status, 200);
    assert!(ask.body.contains("Rol van Karin Kabinet intrekken?"));
    assert_eq!(k.get(&format!("/mijn/provincies/{p}")).await.status, 200);
    let r = a.post(&revoke, &form(&ask, &[])).await;
    assert_eq!(r.status, 303);
    assert_eq!(k.get(&format!("/mijn/provincies/{p}")).await.status, 404);
    assert!(!k.get("/mijn").await.body.contains("/mijn/provincies/"));
    assert_eq!(a.post(&revoke, &form(&ask, &[])).await.status, 404, "once");
    // The municipality is unlinked the same way; it can be linked again.
    let unlink = format!("/beheer/provincies/{p}/gemeenten/{m}/ontkoppelen");
    let ask = a.get(&unlink).await;
    assert!(ask.body.contains("Teststad ontkoppelen?"), "{}", ask.body);
    assert_eq!(a.post(&unlink, &form(&ask, &[])).await.status, 303);
    let page = a.get("/beheer/provincies").await;
    assert!(page.body.contains("Gemeente koppelen"));
    assert_eq!(a.get(&unlink).await.status, 404);
    let logged = app.db.query(
        "SELECT action || ': ' || detail AS v FROM audit_log WHERE action LIKE '%ingetrokken%' OR action LIKE '%ontkoppeld%' ORDER BY action",
    );
    assert_eq!(
        logged,
        [
            "gemeente van provincie ontkoppeld: Utrecht",
            "kabinetaccount ingetrokken: Utrecht: Karin Kabinet"
        ]
    );
}

async fn the_griffier_sends_a_vastgesteld_verslag_once_and_only_the_kabinet_reads_it(
    backend: Backend,
) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    let m = municipality_of(&app, round);
    let p = province(&app, "Utrecht", "kabinet@provincie.example");
    app.svc
        .link_municipality_to_province(System::Cli, p, m)
        .unwrap();
    kabinet(&app, p, "karin@provincie.example");
    let other = province(&app, "Gelderland", "kabinet@gelderland.example");
    kabinet(&app, other, "otto@gelderland.example");
    let base = format!("/mijn/rondes/{round}");
    let send = format!("{base}/verslag-naar-cdk");

    // Not vastgesteld yet: no action, and a send is refused.
    let page = g.get(&base).await;
    assert!(page.body.contains("het verslag is nog niet vastgesteld"));
    assert!(!page.body.contains("verslag-naar-cdk\""));
    let r = g.post(&send, &form(&page, &[])).await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("nog niet vastgesteld"));

    let clerk: String = app
        .db
        .query("SELECT id AS v FROM staff WHERE email = 'g@teststad.example'")
        .remove(0);
    adopted_verslag(&app, round, clerk.parse().unwrap());
    let page = g.get(&base).await;
    assert!(
        page.body
            .contains("verslag vastgesteld, klaar om te versturen")
    );
    let confirm = g.get(&send).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Utrecht"));
    let r = g.post(&send, &form(&confirm, &[])).await;
    assert_eq!(r.status, 303);
    let page = g.get(&base).await;
    assert!(page.body.contains("verstuurd op"));
    assert!(
        page.body
            .contains("door Test Persoon naar de commissaris van de Koning")
    );
    // A second send: 409.
    let again = g.post(&send, &form(&page, &[])).await;
    assert_eq!(again.status, 409);
    assert!(
        again
            .body
            .contains("al naar de commissaris van de Koning gestuurd")
    );
    assert_eq!(
        app.db
            .query("SELECT verslag_id AS v FROM cdk_deliveries")
            .len(),
        1
    );

    // The kabinet's mail: a link, no content.
    app.deliver();
    let mails: Vec<_> = mail::outbox(&app.outbox)
        .into_iter()
        .filter(|m| m.to == "kabinet@provincie.example")
        .collect();
    assert_eq!(mails.len(), 1);
    let path = format!("/mijn/provincies/{p}/verslagen/{round}");
    assert!(mails[0].text.contains(&path), "{}", mails[0].text);
    assert!(!mails[0].raw.contains("Vertrouwelijke") && !mails[0].html.contains(SECRET));
    assert!(!mails[0].text.contains(SECRET));

    // The kabinet reads it, and the opening is in the audit log.
    let mut k = app.browser();
    sign_in(&app, &mut k, "karin@provincie.example", None).await;
    let list = k.get(&format!("/mijn/provincies/{p}")).await;
    assert!(list.body.contains(&path));
    let read = k.get(&path).await;
    assert_eq!(read.status, 200);
    assert!(read.body.contains(SECRET) && read.body.contains("Ondertekening"));
    let audit = app.db.query(
        "SELECT detail AS v FROM audit_log WHERE action = 'verslag gelezen door het kabinet van de cdk'",
    );
    assert_eq!(audit.len(), 1);
    assert!(!audit[0].contains("Vertrouwelijke"));
    // … and nothing else of the municipality.
    for rest in [
        "",
        "/uitkomsten",
        "/referenten",
        "/agenda",
        "/afspraken",
        "/voordrachten",
    ] {
        assert_eq!(k.get(&format!("{base}{rest}")).await.status, 404, "{rest}");
    }
    // Another province's kabinet gets 404 on the first province's pages.
    let mut o = app.browser();
    sign_in(&app, &mut o, "otto@gelderland.example", None).await;
    assert_eq!(o.get(&format!("/mijn/provincies/{p}")).await.status, 404);
    assert_eq!(o.get(&path).await.status, 404);
    assert_eq!(
        o.get(&format!("/mijn/provincies/{other}")).await.status,
        200
    );
    assert_eq!(
        o.get(&format!("/mijn/provincies/{other}/verslagen/{round}"))
            .await
            .status,
        404
    );
    // The griffier cannot send to or read at the province either.
    assert_eq!(g.get(&path).await.status, 404);
}

async fn the_eight_week_warning_appears_and_disappears_with_the_dates(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    let m = municipality_of(&app, round);
    let p = province(&app, "Utrecht", "kabinet@provincie.example");
    app.svc
        .link_municipality_to_province(System::Cli, p, m)
        .unwrap();
    kabinet(&app, p, "karin@provincie.example");
    let meeting = app.svc.round_info(round).unwrap().meeting_on;
    let mayor: String = app.db.query("SELECT id AS v FROM mayors").remove(0);
    let base = format!("/mijn/rondes/{round}");
    let warning = "minder dan acht weken voor het volgende voortgangsgesprek";
    assert!(!g.get(&base).await.body.contains(warning));

    let mut k = app.browser();
    sign_in(&app, &mut k, "karin@provincie.example", None).await;
    let page_path = format!("/mijn/provincies/{p}");
    let page = k.get(&page_path).await;
    assert!(page.body.contains("Bert Burgemeester"));
    let close = meeting.checked_add(30.days()).unwrap().to_string();
    let r = k
        .post(
            &format!("{page_path}/voortgangsgesprekken"),
            &form(&page, &[("burgemeester", &mayor), ("datum", &close)]),
        )
        .await;
    assert_eq!(r.status, 303);
    // A date that is no date is refused with the field's message.
    let bad = k
        .post(
            &format!("{page_path}/voortgangsgesprekken"),
            &form(&page, &[("burgemeester", &mayor), ("datum", "morgen")]),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("jjjj-mm-dd"));
    assert!(g.get(&base).await.body.contains(warning));

    // Removed (after the confirmation page): the warning goes.
    let id: String = app.db.query("SELECT id AS v FROM cdk_meetings").remove(0);
    let remove = format!("{page_path}/voortgangsgesprekken/{id}/verwijderen");
    let confirm = k.get(&remove).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Voortgangsgesprek verwijderen?"));
    assert_eq!(k.post(&remove, &form(&confirm, &[])).await.status, 303);
    assert!(!g.get(&base).await.body.contains(warning));

    // Nine weeks later: no warning; it shows on the kabinet's planning.
    let far = meeting.checked_add(63.days()).unwrap().to_string();
    let page = k.get(&page_path).await;
    let r = k
        .post(
            &format!("{page_path}/voortgangsgesprekken"),
            &form(&page, &[("burgemeester", &mayor), ("datum", &far)]),
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(!g.get(&base).await.body.contains(warning));
    let planning = k.get(&page_path).await;
    assert!(planning.body.contains("klankbordgesprek uiterlijk"));
}

async fn the_week_nine_step_follows_the_verslag(backend: Backend) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    let base = format!("/mijn/rondes/{round}");
    let step = |body: &str| {
        let at = body.find("Week 9").expect("week 9");
        body[at..at + 400].to_owned()
    };
    // No province yet.
    assert!(
        step(&g.get(&base).await.body).contains("hoort in Klankbord nog niet bij een provincie")
    );
    let m = municipality_of(&app, round);
    let p = province(&app, "Utrecht", "kabinet@provincie.example");
    app.svc
        .link_municipality_to_province(System::Cli, p, m)
        .unwrap();
    assert!(step(&g.get(&base).await.body).contains("het verslag is nog niet vastgesteld"));
    let clerk: String = app
        .db
        .query("SELECT id AS v FROM staff WHERE email = 'g@teststad.example'")
        .remove(0);
    adopted_verslag(&app, round, clerk.parse().unwrap());
    let page = g.get(&base).await;
    assert!(step(&page.body).contains("klaar om te versturen"));
    let confirm = g.get(&format!("{base}/verslag-naar-cdk")).await;
    g.post(&format!("{base}/verslag-naar-cdk"), &form(&confirm, &[]))
        .await;
    assert!(step(&g.get(&base).await.body).contains("verstuurd op"));
}

both_backends!(
    the_admin_creates_a_province_links_a_municipality_and_adds_and_revokes_a_kabinet_account,
    the_griffier_sends_a_vastgesteld_verslag_once_and_only_the_kabinet_reads_it,
    the_eight_week_warning_appears_and_disappears_with_the_dates,
    the_week_nine_step_follows_the_verslag,
);

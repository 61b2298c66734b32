//! The verslag of a round through its pages: concept, comments and their
//! processing, the definitive version, signatures with a fresh second
//! factor, voiding, vastgesteld; who may not see it; and its text never in
//! a mail or a log line.

use crate::both_backends;
use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, logs, mail, setup_round, spawn_app};
use crate::support::*;
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::MunicipalityId;
use klankbord::domain::staff::Role;
use klankbord::domain::text::{PersonName, PlaceName};
use klankbord::service::setup::NewMunicipality;

pub(crate) const DAY: i64 = 24 * 60 * 60;

pub(crate) fn form(page: &Resp, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = vec![("csrf".to_owned(), page.csrf())];
    out.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    out
}

pub(crate) async fn signed_in(
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

pub(crate) fn one(app: &TestApp, sql: &str) -> String {
    app.db.query(sql).pop().unwrap_or_default()
}

async fn verslag_from_concept_to_vastgesteld(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let (mut g, g_secret) = signed_in(&app, "g@teststad.example", m, Role::Clerk).await;
    let other = app
        .svc
        .create_municipality(
            System::Cli,
            NewMunicipality {
                name: PlaceName::parse("Anderstad").unwrap(),
                clerk_name: PersonName::parse("Ander").unwrap(),
                clerk_email: EmailAddress::parse("griffie@anderstad.example").unwrap(),
            },
        )
        .unwrap();
    let path = format!("/mijn/rondes/{round}/verslag");

    // Before the meeting day: nothing to start.
    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("na het klankbordgesprek"),
        "{}",
        page.body
    );
    assert_eq!(
        g.post(&format!("{path}/beginnen"), &form(&page, &[]))
            .await
            .status,
        409
    );

    // The meeting day: sessions of a month ago have ended.
    app.advance(28 * DAY);
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", Some(&g_secret)).await;
    let (mut vz, vz_secret) = signed_in(&app, "vz@teststad.example", m, Role::Chair).await;
    let (mut bm, bm_secret) = signed_in(&app, "bm@teststad.example", m, Role::Mayor).await;
    let (mut rl, _) = signed_in(&app, "rl@teststad.example", m, Role::CouncilMember).await;
    let (mut og, _) = signed_in(&app, "g@anderstad.example", other, Role::Clerk).await;
    let agreements = g.get(&format!("/mijn/rondes/{round}/afspraken")).await;
    let r = g
        .post(
            &format!("/mijn/rondes/{round}/afspraken/vastleggen"),
            &form(
                &agreements,
                &[
                    ("wat", "Werkbezoek aan de wijken"),
                    ("verantwoordelijk", "burgemeester"),
                    ("bewaakt", "voorzitter"),
                    ("uiterlijk", "2031-03-01"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    let page = g.get(&path).await;
    assert_eq!(
        g.post(&format!("{path}/beginnen"), &form(&page, &[]))
            .await
            .status,
        303
    );
    let page = g.get(&path).await;
    assert!(
        page.body
            .contains("Reflectie op de rollen van de gemeenteraad")
    );
    // The round page: the verslag's state and its next step.
    let round_page = g.get(&format!("/mijn/rondes/{round}")).await.body;
    assert!(
        round_page.contains("Stand: <strong>In voorbereiding</strong>")
            && round_page.contains("Verslag schrijven"),
        "{round_page}"
    );
    assert!(
        page.body.contains("Werkbezoek aan de wijken"),
        "agreements filled in"
    );
    assert_eq!(page.body.matches("name=\"deelnemer\"").count(), 3);
    let r = g
        .post(
            &format!("{path}/koppen/0"),
            &form(
                &page,
                &[("tekst-0", "TEKST-EEN eerste alinea.\n\nTweede alinea.")],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let too_long = "x".repeat(20_001);
    let r = g
        .post(
            &format!("{path}/koppen/1"),
            &form(&page, &[("tekst-1", &too_long)]),
        )
        .await;
    assert_eq!(r.status, 422);

    // Writing: the chair sees no text yet; the raadslid and another
    // municipality's griffier get nothing.
    let early = vz.get(&path).await;
    assert_eq!(early.status, 200);
    assert!(!early.body.contains("TEKST-EEN"));
    assert_eq!(rl.get(&path).await.status, 403);
    assert_eq!(og.get(&path).await.status, 404);

    // Concept, asked first; a mail with a link and no text.
    assert_eq!(g.get(&format!("{path}/concept-delen")).await.status, 200);
    let r = g
        .post(&format!("{path}/concept-delen"), &form(&page, &[]))
        .await;
    assert_eq!(r.status, 303);
    // Queued with the share, sent by the worker.
    let concept = |app: &TestApp| -> Vec<_> {
        mail::outbox(&app.outbox)
            .into_iter()
            .filter(|m| m.subject.contains("Concept verslag"))
            .collect()
    };
    assert!(
        concept(&app).is_empty(),
        "nothing sent before the worker runs"
    );
    assert_eq!(
        one(
            &app,
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM outbox WHERE kind = 'verslag-concept'"
        ),
        "2"
    );
    app.deliver();
    let concept_mails = concept(&app);
    assert_eq!(concept_mails.len(), 2);
    let mut to: Vec<_> = concept_mails.iter().map(|m| m.to.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["bm@teststad.example", "vz@teststad.example"]);
    assert!(concept_mails.iter().all(|m| m.text.contains(&path)));
    assert!(concept_mails.iter().all(|m| m.to != "g@teststad.example"));

    // Comments per heading.
    let concept = vz.get(&path).await;
    assert!(concept.body.contains("TEKST-EEN"), "{}", concept.body);
    for (kop, text, named) in [
        ("0", "COMMENTAAR-AANPASSEN graag scherper", ""),
        ("1", "COMMENTAAR-KANTTEKENING ik zie dat anders", "ja"),
    ] {
        let b = &mut vz;
        let p = b.get(&path).await;
        let field = format!("commentaar-{kop}");
        let r = b
            .post(
                &format!("{path}/commentaar"),
                &form(&p, &[("kop", kop), (&field, text), ("genoemd", named)]),
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let p = bm.get(&path).await;
    let r = bm
        .post(
            &format!("{path}/commentaar"),
            &form(
                &p,
                &[
                    ("kop", "0"),
                    ("commentaar-0", "COMMENTAAR-NIET dit klopt niet"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        rl.post(
            &format!("{path}/commentaar"),
            &form(&p, &[("kop", "0"), ("commentaar-0", "x")])
        )
        .await
        .status,
        403
    );

    // The state on the round page and on the participants' cards.
    let round_page = g.get(&format!("/mijn/rondes/{round}")).await.body;
    assert!(
        round_page.contains("Concept, 3 opmerkingen open")
            && round_page.contains("Commentaar verwerken"),
        "{round_page}"
    );
    let card = vz.get("/mijn").await.body;
    assert!(
        card.contains("Concept, 2 opmerkingen open"),
        "only one's own: {card}"
    );
    assert!(
        card.contains("Lees het concept en geef commentaar."),
        "{card}"
    );

    // Processing: definitive is refused while comments are open.
    let page = g.get(&path).await;
    assert!(page.body.contains("COMMENTAAR-NIET"));
    assert_eq!(
        g.post(&format!("{path}/definitief"), &form(&page, &[]))
            .await
            .status,
        409
    );
    let id = |like: &str| {
        one(
            &app,
            &format!("SELECT id AS v FROM verslag_comments WHERE body LIKE '{like}%'"),
        )
    };
    let r = g
        .post(
            &format!("{path}/koppen/0"),
            &form(&page, &[("tekst-0", "TEKST-EEN aangepast en scherper.")]),
        )
        .await;
    assert_eq!(r.status, 303);
    for (c, outcome, text, status) in [
        (id("COMMENTAAR-AANPASSEN"), "verwerkt", "", 303),
        (id("COMMENTAAR-KANTTEKENING"), "kanttekening", "", 303),
        (id("COMMENTAAR-NIET"), "niet-overgenomen", "", 422),
        (
            id("COMMENTAAR-NIET"),
            "niet-overgenomen",
            "ANTWOORD dit staat al in de tekst",
            303,
        ),
    ] {
        let field = format!("toelichting-{c}");
        let action = format!("{path}/commentaar/{c}/verwerken");
        let r = g
            .post(
                &action,
                &form(&page, &[("uitkomst", outcome), (&field, text)]),
            )
            .await;
        assert_eq!(r.status, status, "{outcome}: {}", r.body);
    }

    // Participants see what became of their comments.
    let seen = vz.get(&path).await.body;
    assert!(seen.contains("Tekst aangepast") && seen.contains("Opgenomen als kanttekening"));
    let seen = bm.get(&path).await.body;
    assert!(seen.contains("Niet overgenomen") && seen.contains("ANTWOORD dit staat al"));
    assert!(
        !seen.contains("COMMENTAAR-AANPASSEN"),
        "only one's own comments"
    );

    // Definitive, asked first.
    assert_eq!(g.get(&format!("{path}/definitief")).await.status, 200);
    assert_eq!(
        g.post(&format!("{path}/definitief"), &form(&page, &[]))
            .await
            .status,
        303
    );

    let definitive = vz.get(&path).await.body;
    assert!(
        definitive.contains("Kanttekening</strong> van Test Persoon: COMMENTAAR-KANTTEKENING"),
        "the kanttekening, named: {definitive}"
    );
    let card = bm.get("/mijn").await.body;
    assert!(
        card.contains("Definitieve versie, 0 van 2 handtekeningen")
            && card.contains(&format!("{path}/ondertekenen")),
        "{card}"
    );
    // A signature needs a fresh second factor: the sign-in was 6 minutes ago.
    app.advance(6 * 60);
    let sign_path = format!("{path}/ondertekenen");
    let s = vz.get(&sign_path).await;
    assert_eq!(s.status, 200);
    let hash = form_value(&s.body, "kenmerk");
    assert_eq!(hash.len(), 64);
    assert!(s.body.contains(&hash));
    let r = vz.post(&sign_path, &form(&s, &[("kenmerk", &hash)])).await;
    assert_eq!(r.status, 422, "stale factor refused");
    assert!(r.body.contains("authenticator-app"));
    let r = vz
        .post(
            &sign_path,
            &form(
                &s,
                &[("kenmerk", &hash), ("code", &code(&app, &vz_secret, 0))],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(rl.get(&sign_path).await.status, 403);
    assert_eq!(og.get(&sign_path).await.status, 404);

    // A change after the signature asks first, then voids it: version 3.
    let page = g.get(&path).await;
    let edit = form(&page, &[("tekst-0", "TEKST-EEN nog een keer anders.")]);
    let r = g.post(&format!("{path}/koppen/0"), &edit).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Dit maakt de handtekeningen ongeldig"));
    let mut confirmed = edit.clone();
    confirmed.push(("bevestigen".into(), "ja".into()));
    assert_eq!(
        g.post(&format!("{path}/koppen/0"), &confirmed).await.status,
        303
    );
    assert_eq!(
        one(
            &app,
            "SELECT CAST(MAX(number) AS TEXT) AS v FROM verslag_versions"
        ),
        "3"
    );
    assert_eq!(
        one(
            &app,
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM verslag_signatures WHERE voided_at IS NOT NULL"
        ),
        "1"
    );
    let s = vz.get(&sign_path).await;
    let new_hash = form_value(&s.body, "kenmerk");
    assert_ne!(new_hash, hash);
    // The old hash is refused; the new one signed (the factor is still fresh).
    assert_eq!(
        vz.post(&sign_path, &form(&s, &[("kenmerk", &hash)]))
            .await
            .status,
        409
    );
    assert_eq!(
        vz.post(&sign_path, &form(&s, &[("kenmerk", &new_hash)]))
            .await
            .status,
        303
    );
    // Five minutes later a code is needed again.
    app.advance(6 * 60);
    let s = bm.get(&sign_path).await;
    assert_eq!(
        bm.post(&sign_path, &form(&s, &[("kenmerk", &new_hash)]))
            .await
            .status,
        422
    );
    let r = bm
        .post(
            &sign_path,
            &form(
                &s,
                &[("kenmerk", &new_hash), ("code", &code(&app, &bm_secret, 0))],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Vastgesteld: immutable, with who signed when.
    let done = g.get(&path).await;
    assert!(done.body.contains("Vastgesteld") && done.body.contains("Ondertekend door"));
    assert!(done.body.contains(&new_hash));
    let round_page = g.get(&format!("/mijn/rondes/{round}")).await.body;
    assert!(round_page.contains("Vastgesteld op"), "{round_page}");
    let r = g.post(&format!("{path}/koppen/0"), &confirmed).await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("vastgesteld"));
    assert_eq!(
        g.post(&format!("{path}/definitief"), &form(&done, &[]))
            .await
            .status,
        409
    );
    let copy = app
        .svc
        .read_adopted_verslag(System::Cli.into(), round)
        .unwrap();
    assert_eq!(copy.hash, new_hash);
    assert_eq!(copy.signatures.len(), 2);
    assert_eq!(rl.get(&path).await.status, 403);
    assert_eq!(og.get(&path).await.status, 404);
    assert!(
        !app.db
            .query("SELECT detail AS v FROM audit_log WHERE action = 'verslag geopend'")
            .is_empty()
    );

    // No text of the verslag in any mail or log line.
    let logs = logs::captured();
    for secret in [
        "TEKST-EEN",
        "COMMENTAAR-",
        "ANTWOORD dit",
        "ik zie dat anders",
    ] {
        assert!(!logs.contains(secret), "{secret} in the logs");
        for m in mail::outbox(&app.outbox) {
            assert!(!m.raw.contains(secret), "{secret} in a mail");
        }
    }
}

async fn the_griffier_sets_the_verslag_settings(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let (mut g, _) = signed_in(&app, "g@teststad.example", m, Role::Clerk).await;
    let (mut rl, _) = signed_in(&app, "rl@teststad.example", m, Role::CouncilMember).await;
    let path = format!("/mijn/gemeenten/{m}/verslag-instellingen");
    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("Geheim — verslag van het klankbordgesprek")
    );
    assert!(g.get("/mijn").await.body.contains(&path) || page.body.contains(&path));
    let bad = g
        .post(
            &path,
            &form(
                &page,
                &[
                    ("koppen", "Terugblik"),
                    ("afspraken", "Afspraken"),
                    ("markering", "Geheim"),
                ],
            ),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Kies welke kop de afspraken bevat"));
    let r = g
        .post(
            &path,
            &form(
                &page,
                &[
                    ("koppen", "Afspraken\nTerugblik"),
                    ("afspraken", "Afspraken"),
                    ("griffier_tekent", "ja"),
                    ("markering", "Vertrouwelijk"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303);
    let page = g.get(&format!("{path}?opgeslagen=ja")).await;
    assert!(page.body.contains("Vertrouwelijk") && page.body.contains("opgeslagen"));
    assert!(
        page.body
            .contains(r#"id="griffier_tekent" name="griffier_tekent" value="ja" checked"#)
    );
    assert!(
        !page
            .body
            .contains(r#"id="commissie_leest" name="commissie_leest" value="ja" checked"#)
    );
    assert_eq!(rl.get(&path).await.status, 403);
}

both_backends!(
    verslag_from_concept_to_vastgesteld,
    the_griffier_sets_the_verslag_settings
);

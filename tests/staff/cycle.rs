//! The full cycle through the pages, as the people would go through it: the
//! platform admin creates the municipality, the griffier sets up a round,
//! the burgemeester nominates and chooses the sharing mode, the commissie
//! approves, referenten answer, the round closes, the delegation reads, and
//! the agreements carry into the next round.

use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, respond, spawn_app};
use crate::support::*;
use crate::{both_backends, common::mail};
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::round::amsterdam;
use klankbord::domain::text::PersonName;

const DAY: i64 = 24 * 60 * 60;
const FRACTIES: &str =
    "De burgemeester leidt raadsvergaderingen zo dat alle fracties aan het woord komen.";
const PROFIEL: &str = "De burgemeester verbindt inwoners en organisaties in Nieuwstad.";
/// A comment only one referent writes: it must never reach the log or a mail.
const SECRET: &str = "Vertrouwelijk-zeldzaam-kwartelkoning-bericht";
const AGREEMENT: &str = "Elk kwartaal informeel overleg met de fractievoorzitters";

fn form(page: &Resp, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    std::iter::once(("csrf".to_owned(), page.csrf()))
        .chain(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
        .collect()
}

fn day(app: &TestApp, days: i64) -> String {
    app.svc
        .now()
        .to_zoned(amsterdam())
        .date()
        .checked_add(jiff::ToSpan::days(days))
        .unwrap()
        .to_string()
}

/// The action of the first form after the marker `after`.
fn action_after(body: &str, after: &str) -> String {
    let at = body
        .find(after)
        .unwrap_or_else(|| panic!("{after} in {body}"));
    let rest = &body[at..];
    let start = rest.find("action=\"").expect("a form") + "action=\"".len();
    rest[start..start + rest[start..].find('"').expect("end")].to_owned()
}

/// Posts a form to `action` with the CSRF field of the page at `path`, as
/// a person filling in that page would.
async fn submit_to(b: &mut Browser, path: &str, action: &str, pairs: &[(&str, &str)]) -> Resp {
    let page = b.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    b.post(action, &form(&page, pairs)).await
}

/// Posts a form with the CSRF field of the page at `path`, as a person
/// filling in that page would.
async fn submit(b: &mut Browser, path: &str, pairs: &[(&str, &str)]) -> Resp {
    let page = b.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    b.post(path, &form(&page, pairs)).await
}

/// Follows a redirect and returns the page it leads to.
async fn follow(b: &mut Browser, r: &Resp) -> Resp {
    assert_eq!(r.status, 303, "{}", r.body);
    b.get(&r.location().unwrap()).await
}

/// Creates the round through the form and returns its path (from the redirect).
async fn create_round(app: &TestApp, g: &mut Browser, m: &str, kind: &str) -> String {
    let path = format!("/mijn/gemeenten/{m}/rondes/nieuw");
    let created = submit(
        g,
        &path,
        &[
            ("soort", kind),
            ("gesprek", &day(app, 28)),
            ("opent", &day(app, 0)),
            ("sluit", &day(app, 21)),
            ("k", "3"),
        ],
    )
    .await;
    assert_eq!(created.status, 303, "{}", created.body);
    created.location().unwrap()
}

fn invitations_to(app: &TestApp, to: &str) -> Vec<mail::Mail> {
    mail::outbox(&app.outbox)
        .into_iter()
        .filter(|m| m.to == to && !m.subject.contains("aanmeldlink"))
        .collect()
}

async fn the_full_cycle_through_the_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    // 0. The only step outside the pages: `klankbord add-staff --platform-admin`.
    app.svc
        .create_staff(
            System::Cli,
            &EmailAddress::parse("beheer@hoster.example").unwrap(),
            &PersonName::parse("Bea Beheer").unwrap(),
            true,
        )
        .unwrap();

    // 1. The platform admin creates Nieuwstad with its griffier.
    let mut admin = app.browser();
    sign_in(&app, &mut admin, "beheer@hoster.example", None).await;
    let created = submit_to(
        &mut admin,
        "/beheer",
        "/beheer/gemeenten",
        &[
            ("naam", "Nieuwstad"),
            ("griffier_naam", "Nina Griffier"),
            ("griffier_email", "griffie@nieuwstad.example"),
        ],
    )
    .await;
    let page = follow(&mut admin, &created).await;
    assert!(page.body.contains("De gemeente is aangemaakt") && page.body.contains("Nina Griffier"));

    // 2. The griffier adds the people, creates the round and composes it.
    let mut g = app.browser();
    let g_secret = sign_in(&app, &mut g, "griffie@nieuwstad.example", None).await;
    let home = g.get("/mijn").await;
    assert!(home.body.contains("Griffier in Nieuwstad"), "{}", home.body);
    let people = home.body[home.body.find("/mijn/gemeenten/").unwrap()..]
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let m = people.split('/').nth(3).unwrap().to_owned();
    let people = format!("/mijn/gemeenten/{m}/mensen");
    assert!(home.body.contains(&people), "{}", home.body);
    for (name, email, role) in [
        ("Bert Burgemeester", "bm@nieuwstad.example", "burgemeester"),
        ("Vera Voorzitter", "vz@nieuwstad.example", "voorzitter"),
        ("Dirk Delegatie", "dl@nieuwstad.example", "delegatielid"),
        ("Rita Raadslid", "rl@nieuwstad.example", "raadslid"),
    ] {
        let r = submit_to(
            &mut g,
            &people,
            &format!("{people}/toevoegen"),
            &[("naam", name), ("email", email), ("rol", role)],
        )
        .await;
        assert_eq!(r.status, 303, "{role}: {}", r.body);
    }
    let page = g.get(&people).await;
    for name in [
        "Bert Burgemeester",
        "Vera Voorzitter",
        "Dirk Delegatie",
        "Rita Raadslid",
    ] {
        assert!(page.body.contains(name), "{name} on the people page");
    }

    let round = create_round(&app, &mut g, &m, "regulier").await;
    let round_page = g.get(&round).await;
    assert!(
        round_page
            .body
            .contains("met burgemeester Bert Burgemeester"),
        "{}",
        round_page.body
    );
    // Nobody on the list yet: the next step is adding referenten.
    assert!(round_page.body.contains("Referenten toevoegen"));

    let groups = g.get(&format!("{round}/groepen")).await;
    assert_eq!(groups.status, 200);
    assert!(
        groups.body.contains("Te weinig referenten"),
        "the warning before anyone is on the list"
    );

    let questionnaire = format!("{round}/vragenlijst");
    let page = g.get(&questionnaire).await;
    assert!(page.body.contains(FRACTIES));
    let item = id_before(&page.body, FRACTIES, "weghalen");
    let r = submit_to(
        &mut g,
        &questionnaire,
        &format!("{questionnaire}/vragen/{item}/weghalen"),
        &[],
    )
    .await;
    let page = follow(&mut g, &r).await;
    assert!(
        !page.body.contains(&format!("{FRACTIES}</strong>")),
        "taken out"
    );
    let r = submit_to(
        &mut g,
        &questionnaire,
        &format!("{questionnaire}/profielschets"),
        &[("lijst", PROFIEL)],
    )
    .await;
    let page = follow(&mut g, &r).await;
    assert!(page.body.contains("<h2>Profielschets</h2>") && page.body.contains(PROFIEL));

    let mut csv = String::from("naam,email,groep\n");
    for i in 1..=4 {
        csv.push_str(&format!("Raadslid {i},r{i}@x.example,gemeenteraad\n"));
    }
    for i in 1..=3 {
        csv.push_str(&format!("Wethouder {i},c{i}@x.example,college\n"));
    }
    let raters = format!("{round}/referenten");
    let csrf = g.get(&raters).await.csrf();
    let preview = g
        .post_multipart(
            &format!("{raters}/bestand"),
            &[("csrf", &csrf)],
            &[("bestand", "referenten.csv", csv.as_bytes())],
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("Controleer de lijst") && preview.body.contains("c3@x.example"));
    let r = g
        .post(
            &format!("{raters}/importeren"),
            &form(&preview, &[("lijst", &csv)]),
        )
        .await;
    let list = follow(&mut g, &r).await;
    assert!(
        list.body.contains("7 referenten toegevoegd"),
        "{}",
        list.body
    );

    // 3. The burgemeester nominates two, chooses the sharing mode, adds to the agenda.
    let mut bm = app.browser();
    let bm_secret = sign_in(&app, &mut bm, "bm@nieuwstad.example", None).await;
    let nominations = format!("{round}/voordrachten");
    assert!(bm.get("/mijn").await.body.contains(&nominations));
    for (name, email) in [
        ("Anna Ambtenaar", "anna@x.example"),
        ("Bram Bestuurder", "bram@x.example"),
    ] {
        let r = submit_to(
            &mut bm,
            &nominations,
            &format!("{nominations}/voordragen"),
            &[
                ("naam", name),
                ("email", email),
                ("groep", "college"),
                ("reden", "werkt elke week met de burgemeester"),
            ],
        )
        .await;
        assert!(
            follow(&mut bm, &r)
                .await
                .body
                .contains("Uw voordracht is opgeslagen")
        );
    }
    let sharing = format!("{round}/deelmodus");
    let r = submit(&mut bm, &sharing, &[("deelmodus", "ook-burgemeester")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = bm.get(&sharing).await;
    assert!(
        page.body.contains(r#"value="ook-burgemeester" checked"#),
        "{}",
        page.body
    );
    let agenda = format!("{round}/agenda");
    let r = submit_to(
        &mut bm,
        &agenda,
        &format!("{agenda}/punten"),
        &[("tekst", "Rol van de raad bij crises")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // 4. The voorzitter approves both; the delegatielid adds an agenda item.
    let mut vz = app.browser();
    sign_in(&app, &mut vz, "vz@nieuwstad.example", None).await;
    let page = vz.get(&nominations).await;
    assert!(page.body.contains("Alle voordrachten (2)") && page.body.contains("Anna Ambtenaar"));
    for who in ["Anna Ambtenaar", "Bram Bestuurder"] {
        let page = vz.get(&nominations).await;
        let action = action_after(&page.body, who);
        assert!(action.ends_with("/goedkeuren"), "{action}");
        let r = vz.post(&action, &form(&page, &[("reden", "")])).await;
        assert!(
            follow(&mut vz, &r)
                .await
                .body
                .contains("krijgt de uitnodiging met de anderen")
        );
    }
    let mut dl = app.browser();
    sign_in(&app, &mut dl, "dl@nieuwstad.example", None).await;
    let r = submit_to(
        &mut dl,
        &agenda,
        &format!("{agenda}/punten"),
        &[("tekst", "Bereikbaarheid voor inwoners")],
    )
    .await;
    let page = follow(&mut dl, &r).await;
    assert!(
        page.body.contains("Rol van de raad bij crises")
            && page.body.contains("Bereikbaarheid voor inwoners")
    );

    // The groups page now counts the nominated ones with the college.
    let groups = g.get(&format!("{round}/groepen")).await;
    let at = groups.body.find(">College</th>").unwrap();
    let college = &groups.body[at..];
    let college = &college[..college.find("</tr>").unwrap()];
    assert!(
        college.contains("<td>5</td>") && college.contains("Apart te zien"),
        "{college}"
    );

    // 5. The griffier sends the invitations; the referenten answer.
    let page = g.get(&round).await;
    let r = g
        .post(&format!("{round}/uitnodigen"), &form(&page, &[]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    app.deliver();
    let everyone: Vec<String> = (1..=4)
        .map(|i| format!("r{i}@x.example"))
        .chain((1..=3).map(|i| format!("c{i}@x.example")))
        .chain(["anna@x.example".into(), "bram@x.example".into()])
        .collect();
    let mails = mail::outbox(&app.outbox);
    for to in &everyone {
        let theirs = invitations_to(&app, to);
        assert_eq!(theirs.len(), 1, "one invitation to {to}");
        assert!(
            theirs[0]
                .subject
                .contains("burgemeester Bert Burgemeester (Nieuwstad)"),
            "{}",
            theirs[0].subject
        );
    }
    // r4 reacts only after the reminder; c3 prefers a conversation.
    for to in everyone
        .iter()
        .filter(|t| *t != "r4@x.example" && *t != "c3@x.example")
    {
        let comment = if to == "r1@x.example" {
            SECRET
        } else {
            "Goed werk."
        };
        let link = mail::link_for(&mails, to);
        assert_eq!(
            respond::answer_with(&app, &link, "4", comment).await,
            303,
            "{to}"
        );
    }
    let mut c3 = app.browser();
    let form_page = respond::open_form(&mut c3, &mail::link_for(&mails, "c3@x.example")).await;
    assert!(form_page.body.contains("/vragenlijst/liever-gesprek"));
    let confirm = c3.get("/vragenlijst/liever-gesprek").await;
    let r = c3
        .post("/vragenlijst/liever-gesprek", &form(&confirm, &[]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    let page = g.get(&round).await;
    assert!(page.body.contains("ingevuld") && page.body.contains("uitgenodigd"));
    assert!(
        page.body.contains("wil liever een gesprek") && page.body.contains("heeft gereageerd"),
        "the status of each referent"
    );
    assert!(!page.body.contains(SECRET), "never what anyone answered");
    // Invited seconds ago: the reminder asks first, and sends nothing yet.
    let r = g
        .post(&format!("{round}/herinneren"), &form(&page, &[]))
        .await;
    assert_eq!(
        r.location().as_deref(),
        Some(&*format!("{round}/herinneren"))
    );
    let ask = g.get(&format!("{round}/herinneren")).await;
    assert!(
        ask.body
            .contains("1 referent</strong> heeft nog niet gereageerd")
            && ask
                .body
                .contains("1 van hen</strong> kreeg de uitnodiging minder dan een dag geleden"),
        "{}",
        ask.body
    );
    app.deliver();
    assert!(
        !mail::outbox(&app.outbox)
            .iter()
            .any(|m| m.subject.starts_with("Herinnering")),
        "nothing sent without confirmation"
    );
    let r = submit(
        &mut g,
        &format!("{round}/herinneren"),
        &[("bevestigen", "ja"), ("wie", "iedereen")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    app.deliver();
    let reminded: Vec<String> = mail::outbox(&app.outbox)
        .into_iter()
        .filter(|m| m.subject.starts_with("Herinnering"))
        .map(|m| m.to)
        .collect();
    assert_eq!(reminded, ["r4@x.example"], "only who did not react");
    let reminder = invitations_to(&app, "r4@x.example")
        .into_iter()
        .find(|m| m.subject.starts_with("Herinnering"))
        .unwrap();
    assert_eq!(
        respond::answer_with(&app, &mail::link(&reminder), "5", "Prima.").await,
        303
    );

    // 6. The burgemeester's self-assessment and reflection on the council.
    let path = format!("{round}/zelfevaluatie");
    let page = bm.get(&path).await;
    assert_eq!(page.status, 200);
    let answers = respond::answers_with(&page, "2", "Eigen blik op mijn werk");
    let r = bm.post(&path, &answers).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("Uw zelfevaluatie is verstuurd")
            && r.body.contains("Eigen blik op mijn werk")
            && r.body.contains("Mee oneens"),
        "the confirmation with the answers just sent"
    );
    let again = bm.get(&path).await;
    assert!(
        again.body.contains("U heeft de zelfevaluatie ingevuld")
            && !again.body.contains("type=\"radio\""),
        "no empty form on a second visit"
    );
    let path = format!("{round}/reflectie");
    let r = submit(
        &mut bm,
        &path,
        &[
            ("t-vertegenwoordigen", "4"),
            ("t-kaders-stellen", "2"),
            ("t-controleren", "kib"),
            ("t-bestuurscultuur", "5"),
            ("t-samenwerking", "3"),
        ],
    )
    .await;
    assert!(
        follow(&mut bm, &r)
            .await
            .body
            .contains("U heeft de reflectie op de raad ingevuld")
    );

    // 7. The round closes; who reads what.
    let page = g.get(&round).await;
    let r = g.post(&format!("{round}/sluiten"), &form(&page, &[])).await;
    assert_eq!(
        r.location().as_deref(),
        Some(&*format!("{round}/sluiten")),
        "closing early asks first"
    );
    let r = submit(&mut g, &format!("{round}/sluiten"), &[("bevestigen", "ja")]).await;
    assert!(
        follow(&mut g, &r)
            .await
            .body
            .contains("De vragenlijst is gesloten, eerder dan gepland")
    );
    let results = format!("{round}/uitkomsten");
    let dash = vz.get(&results).await;
    assert_eq!(dash.status, 200, "{}", dash.body);
    assert!(dash.body.contains("Respons per groep"));
    let total = &dash.body[dash.body.find("response__total").unwrap()..];
    assert!(
        total.contains(">Alle referenten</th><td>8 van 9 (89%)</td>"),
        "9 invited, 8 answered: {}",
        &total[..120.min(total.len())]
    );
    assert!(dash.body.contains("Voorzitter van de raad"), "a theme");
    assert!(dash.body.contains("Zelfbeeld"));
    assert!(dash.body.contains(PROFIEL), "the profielschets statement");
    assert!(!dash.body.contains(FRACTIES), "the item taken out");
    assert!(
        dash.body.contains(SECRET),
        "the delegation reads the comment, so its absence below means something"
    );
    let export = vz.get(&format!("{results}.csv")).await;
    assert_eq!(export.status, 200);
    assert!(
        export
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(export.body.contains(PROFIEL));
    let seen = bm.get(&results).await;
    assert_eq!(
        seen.status, 200,
        "the sharing mode lets the burgemeester read"
    );
    assert!(seen.body.contains("Respons per groep"));
    let mut rl = app.browser();
    sign_in(&app, &mut rl, "rl@nieuwstad.example", None).await;
    let refused = rl.get(&results).await;
    assert_eq!(refused.status, 403, "not the council");
    assert!(refused.body.contains("niet inzien"), "{}", refused.body);

    // 8. After the meeting: the agreement, and the next round.
    app.advance(29 * DAY);
    let mut g2 = app.browser();
    sign_in(&app, &mut g2, "griffie@nieuwstad.example", Some(&g_secret)).await;
    let g = &mut g2;
    let agreements = format!("{round}/afspraken");
    let r = submit_to(
        g,
        &agreements,
        &format!("{agreements}/vastleggen"),
        &[
            ("wat", AGREEMENT),
            ("verantwoordelijk", "Burgemeester"),
            ("bewaakt", "Voorzitter klankbordcommissie"),
            ("uiterlijk", &day(&app, 180)),
        ],
    )
    .await;
    assert!(follow(g, &r).await.body.contains(AGREEMENT));
    let next = create_round(&app, g, &m, "midterm").await;
    assert_ne!(next, round);
    assert!(
        g.get(&next)
            .await
            .body
            .contains("Midterm-klankbordgesprek met burgemeester Bert Burgemeester"),
        "the same burgemeester"
    );
    let next_page = g.get(&next).await;
    assert!(next_page.body.contains("Afspraken van het vorige gesprek"));
    assert!(next_page.body.contains(AGREEMENT) && next_page.body.contains("Open"));
    let id = id_before(&next_page.body, "vorige-afspraken", "status");
    let r = g
        .post(
            &format!("{next}/afspraken/{id}/status"),
            &form(
                &next_page,
                &[
                    ("terug", "ronde"),
                    ("status", "loopt"),
                    ("toelichting", "Eerste overleg gepland"),
                ],
            ),
        )
        .await;
    let page = follow(g, &r).await;
    assert!(page.body.contains("Loopt") && page.body.contains("Eerste overleg gepland"));
    let mut bm = app.browser();
    sign_in(&app, &mut bm, "bm@nieuwstad.example", Some(&bm_secret)).await;
    let seen = bm.get(&format!("{next}/agenda")).await;
    assert!(seen.body.contains(AGREEMENT) && seen.body.contains("Loopt"));

    // 9. The log: who did what, never what anyone answered.
    let log = g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert_eq!(log.status, 200);
    for action in [
        "aangemeld",
        "deelmodus gewijzigd",
        "uitkomsten bekeken",
        "export gedownload",
        "uitnodigingen verstuurd",
        "ronde gesloten",
        "afspraak vastgelegd",
    ] {
        assert!(log.body.contains(action), "{action} in the log");
    }
    assert!(log.body.contains("Vera Voorzitter"), "who read the results");
    assert!(!log.body.contains(SECRET), "no answer in the log page");
    let stored = app.db.query("SELECT action || detail AS v FROM audit_log");
    assert!(
        stored.iter().all(|l| !l.contains(SECRET)),
        "nor in the table"
    );
    let outbox = mail::outbox(&app.outbox);
    assert!(
        outbox.iter().all(|m| !m.raw.contains(SECRET)
            && !m.text.contains(SECRET)
            && !m.html.contains(SECRET)),
        "no answer in any mail"
    );
}

both_backends!(the_full_cycle_through_the_pages);

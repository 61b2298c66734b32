//! Voordrachten: the burgemeester suggests referenten, the commissie decides,
//! and who sees the final list.

use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, setup_round, spawn_app};
use crate::support::*;
use crate::{both_backends, common::mail};
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{MunicipalityId, RoundId};
use klankbord::domain::staff::Role;
use klankbord::domain::text::{PersonName, PlaceName};

/// Staff members of `m` with their own names (a nominator's name is on the
/// page), each signed in in a browser of their own.
async fn signed_in<const N: usize>(
    app: &TestApp,
    m: MunicipalityId,
    people: [(&str, &str, Role); N],
) -> [Browser; N] {
    let mut browsers = Vec::new();
    for (email, name, role) in people {
        let id = app
            .svc
            .create_staff(
                System::Cli,
                &EmailAddress::parse(email).unwrap(),
                &PersonName::parse(name).unwrap(),
                false,
            )
            .unwrap();
        app.svc.add_membership(System::Cli, id, m, role).unwrap();
        let mut b = app.browser();
        sign_in(app, &mut b, email, None).await;
        browsers.push(b);
    }
    browsers.try_into().ok().unwrap()
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn suggest(b: &mut Browser, round: RoundId, name: &str, email: &str, group: &str) -> Resp {
    let reason = format!("{name} werkt elke week met de burgemeester");
    suggest_with(b, round, name, email, group, &reason).await
}

async fn suggest_with(
    b: &mut Browser,
    round: RoundId,
    name: &str,
    email: &str,
    group: &str,
    reason: &str,
) -> Resp {
    let path = format!("/mijn/rondes/{round}/voordrachten/voordragen");
    // The CSRF field of the start page (the same for every page of a session).
    let csrf = b.get("/mijn").await.csrf();
    b.post(
        &path,
        &fields(&[
            ("csrf", &csrf),
            ("naam", name),
            ("email", email),
            ("groep", group),
            ("reden", reason),
        ]),
    )
    .await
}

async fn decide(b: &mut Browser, round: RoundId, id: &str, step: &str, reason: &str) -> Resp {
    let path = format!("/mijn/rondes/{round}/voordrachten/{id}/{step}");
    let csrf = b.get("/mijn").await.csrf();
    b.post(&path, &fields(&[("csrf", &csrf), ("reden", reason)]))
        .await
}

fn nomination_id(app: &TestApp, email: &str) -> String {
    app.db.query(&format!(
        "SELECT id AS v FROM nominations WHERE email = '{email}'"
    ))[0]
        .clone()
}

/// Everything a decision could change: the suggestions and the list.
fn stored(app: &TestApp) -> Vec<String> {
    app.db.query(
        "SELECT email || ':' || status AS v FROM nominations UNION ALL SELECT email AS v FROM raters ORDER BY v",
    )
}

async fn the_burgemeester_suggests_and_the_commissie_decides_with_a_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    app.svc
        .import_raters(
            System::Cli,
            round,
            b"naam,email,groep\nCees,c@x.example,college\n",
        )
        .unwrap();
    let [mut bm, mut vz, mut g] = signed_in(
        &app,
        m,
        [
            ("bm@teststad.example", "Bert Burgemeester", Role::Mayor),
            ("vz@teststad.example", "Vera Voorzitter", Role::Chair),
            ("g@teststad.example", "Gerda Griffier", Role::Clerk),
        ],
    )
    .await;
    let path = format!("/mijn/rondes/{round}/voordrachten");

    let home = bm.get("/mijn").await;
    assert!(
        home.body.contains(&format!("href=\"{path}\"")),
        "linked from /mijn"
    );
    let page = bm.get(&path).await;
    assert!(page.body.contains("<legend>Groep</legend>") && page.body.contains("Voordragen"));
    let r = suggest(&mut bm, round, "Anna", "anna@x.example", "college").await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        bm.get(&r.location().unwrap())
            .await
            .body
            .contains("Uw voordracht is opgeslagen")
    );
    let r = suggest(&mut bm, round, "Bram", "bram@x.example", "gemeenteraad").await;
    assert_eq!(r.status, 303);

    // The same address twice, or one already on the list: refused, what was typed is kept.
    let before = stored(&app);
    let r = suggest(&mut bm, round, "Anna Tweede", "ANNA@x.example", "college").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("is al voorgedragen") && r.body.contains("value=\"Anna Tweede\""));
    let r = suggest(&mut bm, round, "Cees", "c@x.example", "college").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("staat al op de lijst van referenten"));
    let r = suggest_with(&mut bm, round, "", "geen-adres", "", "").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("href=\"#groep-0\"") && r.body.contains("href=\"#naam\""));
    assert_eq!(stored(&app), before, "nothing stored");
    // A suggestion of the commissie itself, which the burgemeester does not see.
    assert_eq!(
        suggest(&mut vz, round, "Dirk", "dirk@x.example", "college")
            .await
            .status,
        303
    );

    let page = vz.get(&path).await;
    assert!(page.body.contains("Alle voordrachten (3)"));
    assert!(page.body.contains("Bert Burgemeester") && page.body.contains("Beslissen"));

    // A decline needs a reason: refused, and nothing changes.
    let before = stored(&app);
    let bram = nomination_id(&app, "bram@x.example");
    let r = decide(&mut vz, round, &bram, "afwijzen", "  ").await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("Schrijf op waarom u deze voordracht afwijst")
    );
    assert!(r.body.contains(&format!("href=\"#reden-{bram}\"")));
    assert_eq!(stored(&app), before);

    let anna = nomination_id(&app, "anna@x.example");
    let r = decide(&mut vz, round, &anna, "goedkeuren", "").await;
    assert_eq!(r.status, 303);
    let done = vz.get(&r.location().unwrap()).await;
    assert!(done.body.contains("krijgt de uitnodiging met de anderen"));
    let why = "Bram heeft geen rol in het werk van de burgemeester";
    assert_eq!(
        decide(&mut vz, round, &bram, "afwijzen", why).await.status,
        303
    );
    assert_eq!(
        decide(&mut vz, round, &anna, "afwijzen", "toch niet")
            .await
            .status,
        409,
        "only a pending suggestion can be decided"
    );

    // The burgemeester sees their own suggestions, each with its status and the reason.
    let page = bm.get(&path).await;
    assert!(page.body.contains("Uw voordrachten (2)"));
    assert!(page.body.contains("goedgekeurd") && page.body.contains("afgewezen"));
    assert!(page.body.contains(why));
    assert!(
        !page.body.contains("dirk@x.example"),
        "not the commissie's own"
    );
    assert!(
        !page.body.contains("Beslissen"),
        "the burgemeester does not decide"
    );

    // Anna is on the griffier's list and gets her invitation with the others.
    let list = g.get(&format!("/mijn/rondes/{round}/referenten")).await;
    assert!(list.body.contains("anna@x.example") && !list.body.contains("bram@x.example"));
    let page = g.get(&format!("/mijn/rondes/{round}")).await;
    let sent = g
        .post(
            &format!("/mijn/rondes/{round}/uitnodigen"),
            // Groups too small to be shown apart: confirmed on the page.
            &fields(&[("csrf", &page.csrf()), ("bevestigen", "ja")]),
        )
        .await;
    assert_eq!(sent.status, 303);
    app.deliver();
    let mails = mail::outbox(&app.outbox);
    assert!(mail::link_for(&mails, "anna@x.example").contains("/r/"));
    assert!(!mails.iter().any(|m| m.to == "bram@x.example"));

    // Approved while the round is open: the griffier must still send that invitation.
    assert_eq!(
        suggest(&mut bm, round, "Erik", "erik@x.example", "college")
            .await
            .status,
        303
    );
    let erik = nomination_id(&app, "erik@x.example");
    let r = decide(&mut g, round, &erik, "goedkeuren", "Namens de commissie").await;
    assert_eq!(
        r.status, 303,
        "the griffier decides on the commissie's behalf"
    );
    let done = g.get(&r.location().unwrap()).await;
    assert!(
        done.body
            .contains("de griffier moet deze uitnodiging nog versturen")
    );
    let page = g.get(&format!("/mijn/rondes/{round}")).await;
    assert!(page.body.contains("erik@x.example") && page.body.contains("nog niet uitgenodigd"));

    let log = g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    for action in [
        "referent voorgedragen",
        "voordracht goedgekeurd",
        "voordracht afgewezen",
    ] {
        assert!(log.body.contains(action), "{action} in the log");
    }
    assert!(
        log.body.contains("Gemeenteraad: Bram"),
        "who and which group"
    );
    assert!(!log.body.contains(why), "no reasons in the log");
}

both_backends!(the_burgemeester_suggests_and_the_commissie_decides_with_a_reason);

async fn only_the_involved_roles_of_the_municipality_see_suggestions_and_the_list(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let other = app
        .svc
        .create_municipality(
            System::Cli,
            klankbord::service::setup::NewMunicipality {
                name: PlaceName::parse("Anderstad").unwrap(),
                clerk_name: PersonName::parse("Ander").unwrap(),
                clerk_email: EmailAddress::parse("griffie@anderstad.example").unwrap(),
            },
        )
        .unwrap();
    app.svc
        .import_raters(
            System::Cli,
            round,
            b"naam,email,groep\nCees Collega,c@x.example,college\n",
        )
        .unwrap();
    let [mut bm, mut lid, mut rl] = signed_in(
        &app,
        m,
        [
            ("bm@teststad.example", "Bert Burgemeester", Role::Mayor),
            ("lid@teststad.example", "Lies Lid", Role::DelegationMember),
            ("rl@teststad.example", "Rob Raadslid", Role::CouncilMember),
        ],
    )
    .await;
    let [mut far] = signed_in(
        &app,
        other,
        [("bm@anderstad.example", "Andere Burgemeester", Role::Mayor)],
    )
    .await;
    let path = format!("/mijn/rondes/{round}/voordrachten");
    let list = format!("/mijn/rondes/{round}/referentenlijst");

    // A raadslid outside the commissie: 403; another municipality: 404; nothing stored.
    assert_eq!(rl.get(&path).await.status, 403);
    assert_eq!(rl.get(&list).await.status, 403);
    let csrf = rl.get("/mijn").await.csrf();
    let r = rl
        .post(
            &format!("{path}/voordragen"),
            &fields(&[
                ("csrf", &csrf),
                ("naam", "Piet"),
                ("email", "piet@x.example"),
                ("groep", "college"),
                ("reden", "Goede kennis"),
            ]),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(far.get(&path).await.status, 404);
    assert_eq!(far.get(&list).await.status, 404);
    assert_eq!(
        suggest(&mut far, round, "Piet", "piet@x.example", "college")
            .await
            .status,
        404
    );
    assert!(app.db.query("SELECT id AS v FROM nominations").is_empty());
    assert_eq!(
        rl.get("/mijn").await.body.matches("/voordrachten").count(),
        0
    );

    // The burgemeester sees the final list (names and groups, no addresses or statuses)...
    let page = bm.get(&list).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Cees Collega") && page.body.contains("College"));
    assert!(!page.body.contains("c@x.example") && !page.body.contains("niet uitgenodigd"));
    assert!(
        bm.get("/mijn")
            .await
            .body
            .contains(&format!("href=\"{list}\""))
    );

    // ...until the round's setting says otherwise; the commissie always.
    app.db.query(&format!(
        "UPDATE rounds SET mayor_sees_raters = 0 WHERE id = '{round}' RETURNING id AS v"
    ));
    let page = bm.get(&list).await;
    assert_eq!(page.status, 403);
    assert!(
        page.body
            .contains("ziet de burgemeester de lijst van referenten niet")
    );
    assert!(
        !bm.get("/mijn")
            .await
            .body
            .contains(&format!("href=\"{list}\""))
    );
    assert_eq!(bm.get(&path).await.status, 200, "own suggestions still");
    let page = lid.get(&list).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Cees Collega"));
}

both_backends!(only_the_involved_roles_of_the_municipality_see_suggestions_and_the_list);

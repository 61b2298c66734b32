//! The griffier's screens.

#![allow(unused_imports)]
use klankbord::domain::audit::System;
use std::time::{Duration, Instant};

use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, invite, setup_round, spawn_app};
use crate::support::*;
use crate::{both_backends, common, common::mail};
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{MunicipalityId, RoundId, StaffId};
use klankbord::domain::staff::{ResultsAccess, Role, results_access};
use klankbord::domain::text::PersonName;
use klankbord::security::totp;

async fn the_griffier_runs_a_round_and_sees_who_answered_but_never_what(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    person(&app, "g@teststad.example", Some((m, Role::Clerk)));
    person(&app, "vz@teststad.example", Some((m, Role::Chair)));
    app.svc
        .import_raters(System::Cli, round,
            b"naam,email,groep\nAnna,a@x.example,gemeenteraad\nBram,b@x.example,gemeenteraad\nCees,c@x.example,college\n",
        )
        .unwrap();
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    let mut chair = app.browser();
    sign_in(&app, &mut chair, "vz@teststad.example", None).await;
    let path = format!("/mijn/rondes/{round}");
    assert_eq!(chair.get(&path).await.status, 403, "only the griffier");

    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("volgende stap") && page.body.contains("Week 6"));
    assert!(page.body.contains("Uitnodigingen versturen"));
    let forged = g
        .post(
            &format!("{path}/uitnodigen"),
            &[("csrf".into(), "0".repeat(64))],
        )
        .await;
    assert_eq!(forged.status, 403);
    let sent = g
        .post(
            &format!("{path}/uitnodigen"),
            &[("csrf".into(), page.csrf())],
        )
        .await;
    assert_eq!(
        sent.location().as_deref(),
        Some(&*format!("{path}/uitnodigen")),
        "groups too small to be shown apart: asked first"
    );
    let sent = g
        .post(
            &format!("{path}/uitnodigen"),
            &[
                ("csrf".into(), page.csrf()),
                ("bevestigen".into(), "ja".into()),
            ],
        )
        .await;
    assert_eq!(
        sent.location().as_deref(),
        Some(&*format!("{path}?melding=uitgenodigd"))
    );
    app.deliver();
    let mails = mail::outbox(&app.outbox);
    assert_eq!(
        common::respond::answer_with(
            &app,
            &mail::link_for(&mails, "a@x.example"),
            "5",
            "Heel goed"
        )
        .await,
        303
    );
    let page = g.get(&path).await;
    assert!(page.body.contains("ingevuld") && page.body.contains("uitgenodigd"));
    assert!(
        !page.body.contains("Heel goed"),
        "never what anyone answered"
    );
    let confirmed = |extra: &[(&str, &str)]| {
        let mut f = vec![
            ("csrf".to_owned(), page.csrf()),
            ("bevestigen".into(), "ja".into()),
        ];
        f.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        f
    };
    let reminded = g
        .post(
            &format!("{path}/herinneren"),
            &confirmed(&[("wie", "iedereen")]),
        )
        .await;
    assert_eq!(reminded.status, 303);
    let closed = g.post(&format!("{path}/sluiten"), &confirmed(&[])).await;
    assert_eq!(closed.status, 303);
    let page = g.get(&closed.location().unwrap()).await;
    assert!(
        page.body
            .contains("De vragenlijst is gesloten, eerder dan gepland")
    );
    let log = g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert_eq!(log.status, 200);
    for action in [
        "uitnodigingen verstuurd",
        "herinneringen verstuurd",
        "ronde gesloten",
        "aangemeld",
    ] {
        assert!(log.body.contains(action), "{action} in the log");
    }
    assert!(!log.body.contains("Heel goed"), "no answers in the log");
    assert_eq!(
        chair
            .get(&format!("/mijn/gemeenten/{m}/logboek"))
            .await
            .status,
        404,
        "the log is the griffier's"
    );
}

both_backends!(the_griffier_runs_a_round_and_sees_who_answered_but_never_what);

/// What the command line and the background task do is in the griffier's
/// log under their own names.
async fn the_log_names_the_system_actor_that_did_it(backend: Backend) {
    let (app, mut g) = app_with_clerk(backend).await;
    let round = app.svc.list_rounds().unwrap()[0].id;
    let m = municipality_of(&app, round);
    invite(&app, round, &[("R1", "r1@x.example", "gemeenteraad")]);
    // Past the closing moment: the background task closes the round.
    app.advance(22 * 24 * 3600);
    app.svc.close_due_rounds().unwrap();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    let log = g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert_eq!(log.status, 200);
    let row = |action: &str| {
        log.body
            .split("<tr>")
            .find(|r| r.contains(action))
            .unwrap_or_else(|| panic!("{action} in {}", log.body))
            .to_owned()
    };
    assert!(row("uitnodigingen verstuurd").contains("systeem (opdrachtregel)"));
    assert!(row("referenten toegevoegd").contains("systeem (opdrachtregel)"));
    assert!(row("ronde gesloten").contains("systeem (achtergrondtaak)"));
    assert!(row("aangemeld").contains("Test Persoon"));
}

both_backends!(the_log_names_the_system_actor_that_did_it);

async fn a_pasted_list_with_bad_rows_changes_nothing_and_a_good_one_is_previewed_first(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    person(&app, "g@teststad.example", Some((m, Role::Clerk)));
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    let path = format!("/mijn/rondes/{round}/referenten");
    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    let stored = || {
        app.db
            .query("SELECT email AS v FROM raters UNION ALL SELECT status AS v FROM invitations")
    };
    let before = stored();
    let send = |list: &str, csrf: String| {
        vec![
            ("csrf".to_owned(), csrf),
            ("lijst".to_owned(), list.to_owned()),
        ]
    };
    let bad = "naam,email,groep\nAnna,a@x.example,gemeenteraad\nBram,geen-adres,college\nCees,c@x.example,wethouders\n";
    let r = g
        .post(&format!("{path}/importeren"), &send(bad, page.csrf()))
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Regel 3") && r.body.contains("Regel 4"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Bram,geen-adres"), "the list is kept");
    assert_eq!(stored(), before, "nothing stored");

    let good = "naam;email;groep\nAnna;a@x.example;gemeenteraad\nBram;b@x.example;college\n";
    let r = g
        .post(&format!("{path}/controleren"), &send(good, page.csrf()))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Controleer de lijst") && r.body.contains("b@x.example"));
    assert_eq!(stored(), before, "a preview stores nothing");
    let r = g
        .post(&format!("{path}/importeren"), &send(good, r.csrf()))
        .await;
    assert_eq!(r.status, 303);
    let list = g.get(&r.location().unwrap()).await;
    assert!(list.body.contains("2 referenten toegevoegd"));
    assert!(list.body.contains("a@x.example") && list.body.contains("b@x.example"));
    assert_eq!(
        stored().len(),
        4,
        "two raters, two invitations not yet sent"
    );

    // Before the invitations go out a rater can be taken off the list; afterwards not.
    let invitation = |name: &str| {
        app.db.query(&format!(
            "SELECT i.id AS v FROM invitations i JOIN raters r ON r.id = i.rater_id WHERE r.name = '{name}'"
        ))[0]
            .clone()
    };
    let remove = |id: String| format!("{path}/{id}/verwijderen");
    let csrf = |page: &common::browser::Resp| vec![("csrf".to_owned(), page.csrf())];
    assert!(list.body.contains("Van de lijst halen"));
    let r = g.post(&remove(invitation("Anna")), &csrf(&list)).await;
    assert_eq!(r.status, 303);
    assert_eq!(stored().len(), 2);
    app.svc.send_invitations(System::Cli, round).unwrap();
    let r = g.post(&remove(invitation("Bram")), &csrf(&list)).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("kan niet meer van de lijst"));
    assert_eq!(stored().len(), 2, "Bram stays");
}

both_backends!(a_pasted_list_with_bad_rows_changes_nothing_and_a_good_one_is_previewed_first);

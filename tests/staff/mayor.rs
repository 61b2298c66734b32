//! The burgemeester's screens.

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

async fn the_burgemeester_chooses_the_sharing_mode_and_fills_in_the_self_assessment(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    person(&app, "bm@teststad.example", Some((m, Role::Mayor)));
    person(&app, "vz@teststad.example", Some((m, Role::Chair)));
    let mut bm = app.browser();
    sign_in(&app, &mut bm, "bm@teststad.example", None).await;
    let mut chair = app.browser();
    sign_in(&app, &mut chair, "vz@teststad.example", None).await;
    let path = format!("/mijn/rondes/{round}/deelmodus");
    assert_eq!(chair.get(&path).await.status, 403, "only the burgemeester");

    // Before the invitations: any choice.
    let page = bm.get(&path).await;
    assert!(page.body.contains("<fieldset") && page.body.contains("<legend>"));
    let set = |mode: &str, csrf: String| {
        vec![
            ("csrf".to_owned(), csrf),
            ("deelmodus".to_owned(), mode.to_owned()),
        ]
    };
    assert_eq!(
        bm.post(&path, &set("ook-gemeenteraad", page.csrf()))
            .await
            .status,
        303
    );
    assert_eq!(
        bm.post(&path, &set("ook-burgemeester", page.csrf()))
            .await
            .status,
        303
    );
    invite(&app, round, &[("R1", "r1@x.example", "gemeenteraad")]);
    let mails = mail::outbox(&app.outbox);
    let invitation = mails.iter().find(|m| m.to == "r1@x.example").unwrap();
    let words = invitation
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("van de gemeenteraad en de burgemeester zien de uitkomsten"),
        "the choice is in the invitation"
    );

    // After: only stricter.
    let loosen = bm.post(&path, &set("ook-gemeenteraad", page.csrf())).await;
    assert_eq!(loosen.status, 409);
    assert!(loosen.body.contains("alleen nog aan minder mensen"));
    assert_eq!(
        bm.post(&path, &set("alleen-commissie", page.csrf()))
            .await
            .status,
        303
    );
    assert_eq!(
        app.svc.round_info(round).unwrap().sharing,
        klankbord::domain::sharing::SharingMode::DelegationOnly
    );
    assert_eq!(
        bm.post(&path, &set("ook-burgemeester", page.csrf()))
            .await
            .status,
        409
    );
    let forged = bm
        .post(&path, &set("alleen-commissie", "0".repeat(64)))
        .await;
    assert_eq!(forged.status, 403, "CSRF token required");
    let log = app
        .db
        .query("SELECT detail AS v FROM audit_log WHERE action = 'deelmodus gewijzigd'");
    assert_eq!(log.len(), 3, "{log:?}");

    // The self-assessment: errors keep the page, then once.
    let path = format!("/mijn/rondes/{round}/zelfevaluatie");
    let form = bm.get(&path).await;
    assert_eq!(form.status, 200);
    let empty = bm.post(&path, &[("csrf".into(), form.csrf())]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("error-summary"));
    let mut answers = common::respond::answers_with(&form, "4", "Eigen blik");
    answers.retain(|(k, _)| k != "csrf");
    answers.push(("csrf".into(), form.csrf()));
    // Half filled in: the error keeps what was typed.
    let half: Vec<(String, String)> = answers
        .iter()
        .filter(|(k, v)| k == "csrf" || v != "4")
        .cloned()
        .collect();
    let kept = bm.post(&path, &half).await;
    assert_eq!(kept.status, 422);
    assert!(kept.body.contains("Eigen blik"), "what was typed stays");
    let sent = bm.post(&path, &answers).await;
    assert_eq!(sent.status, 200);
    assert!(
        sent.body.contains("Uw zelfevaluatie is verstuurd")
            && sent.body.contains("Uw antwoorden")
            && sent.body.contains("Mee eens")
            && sent.body.contains("Eigen blik"),
        "a confirmation with the answers just sent"
    );
    assert!(!sent.body.contains("type=\"radio\""), "read-only");
    let again = bm.get(&path).await;
    assert_eq!(again.status, 200);
    assert!(
        again.body.contains("U heeft de zelfevaluatie ingevuld")
            && !again.body.contains("Zelfevaluatie versturen")
            && again.body.contains("href=\"/mijn\""),
        "a second visit: the confirmation, not the empty form"
    );
    let twice = bm.post(&path, &answers).await;
    assert_eq!(twice.status, 409, "once");
    assert!(
        twice.body.contains("al ingevuld") && twice.body.contains("href=\"/mijn\""),
        "no dead end"
    );

    // While open, results are refused because the round is not closed (not the sharing mode).
    let early = chair.get(&format!("/mijn/rondes/{round}/uitkomsten")).await;
    assert_eq!(early.status, 403);
    assert!(
        early.body.contains("nog niet gesloten")
            && early.body.contains("De vragenlijst sluit ")
            && !early.body.contains("deelmodus"),
        "{}",
        early.body
    );

    // The delegation sees it after close; the burgemeester (delegation only) does not see the results.
    app.svc.close_round(System::Cli, round).unwrap();
    let deelmodus = format!("/mijn/rondes/{round}/deelmodus");
    let read_only = bm.get(&deelmodus).await;
    assert_eq!(read_only.status, 200);
    assert!(
        !read_only.body.contains("<fieldset")
            && read_only.body.contains("Uw keuze ligt vast")
            && read_only.body.contains("Alleen de klankbordcommissie"),
        "the chosen mode, read-only: {}",
        read_only.body
    );
    let late = bm
        .post(&deelmodus, &set("alleen-commissie", page.csrf()))
        .await;
    assert_eq!(late.status, 409);
    assert!(late.body.contains("De ronde is gesloten") && late.body.contains("href=\"/mijn\""));
    let revisit = bm.get(&path).await;
    assert!(revisit.body.contains("U heeft de zelfevaluatie ingevuld"));
    let results = chair.get(&format!("/mijn/rondes/{round}/uitkomsten")).await;
    assert_eq!(results.status, 200);
    let refused = bm.get(&format!("/mijn/rondes/{round}/uitkomsten")).await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.body.contains("deelmodus"),
        "closed: now the sharing mode is the reason"
    );
}

/// The burgemeester's use cases check the person themselves, not only the
/// pages in front of them: the same refusal for a caller that skips the web.
async fn the_burgemeesters_use_cases_check_the_person_in_the_service(backend: Backend) {
    use klankbord::domain::sharing::SharingMode;
    use klankbord::service::ServiceError;
    use klankbord::service::self_assessment::SelfOutcome;
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let mayor = person(&app, "bm@teststad.example", Some((m, Role::Mayor)));
    let clerk = person(&app, "g@teststad.example", Some((m, Role::Clerk)));
    let stranger = person(&app, "x@elders.example", None);
    let only_mayor = "Alleen de burgemeester kan dit doen.";
    let forbidden = |r: Result<(), ServiceError>| match r {
        Err(ServiceError::Forbidden(why)) => assert_eq!(why, only_mayor),
        other => panic!("{other:?}"),
    };
    forbidden(app.svc.self_questionnaire(clerk, round).map(|_| ()));
    forbidden(app.svc.sharing_choice(clerk, round).map(|_| ()));
    forbidden(
        app.svc
            .choose_sharing_mode(clerk, round, SharingMode::AlsoCouncil),
    );
    // Refused before the (empty, so invalid) form is even read.
    forbidden(
        app.svc
            .submit_self_assessment(clerk, round, &[])
            .map(|_| ()),
    );
    assert!(matches!(
        app.svc.self_questionnaire(stranger, round),
        Err(ServiceError::NotFound(_))
    ));
    assert!(matches!(
        app.svc.submit_self_assessment(stranger, round, &[]),
        Err(ServiceError::NotFound(_))
    ));
    assert_eq!(
        app.svc.round_info(round).unwrap().sharing,
        SharingMode::AlsoMayor,
        "nothing changed"
    );

    // The burgemeester passes, and the audit log names them.
    assert!(
        !app.svc
            .self_questionnaire(mayor, round)
            .unwrap()
            .themes
            .is_empty()
    );
    assert!(matches!(
        app.svc.submit_self_assessment(mayor, round, &[]).unwrap(),
        SelfOutcome::Invalid(_)
    ));
    app.svc
        .choose_sharing_mode(mayor, round, SharingMode::AlsoCouncil)
        .unwrap();
    let log = app.db.query(
        "SELECT action || ' ' || COALESCE(staff_id, '-') AS v FROM audit_log WHERE action = 'deelmodus gewijzigd'",
    );
    assert_eq!(log, [format!("deelmodus gewijzigd {mayor}")]);
}

both_backends!(
    the_burgemeester_chooses_the_sharing_mode_and_fills_in_the_self_assessment,
    the_burgemeesters_use_cases_check_the_person_in_the_service,
);

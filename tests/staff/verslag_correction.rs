//! A correction of a vastgesteld verslag: a new verslag that refers to the
//! old one and goes through concept, definitive version and signatures
//! again, while the original stays unchanged and readable.

use crate::both_backends;
use crate::common::browser::Browser;
use crate::common::{Backend, TestApp, setup_round, spawn_app};
use crate::support::*;
use crate::verslag::{DAY, form, one};
use klankbord::domain::audit::System;
use klankbord::domain::ids::RoundId;
use klankbord::domain::staff::Role;

/// Signs the current definitive version through the page (the factor is
/// fresh: everyone signed in moments ago by the test clock).
async fn sign(b: &mut Browser, round: RoundId) {
    let path = format!("/mijn/rondes/{round}/verslag/ondertekenen");
    let s = b.get(&path).await;
    assert_eq!(s.status, 200, "{}", s.body);
    let hash = form_value(&s.body, "kenmerk");
    let r = b.post(&path, &form(&s, &[("kenmerk", &hash)])).await;
    assert_eq!(r.status, 303, "{}", r.body);
}

fn count(app: &TestApp, sql: &str) -> String {
    one(
        app,
        &format!("SELECT CAST(COUNT(*) AS TEXT) AS v FROM {sql}"),
    )
}

async fn a_correction_is_a_new_verslag_and_the_original_stays(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    app.advance(28 * DAY);
    let clerk = person(&app, "g@teststad.example", Some((m, Role::Clerk)));
    person(&app, "vz@teststad.example", Some((m, Role::Chair)));
    person(&app, "bm@teststad.example", Some((m, Role::Mayor)));
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    let mut vz = app.browser();
    sign_in(&app, &mut vz, "vz@teststad.example", None).await;
    let mut bm = app.browser();
    sign_in(&app, &mut bm, "bm@teststad.example", None).await;
    let path = format!("/mijn/rondes/{round}/verslag");

    // The original, vastgesteld.
    app.svc.start_verslag(clerk, round).unwrap();
    app.svc
        .save_verslag_section(clerk, round, 0, "ORIGINEEL met een fout.", false)
        .unwrap();
    // Before it is vastgesteld there is nothing to correct.
    let page = g.get(&path).await;
    assert_eq!(
        g.post(&format!("{path}/correctie"), &form(&page, &[]))
            .await
            .status,
        409
    );
    app.svc.share_verslag_concept(clerk, round).unwrap();
    app.svc.make_verslag_definitive(clerk, round).unwrap();
    sign(&mut vz, round).await;
    sign(&mut bm, round).await;
    let original = app
        .svc
        .read_adopted_verslag(System::Cli.into(), round)
        .unwrap();
    assert!(original.document.corrects.is_none());

    // The correction: asked first, then a new verslag from the old text.
    let page = g.get(&path).await;
    assert!(page.body.contains("Correctie maken"));
    let confirm = g.get(&format!("{path}/correctie")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("blijft zoals het is"));
    let r = g
        .post(&format!("{path}/correctie"), &form(&confirm, &[]))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(count(&app, "verslagen"), "2");
    assert_eq!(count(&app, "verslagen WHERE corrects_id IS NOT NULL"), "1");
    let page = g.get(&path).await;
    assert!(
        page.body.contains("Stand: <strong>In voorbereiding"),
        "{}",
        page.body
    );
    assert!(page.body.contains("ORIGINEEL met een fout."));
    assert!(page.body.contains("Het vastgestelde verslag"));
    assert!(
        page.body.contains("Dit verslag corrigeert het verslag"),
        "the correction refers to the original"
    );
    // A second correction while one is under way: 409.
    assert_eq!(
        g.post(&format!("{path}/correctie"), &form(&page, &[]))
            .await
            .status,
        409
    );

    // The participants still read the original meanwhile.
    let read = vz.get(&path).await;
    assert_eq!(read.status, 200);
    assert!(
        read.body.contains("ORIGINEEL met een fout.") && read.body.contains("Ondertekend door")
    );
    assert_eq!(
        app.svc
            .read_adopted_verslag(System::Cli.into(), round)
            .unwrap()
            .hash,
        original.hash
    );

    // The same path again: text, concept, definitive, signatures.
    let r = g
        .post(
            &format!("{path}/koppen/0"),
            &form(&page, &[("tekst-0", "GECORRIGEERD zonder fout.")]),
        )
        .await;
    assert_eq!(r.status, 303);
    app.svc.share_verslag_concept(clerk, round).unwrap();
    let concept = vz.get(&path).await;
    assert!(concept.body.contains("GECORRIGEERD") && concept.body.contains("Commentaar geven"));
    app.svc.make_verslag_definitive(clerk, round).unwrap();
    sign(&mut vz, round).await;
    sign(&mut bm, round).await;

    let corrected = app
        .svc
        .read_adopted_verslag(System::Cli.into(), round)
        .unwrap();
    assert_ne!(corrected.hash, original.hash);
    let refers = corrected.document.corrects.expect("refers to the original");
    assert_eq!(refers.hash, original.hash);
    assert_eq!(corrected.signatures.len(), 2);
    // The original is unchanged: still vastgesteld, one version, two signatures.
    assert_eq!(
        one(
            &app,
            "SELECT state AS v FROM verslagen WHERE corrects_id IS NULL"
        ),
        "vastgesteld"
    );
    let old_id = one(
        &app,
        "SELECT id AS v FROM verslagen WHERE corrects_id IS NULL",
    );
    assert_eq!(
        count(
            &app,
            &format!("verslag_versions WHERE verslag_id = '{old_id}'")
        ),
        "2"
    );
    let page = g.get(&path).await;
    assert!(page.body.contains("GECORRIGEERD") && page.body.contains("Vastgesteld"));
}

both_backends!(a_correction_is_a_new_verslag_and_the_original_stays);

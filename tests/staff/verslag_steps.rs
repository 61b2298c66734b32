//! The verslag's smaller steps through the pages: the griffier changing
//! the headings of one round before and after writing, and wrong codes on
//! the signing page counted like the sign-in's second factor.

use crate::both_backends;
use crate::common::{Backend, setup_round, spawn_app};
use crate::support::*;
use crate::verslag::{DAY, form, one, signed_in};
use klankbord::domain::staff::Role;
use klankbord::service::signin::MAX_CODE_FAILURES;

/// The headings' text area, as the page shows it.
fn headings(body: &str) -> String {
    let at = body.find("id=\"koppen\"").expect("the headings form");
    let rest = &body[at..];
    let start = rest.find('>').unwrap() + 1;
    rest[start..rest.find("</textarea>").unwrap()].to_owned()
}

async fn the_griffier_changes_the_headings_of_a_round_before_writing(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    app.advance(28 * DAY);
    let (mut g, _) = signed_in(&app, "g@teststad.example", m, Role::Clerk).await;
    let path = format!("/mijn/rondes/{round}/verslag");
    let page = g.get(&path).await;
    assert_eq!(
        g.post(&format!("{path}/beginnen"), &form(&page, &[]))
            .await
            .status,
        303
    );
    let page = g.get(&path).await;
    assert!(headings(&page.body).contains("Toekomstverkenning"));

    // No agreements heading: refused, with the reason.
    let bad = g
        .post(
            &format!("{path}/koppen"),
            &form(
                &page,
                &[("koppen", "Terugblik\nOpening"), ("afspraken", "Afspraken")],
            ),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Kies welke kop de afspraken bevat"));

    // Before any text: rename, add, remove and move freely.
    let r = g
        .post(
            &format!("{path}/koppen"),
            &form(
                &page,
                &[
                    ("koppen", "Opening\nAfspraken\nTerugblik"),
                    ("afspraken", "Afspraken"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = g.get(&path).await;
    assert_eq!(headings(&page.body), "Opening\nAfspraken\nTerugblik");
    assert!(!page.body.contains("Toekomstverkenning"));

    // Text under "Terugblik" (now position 2).
    let r = g
        .post(
            &format!("{path}/koppen/2"),
            &form(&page, &[("tekst-2", "TEKST-TERUGBLIK blijft staan.")]),
        )
        .await;
    assert_eq!(r.status, 303);

    // After writing: removing or moving the agreements is refused …
    for (lines, agreements, reason) in [
        ("Opening\nAfspraken", "Afspraken", "niet weghalen"),
        (
            "Afspraken\nOpening\nTerugblik",
            "Afspraken",
            "kop met de afspraken blijft",
        ),
    ] {
        let r = g
            .post(
                &format!("{path}/koppen"),
                &form(&page, &[("koppen", lines), ("afspraken", agreements)]),
            )
            .await;
        assert_eq!(r.status, 422, "{lines}");
        assert!(r.body.contains(reason), "{}", r.body);
    }
    // … renaming and adding at the end keep the text under its heading.
    let r = g
        .post(
            &format!("{path}/koppen"),
            &form(
                &page,
                &[
                    (
                        "koppen",
                        "Opening\nAfspraken\nTerugblik op de afspraken\nSlot",
                    ),
                    ("afspraken", "Afspraken"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = g.get(&path).await;
    assert_eq!(
        headings(&page.body),
        "Opening\nAfspraken\nTerugblik op de afspraken\nSlot"
    );
    assert_eq!(
        one(
            &app,
            "SELECT heading AS v FROM verslag_sections WHERE body LIKE 'TEKST-TERUGBLIK%'"
        ),
        "Terugblik op de afspraken"
    );

    // Once the concept is shared, the headings stay.
    let r = g
        .post(&format!("{path}/concept-delen"), &form(&page, &[]))
        .await;
    assert_eq!(r.status, 303);
    let page = g.get(&path).await;
    assert!(!page.body.contains("id=\"koppen\""));
    let r = g
        .post(
            &format!("{path}/koppen"),
            &form(
                &page,
                &[("koppen", "Opening\nAfspraken"), ("afspraken", "Afspraken")],
            ),
        )
        .await;
    assert_eq!(r.status, 409);
}

async fn wrong_codes_on_the_signing_page_end_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    app.advance(28 * DAY);
    let clerk = person(&app, "g@teststad.example", Some((m, Role::Clerk)));
    person(&app, "bm@teststad.example", Some((m, Role::Mayor)));
    let (mut vz, vz_secret) = signed_in(&app, "vz@teststad.example", m, Role::Chair).await;
    app.svc.start_verslag(clerk, round).unwrap();
    app.svc.share_verslag_concept(clerk, round).unwrap();
    app.svc.make_verslag_definitive(clerk, round).unwrap();
    // The factor is stale: a code is needed.
    app.advance(6 * 60);
    let sign = format!("/mijn/rondes/{round}/verslag/ondertekenen");
    let s = vz.get(&sign).await;
    assert_eq!(s.status, 200);
    let hash = form_value(&s.body, "kenmerk");
    let wrong = [("kenmerk", hash.as_str()), ("code", "999999x")];

    // Five wrong codes: each says how many tries are left.
    let r = vz.post(&sign, &form(&s, &wrong)).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains(&format!("nog {} keer", MAX_CODE_FAILURES - 1)),
        "{}",
        r.body
    );
    for n in 1..MAX_CODE_FAILURES {
        let r = vz.post(&sign, &form(&s, &wrong)).await;
        if n < MAX_CODE_FAILURES - 1 {
            assert_eq!(r.status, 422, "wrong code {}", n + 1);
            assert!(
                r.body
                    .contains(&format!("nog {} keer", MAX_CODE_FAILURES - 1 - n))
            );
        } else {
            // The last allowed wrong code ends the session, and says so.
            assert_eq!(r.status, 403, "{}", r.body);
            assert!(r.body.contains("te vaak een verkeerde code"), "{}", r.body);
            assert!(r.body.contains("afgemeld"));
        }
    }
    assert_eq!(vz.get(&sign).await.status, 303, "signed out");
    assert_eq!(
        one(
            &app,
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM verslag_signatures"
        ),
        "0"
    );

    // Signed in again, a right code after a wrong one signs.
    sign_in(&app, &mut vz, "vz@teststad.example", Some(&vz_secret)).await;
    app.advance(6 * 60);
    let s = vz.get(&sign).await;
    let r = vz.post(&sign, &form(&s, &wrong)).await;
    assert_eq!(r.status, 422);
    app.advance(30);
    let right = code(&app, &vz_secret, 0);
    let r = vz
        .post(
            &sign,
            &form(&s, &[("kenmerk", hash.as_str()), ("code", &right)]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
}

both_backends!(
    the_griffier_changes_the_headings_of_a_round_before_writing,
    wrong_codes_on_the_signing_page_end_the_session
);

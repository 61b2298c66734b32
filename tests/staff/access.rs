//! Who may open which page: generated, not hand-picked.

#![allow(unused_imports)]
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

/// Every role, in its own municipality or another, signed in or not, for
/// each sharing mode, before and after close: the page a person gets.
async fn the_access_matrix_of_results(backend: Backend) {
    use klankbord::domain::round::RoundState;
    use klankbord::domain::sharing::SharingMode;

    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let own = municipality_of(&app, round);
    let other = app
        .svc
        .create_municipality(klankbord::service::setup::NewMunicipality {
            name: klankbord::domain::text::PlaceName::parse("Anderstad").unwrap(),
            clerk_name: PersonName::parse("Ander").unwrap(),
            clerk_email: EmailAddress::parse("griffie@anderstad.example").unwrap(),
        })
        .unwrap();
    // One round per sharing mode in the same municipality, each answered by four raters.
    let today = app
        .svc
        .now()
        .to_zoned(klankbord::domain::round::amsterdam())
        .date();
    let mut rounds = vec![(round, SharingMode::AlsoMayor)];
    for mode in [SharingMode::DelegationOnly, SharingMode::AlsoCouncil] {
        let r = app
            .svc
            .create_round(klankbord::service::setup::NewRound {
                municipality: own,
                mayor: None,
                kind: klankbord::domain::round::RoundKind::Regular,
                dates: klankbord::domain::round::RoundDates::new(
                    today,
                    today.checked_add(jiff::ToSpan::days(21)).unwrap(),
                    today.checked_add(jiff::ToSpan::days(28)).unwrap(),
                )
                .unwrap(),
                min_group_size: klankbord::domain::round::MinGroupSize::DEFAULT,
                sharing: mode,
            })
            .unwrap();
        rounds.push((r, mode));
    }
    for (n, (r, _)) in rounds.iter().enumerate() {
        let raters: Vec<(String, String)> = (0..4)
            .map(|i| (format!("R{i}"), format!("r{i}-{n}@x.example")))
            .collect();
        let rows: Vec<(&str, &str, &str)> = raters
            .iter()
            .map(|(name, email)| (name.as_str(), email.as_str(), "gemeenteraad"))
            .collect();
        invite(&app, *r, &rows);
    }
    let mut people: Vec<(Option<(Role, bool)>, Browser)> = vec![(None, app.browser())];
    for (n, role) in Role::ALL.into_iter().enumerate() {
        for own_municipality in [true, false] {
            let email = format!("p{n}-{own_municipality}@x.example");
            let m = if own_municipality { own } else { other };
            person(&app, &email, Some((m, role)));
            let mut b = app.browser();
            sign_in(&app, &mut b, &email, None).await;
            people.push((Some((role, own_municipality)), b));
        }
    }
    let mut checked = 0;
    for state in [RoundState::Open, RoundState::Closed] {
        if state == RoundState::Closed {
            for (r, _) in &rounds {
                app.svc.close_round(*r).unwrap();
            }
        }
        for (who, b) in &mut people {
            for (r, sharing) in &rounds {
                for (suffix, csv) in [("uitkomsten", false), ("uitkomsten.csv", true)] {
                    let got = b.get(&format!("/mijn/rondes/{r}/{suffix}")).await.status;
                    let expected = match who {
                        None => 303,
                        Some((_, false)) => 404,
                        Some((role, true)) => match results_access(&[*role], *sharing, state) {
                            ResultsAccess::Full => 200,
                            ResultsAccess::Summary if !csv => 200,
                            _ => 403,
                        },
                    };
                    assert_eq!(got, expected, "{who:?} {state:?} {suffix} {sharing:?}");
                    checked += 1;
                }
                // The management pages: one role each.
                for (suffix, only) in [
                    ("", Role::Clerk),
                    ("/referenten", Role::Clerk),
                    ("/instellingen", Role::Clerk),
                    ("/groepen", Role::Clerk),
                    ("/deelmodus", Role::Mayor),
                    ("/zelfevaluatie", Role::Mayor),
                ] {
                    let got = b.get(&format!("/mijn/rondes/{r}{suffix}")).await.status;
                    let expected = match who {
                        None => 303,
                        Some((_, false)) => 404,
                        Some((role, true)) if *role == only => 200,
                        Some(_) => 403,
                    };
                    assert_eq!(got, expected, "{who:?} {state:?} {suffix}");
                    checked += 1;
                }
            }
            let home = b.get("/mijn").await.status;
            assert_eq!(home, if who.is_some() { 200 } else { 303 });
        }
    }
    assert_eq!(checked, 11 * 3 * 2 * (2 + 6));
    // What was read is in the audit log, never what it said.
    let log = app
        .db
        .query("SELECT action || ' ' || detail AS v FROM audit_log");
    assert!(log.iter().any(|l| l.starts_with("uitkomsten bekeken")));
    assert!(log.iter().any(|l| l.starts_with("export gedownload")));
    assert!(log.iter().any(|l| l.starts_with("aangemeld")));
}

/// Every demo account signs in with its printed key and finds the demo's
/// content on its screens; a second `demo` adds nothing.
async fn the_demo_roles_sign_in_and_read_what_they_may(backend: Backend) {
    use klankbord::service::demo_meeting::{DEMO_AGENDA, DEMO_DECLINE_REASON};
    let app = spawn_app(backend).await;
    let first = app.svc.demo().unwrap();
    let report = app.svc.demo().unwrap();
    assert!(first.created && !report.created);
    assert_eq!(
        first.round, report.round,
        "the second run finds the same demo"
    );
    let (open, closed) = (report.round, report.closed_round.unwrap());
    let municipality = municipality_of(&app, open);
    let accounts = app.svc.demo_staff();
    assert_eq!(accounts.len(), 6, "a platform admin and five roles");
    let count = |body: &str, text: &str| body.matches(text).count();
    for account in accounts {
        let secret = data_encoding::BASE32_NOPAD
            .decode(account.secret.as_bytes())
            .unwrap();
        let mut b = app.browser();
        sign_in(&app, &mut b, &account.email, Some(&secret)).await;
        let home = b.get("/mijn").await;
        let Some(role) = account.role else {
            assert!(home.body.contains("/beheer"), "{}", home.body);
            let admin = b.get("/beheer").await;
            assert_eq!(admin.status, 200);
            assert!(admin.body.contains("Voorbeeldrecht") && admin.body.contains("Petra Bakker"));
            let results = b.get(&format!("/mijn/rondes/{closed}/uitkomsten")).await;
            assert_eq!(
                results.status, 404,
                "the platform admin sees no round content"
            );
            continue;
        };
        assert!(
            home.body
                .contains(&format!("{} in Voorbeeldrecht", role.label())),
            "{}",
            home.body
        );
        let page = b.get(&format!("/mijn/rondes/{closed}/uitkomsten")).await;
        let expected = match role {
            Role::CouncilMember => 403, // the demo's sharing mode is "ook-burgemeester"
            _ => 200,
        };
        assert_eq!(page.status, expected, "{role:?}");
        if expected == 200 {
            assert!(page.body.contains("<svg") && page.body.contains("Zelfbeeld"));
        }

        let nominations = b.get(&format!("/mijn/rondes/{open}/voordrachten")).await;
        let agenda = b.get(&format!("/mijn/rondes/{open}/agenda")).await;
        let reflection = b.get(&format!("/mijn/rondes/{closed}/reflectie")).await;
        let agreements = b.get(&format!("/mijn/rondes/{closed}/afspraken")).await;
        if role == Role::CouncilMember {
            for page in [&nominations, &agenda, &reflection, &agreements] {
                assert_eq!(page.status, 403);
            }
            continue;
        }
        for page in [&nominations, &agenda, &reflection, &agreements] {
            assert_eq!(page.status, 200, "{role:?}: {}", page.body);
        }
        // Voordrachten: the burgemeester sees their own, the declined one
        // with its reason; the others see all three, once each.
        assert_eq!(
            count(&nominations.body, "Jeroen Vos"),
            1,
            "{}",
            nominations.body
        );
        assert!(nominations.body.contains(DEMO_DECLINE_REASON));
        assert!(nominations.body.contains("Anouk de Graaf"));
        assert_eq!(
            nominations.body.contains("Pieter Hoekstra"),
            role != Role::Mayor,
            "{role:?}"
        );
        // The agenda: one item of each side, and the earlier round's agreements.
        for item in DEMO_AGENDA {
            assert_eq!(count(&agenda.body, item), 1, "{role:?}: {}", agenda.body);
        }
        assert!(
            agenda.body.contains("van de commissie") && agenda.body.contains("van de burgemeester")
        );
        assert!(agenda.body.contains("Afspraken van het vorige gesprek"));
        assert!(agenda.body.contains("elk kwartaal een afdeling"));
        // The earlier round: the reflection on the council and the agreements.
        assert!(
            reflection.body.contains("De raad vraagt scherp door"),
            "{}",
            reflection.body
        );
        assert!(agreements.body.contains("Loopt") && agreements.body.contains("Afgerond"));
        assert_eq!(count(&agreements.body, "binnen een week na een besluit"), 1);

        if role == Role::Clerk {
            let people = b
                .get(&format!("/mijn/gemeenten/{municipality}/mensen"))
                .await;
            assert_eq!(people.status, 200);
            assert!(people.body.contains("Vera Voorzitter"));
            let raters = b.get(&format!("/mijn/rondes/{open}/referenten")).await;
            assert!(
                raters.body.contains("Pieter Hoekstra"),
                "the approved voordracht is on the list"
            );
            let questionnaire = b.get(&format!("/mijn/rondes/{open}/vragenlijst")).await;
            assert_eq!(questionnaire.status, 200);
        }
        if role == Role::Mayor {
            let own = b.get(&format!("/mijn/rondes/{open}/reflectie")).await;
            assert!(
                own.body.contains("<form"),
                "the open round's reflection is still to do"
            );
        }
    }
}

both_backends!(
    the_demo_roles_sign_in_and_read_what_they_may,
    the_access_matrix_of_results,
);

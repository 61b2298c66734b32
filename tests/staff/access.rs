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

async fn the_demo_roles_sign_in_and_read_what_they_may(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = app.svc.demo().unwrap();
    let closed = report.closed_round.unwrap();
    for (email, role, secret) in app.svc.demo_staff() {
        let secret = data_encoding::BASE32_NOPAD
            .decode(secret.as_bytes())
            .unwrap();
        let mut b = app.browser();
        sign_in(&app, &mut b, &email, Some(&secret)).await;
        let home = b.get("/mijn").await;
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
    }
}

both_backends!(
    the_demo_roles_sign_in_and_read_what_they_may,
    the_access_matrix_of_results,
);

//! The ways around: the header (municipality, person, roles, menu,
//! sign-out) and breadcrumbs on staff pages, the overview per role, the
//! footer pages with the municipality's contact details and the griffier's
//! form for them, security.txt and the favicon.

use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::MunicipalityId;
use klankbord::domain::staff::Role;
use klankbord::domain::text::{PersonName, PlaceName};

use crate::both_backends;
use crate::common::browser::Browser;
use crate::common::{Backend, TestApp, mail, setup_round, spawn_app};
use crate::support::*;

fn anderstad(app: &TestApp) -> MunicipalityId {
    app.svc
        .create_municipality(
            System::Cli,
            klankbord::service::setup::NewMunicipality {
                name: PlaceName::parse("Anderstad").unwrap(),
                clerk_name: PersonName::parse("Olga Ander").unwrap(),
                clerk_email: EmailAddress::parse("griffie@anderstad.example").unwrap(),
            },
        )
        .unwrap()
}

/// The part of a page between two markers.
fn between<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let start = body
        .find(from)
        .unwrap_or_else(|| panic!("{from} in {body}"));
    let end = body[start..].find(to).map_or(body.len(), |e| start + e);
    &body[start..end]
}

both_backends!(
    the_header_shows_name_roles_menu_and_sign_out_for_each_role,
    the_footer_pages_show_the_municipalitys_contact_details,
    the_contact_form_refuses_bad_input_and_other_roles,
    security_txt_and_the_favicon_answer,
);

async fn the_header_shows_name_roles_menu_and_sign_out_for_each_role(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let other = anderstad(&app);
    named(
        &app,
        "olga@anderstad.example",
        "Olga Ander",
        other,
        Role::Clerk,
    );
    let cases = [
        (Role::Clerk, "Gerda Griffier", "Griffier"),
        (
            Role::Chair,
            "Vera Voorzitter",
            "Voorzitter klankbordcommissie",
        ),
        (
            Role::DelegationMember,
            "Dirk Delegatie",
            "Lid klankbordcommissie",
        ),
        (Role::Mayor, "Bert Burgemeester", "Burgemeester"),
        (Role::CouncilMember, "Rita Raadslid", "Raadslid"),
    ];
    let mut secrets = Vec::new();
    for (n, (role, name, label)) in cases.into_iter().enumerate() {
        let email = format!("p{n}@teststad.example");
        named(&app, &email, name, m, role);
        let mut b = app.browser();
        secrets.push(sign_in(&app, &mut b, &email, None).await);
        let home = b.get("/mijn").await;
        assert_eq!(home.status, 200);
        let header = between(&home.body, "<header", "</header>");
        assert!(header.contains("Gemeente Teststad"), "{role:?}: {header}");
        assert!(header.contains(name), "{role:?}: the name");
        let roles = between(header, "site-header__roles", "</p>");
        assert!(roles.ends_with(label), "{role:?}: the role in {roles}");
        assert!(
            header.contains(r#"<form class="sign-out" method="post" action="/afmelden">"#)
                && header.contains(&format!(r#"name="csrf" value="{}""#, home.csrf())),
            "{role:?}: sign-out with the session's token"
        );
        let menu = between(header, r#"aria-label="Hoofdmenu""#, "</nav>");
        assert!(
            menu.contains(r#"href="/mijn" aria-current="page">Overzicht</a>"#),
            "{menu}"
        );
        let clerk_items = [
            format!("/mijn/gemeenten/{m}/rondes"),
            format!("/mijn/gemeenten/{m}/mensen"),
            format!("/mijn/gemeenten/{m}/logboek"),
            format!("/mijn/gemeenten/{m}/instellingen"),
        ];
        for item in &clerk_items {
            assert_eq!(
                menu.contains(&format!("href=\"{item}\"")),
                role == Role::Clerk,
                "{role:?}: {item}"
            );
        }
        assert!(
            !menu.contains("/beheer"),
            "{role:?}: no platform admin item"
        );
        for foreign in ["Anderstad", "Olga Ander", &other.to_string()] {
            assert!(!home.body.contains(foreign), "{role:?}: {foreign} shown");
        }
        // Signing out from the header ends the session.
        if role == Role::CouncilMember {
            let out = b.post("/afmelden", &[("csrf".into(), home.csrf())]).await;
            assert_eq!(out.status, 303);
            assert_eq!(b.get("/mijn").await.status, 303);
        }
    }

    // Breadcrumbs: Overzicht › the round › the page, the page marked current.
    let mut g = app.browser();
    sign_in(&app, &mut g, "p0@teststad.example", Some(&secrets[0])).await;
    let agenda = g.get(&format!("/mijn/rondes/{round}/agenda")).await;
    let crumbs = between(
        &agenda.body,
        r#"<nav class="breadcrumb-nav" aria-label="Kruimelpad">"#,
        "</nav>",
    );
    assert!(crumbs.contains(r#"<ol class="breadcrumb-nav__list">"#));
    let overview = crumbs.find(r#"href="/mijn">Overzicht</a>"#).unwrap();
    let round_crumb = crumbs
        .find(&format!(r#"href="/mijn/rondes/{round}">Klankbordgesprek"#))
        .unwrap();
    let here = crumbs
        .find(&format!(
            r#"href="/mijn/rondes/{round}/agenda" aria-current="page">Agenda</a>"#
        ))
        .unwrap();
    assert!(overview < round_crumb && round_crumb < here, "{crumbs}");
    assert_eq!(crumbs.matches("aria-current").count(), 1);
    // A page of the municipality marks its menu item.
    let log = g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert!(log.body.contains(&format!(
        r#"href="/mijn/gemeenten/{m}/logboek" aria-current="page">Logboek</a>"#
    )));
    // The griffier's list of rounds, with a new one as the primary action.
    let rounds = g.get(&format!("/mijn/gemeenten/{m}/rondes")).await;
    assert_eq!(rounds.status, 200);
    assert!(
        rounds
            .body
            .contains(&format!(r#"href="/mijn/rondes/{round}""#))
    );
    assert!(rounds.body.contains(&format!(
        r#"<a class="button page-actions__primary" href="/mijn/gemeenten/{m}/rondes/nieuw">Nieuwe ronde</a>"#
    )));
    // The overview: the round's card with its next step and one primary action.
    let home = g.get("/mijn").await;
    let card = between(&home.body, &format!(r#"id="ronde-{round}""#), "</section>");
    assert!(
        card.contains("In voorbereiding") && card.contains("Volgende stap"),
        "{card}"
    );
    assert!(card.contains(&format!(
        r#"<a class="button" href="/mijn/rondes/{round}">Ronde voorbereiden"#
    )));
    assert!(card.contains(&format!(
        r#"href="/mijn/rondes/{round}/referenten">Referenten</a>"#
    )));

    // The mayor's next step is the sharing mode; the raadslid has nothing to do yet.
    let mut bm = app.browser();
    sign_in(&app, &mut bm, "p3@teststad.example", Some(&secrets[3])).await;
    let card = bm.get("/mijn").await.body;
    assert!(card.contains(&format!(
        r#"<a class="button" href="/mijn/rondes/{round}/deelmodus">"#
    )));
    let mut rl = app.browser();
    sign_in(&app, &mut rl, "p4@teststad.example", Some(&secrets[4])).await;
    let body = rl.get("/mijn").await.body;
    assert!(body.contains("Er is nu niets voor u te doen"));
    assert!(
        !body.contains(&format!("/mijn/rondes/{round}/")),
        "no page of the round for a raadslid yet"
    );

    // The platform admin: Beheer in the menu, no municipality.
    app.svc
        .create_staff(
            System::Cli,
            &EmailAddress::parse("beheer@hoster.example").unwrap(),
            &PersonName::parse("Bea Beheer").unwrap(),
            true,
        )
        .unwrap();
    let mut a = app.browser();
    sign_in(&app, &mut a, "beheer@hoster.example", None).await;
    let home = a.get("/mijn").await;
    let header = between(&home.body, "<header", "</header>");
    assert!(header.contains("Bea Beheer") && header.contains("Platformbeheerder"));
    assert!(header.contains(r#"href="/beheer">Beheer</a>"#));
    assert!(!header.contains("Gemeente "), "no municipality: {header}");
    let beheer = a.get("/beheer").await;
    assert!(
        beheer
            .body
            .contains(r#"href="/beheer" aria-current="page">Beheer</a>"#)
    );
}

async fn the_footer_pages_show_the_municipalitys_contact_details(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let mut anyone = app.browser();
    for path in ["/", "/contact", "/privacyverklaring", "/toegankelijkheid"] {
        let page = anyone.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        let footer = between(&page.body, "<footer", "</footer>");
        for link in [
            "/contact",
            "/privacyverklaring",
            "/toegankelijkheid",
            "/.well-known/security.txt",
        ] {
            assert!(
                footer.contains(&format!("href=\"{link}\"")),
                "{path}: {link}"
            );
        }
    }
    let home = anyone.get("/").await.body;
    assert!(home.contains(r#"<a class="button" href="/aanmelden">Inloggen voor griffie, commissie en burgemeester</a>"#));
    assert!(home.contains("persoonlijke link in uw e-mail"));
    let statement = anyone.get("/toegankelijkheid").await.body;
    for part in [
        "Nalevingsstatus",
        "WCAG 2.1",
        "axe-core",
        "320",
        "toetsenbord",
        "Een probleem melden",
        "opgesteld op",
    ] {
        assert!(statement.contains(part), "{part}");
    }
    let general = anyone.get("/privacyverklaring").await.body;
    assert!(
        general.contains("3 maanden na het sluiten van de vragenlijst")
            && general.contains("nooit aan uw naam gekoppeld")
    );

    // Unset: the griffier contact stored on the municipality.
    let contact = anyone.get(&format!("/gemeenten/{m}/contact")).await;
    assert_eq!(contact.status, 200);
    assert!(contact.body.contains("Gemeente Teststad"));
    assert!(
        contact
            .body
            .contains(r#"href="mailto:griffie@teststad.example""#)
    );
    assert!(contact.body.contains("Gerda Griffier"));
    let footer = between(&contact.body, "<footer", "</footer>");
    assert!(footer.contains(&format!(r#"href="/gemeenten/{m}/privacyverklaring""#)));
    assert_eq!(
        anyone
            .get(&format!("/gemeenten/{}/contact", MunicipalityId::random()))
            .await
            .status,
        404
    );
    assert_eq!(
        anyone
            .get("/gemeenten/geen-id/privacyverklaring")
            .await
            .status,
        404
    );

    // The griffier fills them in; the pages follow, the audit log says so.
    named(&app, "g@teststad.example", "Gerda Griffier", m, Role::Clerk);
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    let form = g.get(&format!("/mijn/gemeenten/{m}/instellingen")).await;
    assert_eq!(form.status, 200);
    let saved = g
        .post(
            &format!("/mijn/gemeenten/{m}/instellingen"),
            &[
                ("csrf".into(), form.csrf()),
                ("griffie_email".into(), "Griffie@Teststad.example".into()),
                ("griffie_phone".into(), "030 123 45 67".into()),
                ("privacy_email".into(), "fg@teststad.example".into()),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    let again = g.get(&saved.location().unwrap()).await;
    assert!(again.body.contains("De instellingen zijn opgeslagen."));
    assert!(again.body.contains(r#"value="030 123 45 67""#));
    let contact = anyone.get(&format!("/gemeenten/{m}/contact")).await.body;
    assert!(
        contact.contains(r#"href="mailto:Griffie@teststad.example""#),
        "{contact}"
    );
    assert!(contact.contains(r#"href="tel:0301234567">030 123 45 67</a>"#));
    assert!(contact.contains(r#"href="mailto:fg@teststad.example""#));
    let privacy = anyone
        .get(&format!("/gemeenten/{m}/privacyverklaring"))
        .await
        .body;
    assert!(privacy.contains("De gemeente Teststad is verantwoordelijk"));
    assert!(privacy.contains(r#"href="mailto:fg@teststad.example""#));
    for stored in [
        "naam",
        "e-mailadres",
        "groep",
        "logboek",
        "sessie",
        "automatisch verwijderd",
    ] {
        assert!(privacy.contains(stored), "{stored}");
    }
    let log = g.get(&format!("/mijn/gemeenten/{m}/logboek")).await.body;
    assert!(log.contains("contactgegevens gemeente gewijzigd"));

    // The referent's form links to the municipality's own pages.
    crate::common::invite(
        &app,
        round,
        &[("Ria Referent", "ria@x.example", "gemeenteraad")],
    );
    let link = mail::link_for(&mail::outbox(&app.outbox), "ria@x.example");
    let mut referent: Browser = app.browser();
    let form = crate::common::respond::open_form(&mut referent, &link).await;
    let footer = between(&form.body, "<footer", "</footer>");
    assert!(footer.contains(&format!(r#"href="/gemeenten/{m}/privacyverklaring""#)));
    assert!(footer.contains(&format!(r#"href="/gemeenten/{m}/contact""#)));
    assert!(!form.body.contains("Hoofdmenu") && !form.body.contains("Afmelden"));
}

async fn the_contact_form_refuses_bad_input_and_other_roles(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let other = anderstad(&app);
    named(&app, "g@teststad.example", "Gerda Griffier", m, Role::Clerk);
    named(
        &app,
        "bm@teststad.example",
        "Bert Burgemeester",
        m,
        Role::Mayor,
    );
    named(
        &app,
        "olga@anderstad.example",
        "Olga Ander",
        other,
        Role::Clerk,
    );
    let path = format!("/mijn/gemeenten/{m}/instellingen");
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    let form = g.get(&path).await;
    let bad = g
        .post(
            &path,
            &[
                ("csrf".into(), form.csrf()),
                ("griffie_email".into(), "griffie@".into()),
                ("griffie_phone".into(), "bel maar".into()),
                ("privacy_email".into(), "fg@teststad.example".into()),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Dit is geen geldig e-mailadres"));
    assert!(bad.body.contains("Dit is geen geldig telefoonnummer"));
    assert!(
        bad.body.contains(r##"href="#griffie_email""##),
        "the summary links to the field"
    );
    assert!(
        bad.body.contains(r#"value="griffie@""#),
        "what was typed stays"
    );
    let stored = app
        .db
        .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM municipality_contacts");
    assert_eq!(stored, ["0"], "nothing stored");

    let mut bm = app.browser();
    sign_in(&app, &mut bm, "bm@teststad.example", None).await;
    let page = bm.get(&path).await;
    assert_eq!(page.status, 403);
    assert!(
        page.body
            .contains("Alleen de griffier past de contactgegevens")
    );
    let csrf = bm.get("/mijn").await.csrf();
    let post = bm
        .post(
            &path,
            &[
                ("csrf".into(), csrf),
                ("griffie_email".into(), "x@y.nl".into()),
            ],
        )
        .await;
    assert_eq!(post.status, 403);
    let mut o = app.browser();
    sign_in(&app, &mut o, "olga@anderstad.example", None).await;
    assert_eq!(o.get(&path).await.status, 404);
    let stored = app
        .db
        .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM municipality_contacts");
    assert_eq!(stored, ["0"]);
}

async fn security_txt_and_the_favicon_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut b = app.browser();
    let txt = b.get("/.well-known/security.txt").await;
    assert_eq!(txt.status, 200);
    assert!(
        txt.header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    let field = |name: &str| -> String {
        txt.body
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{name} in {}", txt.body))
            .to_owned()
    };
    let host = app
        .address
        .split("://")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(field("Contact"), format!("mailto:security@{host}"));
    assert_eq!(field("Preferred-Languages"), "nl, en");
    assert_eq!(
        field("Canonical"),
        format!("{}/.well-known/security.txt", app.address)
    );
    let expires: jiff::Timestamp = field("Expires").parse().unwrap();
    let now = app.svc.now();
    assert!(expires > now && expires.as_second() - now.as_second() < 365 * 86_400);

    let ico = b.get("/favicon.ico").await;
    assert_eq!(ico.status, 301);
    assert_eq!(ico.location().as_deref(), Some("/assets/favicon.svg"));
    let svg = b.get("/assets/favicon.svg").await;
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type").as_deref(), Some("image/svg+xml"));
    assert!(svg.body.starts_with("<svg"));
}

/// A configured contact is the one security.txt names.
#[actix_web::test]
async fn security_txt_names_the_configured_contact() {
    let app = crate::common::spawn_app_with(
        Backend::Sqlite,
        crate::common::Options {
            env: vec![(
                "KLANKBORD_SECURITY_CONTACT",
                "https://gemeente.example/beveiliging".into(),
            )],
            ..Default::default()
        },
    )
    .await;
    let txt = app.browser().get("/.well-known/security.txt").await;
    assert!(
        txt.body
            .starts_with("Contact: https://gemeente.example/beveiliging\n")
    );
}

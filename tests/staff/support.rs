//! Shared steps of the staff tests: people, sign-in through the mail and
//! the second factor, and small page helpers.

use klankbord::domain::audit::System;
use std::time::{Duration, Instant};

use crate::common::browser::{Browser, Resp};
use crate::common::mail;
use crate::common::{Backend, TestApp, setup_round, spawn_app};
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{MunicipalityId, RoundId, StaffId};
use klankbord::domain::staff::Role;
use klankbord::domain::text::PersonName;
use klankbord::security::totp;

/// A staff account with its own name and one role.
pub fn named(app: &TestApp, email: &str, name: &str, m: MunicipalityId, role: Role) -> StaffId {
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
    id
}

/// A form's fields after the page's CSRF token.
pub fn with_csrf(page: &Resp, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = vec![("csrf".to_owned(), page.csrf())];
    out.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    out
}

pub fn person(app: &TestApp, email: &str, municipality: Option<(MunicipalityId, Role)>) -> StaffId {
    let id = app
        .svc
        .create_staff(
            System::Cli,
            &EmailAddress::parse(email).unwrap(),
            &PersonName::parse("Test Persoon").unwrap(),
            false,
        )
        .unwrap();
    if let Some((m, role)) = municipality {
        app.svc.add_membership(System::Cli, id, m, role).unwrap();
    }
    id
}

/// Every sign-in link mailed to `to` so far (in no particular order).
pub fn links(app: &TestApp, to: &str) -> Vec<String> {
    mail::outbox(&app.outbox)
        .into_iter()
        .filter(|m| m.to == to && m.subject.contains("aanmeldlink"))
        .map(|m| {
            let at = m.text.find("/aanmelden/link/").unwrap();
            let start = m.text[..at].rfind("http").unwrap();
            m.text[start..at + "/aanmelden/link/".len() + 43].to_owned()
        })
        .collect()
}

/// Asks for a sign-in link and waits for the new mail (sent in the background).
pub async fn request_link(app: &TestApp, b: &mut Browser, to: &str) -> String {
    let old = links(app, to);
    let r = b.post("/aanmelden", &[("email".into(), to.into())]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(new) = links(app, to).into_iter().find(|l| !old.contains(l)) {
            return link_path(&new);
        }
        assert!(Instant::now() < deadline, "no sign-in mail to {to}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn link_path(link: &str) -> String {
    link[link.find("/aanmelden").unwrap()..].to_owned()
}

pub fn form_value(body: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = body
        .find(&key)
        .unwrap_or_else(|| panic!("{name} in {body}"))
        + key.len();
    body[at..].split('"').next().unwrap().to_owned()
}

/// The id in the first form action after the marker `after` that ends in
/// `/{id}/{what}"` (`…/agenda/punten/{id}/omhoog"`).
pub fn id_before(body: &str, after: &str, what: &str) -> String {
    let at = body
        .find(after)
        .unwrap_or_else(|| panic!("{after} in {body}"));
    let rest = &body[at..];
    let end = rest
        .find(&format!("/{what}\""))
        .unwrap_or_else(|| panic!("/{what} in {rest}"));
    rest[..end].rsplit('/').next().unwrap().to_owned()
}

pub fn secret_of(enrol_page: &Resp) -> Vec<u8> {
    let at = enrol_page.body.find("<code>").unwrap() + "<code>".len();
    let b32 = enrol_page.body[at..].split('<').next().unwrap();
    data_encoding::BASE32_NOPAD.decode(b32.as_bytes()).unwrap()
}

pub fn code(app: &TestApp, secret: &[u8], offset_steps: i64) -> String {
    let now = app.svc.now().as_second();
    format!(
        "{:06}",
        totp::code_at(secret, totp::step_of(now) + offset_steps)
    )
}

/// Sets up the authenticator app from the second-step page (first use):
/// signed in, the recovery codes shown; returns the TOTP secret.
pub async fn enrol(app: &TestApp, b: &mut Browser, step: &Resp) -> Vec<u8> {
    assert!(step.body.contains("Tweede stap instellen") && step.body.contains("<svg"));
    let secret = secret_of(step);
    let r = b
        .post(
            "/aanmelden/tweede-stap",
            &[
                ("csrf".into(), step.csrf()),
                ("sleutel".into(), form_value(&step.body, "sleutel")),
                ("code".into(), code(app, &secret, 0)),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("herstelcodes"));
    secret
}

/// Signs in through the mail, enrolling on first use; returns the TOTP secret.
pub async fn sign_in(
    app: &TestApp,
    b: &mut Browser,
    email: &str,
    secret: Option<&[u8]>,
) -> Vec<u8> {
    let path = request_link(app, b, email).await;
    let page = b.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Verder met aanmelden"));
    let r = b.post(&path, &[]).await;
    assert_eq!(r.status, 303);
    let step = b.get("/aanmelden/tweede-stap").await;
    assert_eq!(step.status, 200);
    match secret {
        None => enrol(app, b, &step).await,
        Some(secret) => {
            // A code from the step after the last accepted one (codes work once).
            app.advance(30);
            let r = b
                .post(
                    "/aanmelden/tweede-stap",
                    &[
                        ("csrf".into(), step.csrf()),
                        ("code".into(), code(app, secret, 0)),
                    ],
                )
                .await;
            assert_eq!(r.status, 303, "{}", r.body);
            secret.to_vec()
        }
    }
}

/// A round of Teststad with its griffier g@teststad.example, and a browser.
pub async fn app_with_clerk(backend: Backend) -> (TestApp, Browser) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    person(
        &app,
        "g@teststad.example",
        Some((municipality_of(&app, round), Role::Clerk)),
    );
    let b = app.browser();
    (app, b)
}

/// Requests a link, uses it, and returns the second-step page.
pub async fn link_to_second_step(app: &TestApp, b: &mut Browser, email: &str) -> Resp {
    let path = request_link(app, b, email).await;
    assert_eq!(b.post(&path, &[]).await.status, 303);
    b.get("/aanmelden/tweede-stap").await
}

pub fn municipality_of(app: &TestApp, round: RoundId) -> MunicipalityId {
    app.svc.round_info(round).unwrap().municipality_id
}

/// A round in preparation and its griffier, signed in.
pub async fn clerk_of_a_round(backend: crate::common::Backend) -> (TestApp, Browser, RoundId) {
    let app = crate::common::spawn_app(backend).await;
    let round = crate::common::setup_round(&app, 3);
    person(
        &app,
        "g@teststad.example",
        Some((municipality_of(&app, round), Role::Clerk)),
    );
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    (app, g, round)
}

/// The demo, and a signed-in browser per role asked for.
pub async fn demo_as(app: &TestApp, role: Role) -> Browser {
    let account = app
        .svc
        .demo_staff()
        .into_iter()
        .find(|a| a.role == Some(role))
        .unwrap();
    let secret = data_encoding::BASE32_NOPAD
        .decode(account.secret.as_bytes())
        .unwrap();
    let mut b = app.browser();
    sign_in(app, &mut b, &account.email, Some(&secret)).await;
    b
}

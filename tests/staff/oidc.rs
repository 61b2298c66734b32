//! Sign-in through the municipality's identity provider, against a real
//! OpenID provider (the `oidc-provider` package, `tests/e2e/oidc-provider.mjs`)
//! and, for the ID tokens a real provider will not make (another audience,
//! another issuer), a tiny hand-written one (`tests/e2e/oidc-fake.mjs`), each
//! started on loopback by the test. Needs `node` and `npm ci` in
//! `tests/e2e`; without them the tests print `SKIPPED:`, with `CI=true` they
//! fail instead.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::both_backends;
use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, Options, TestApp, mail, setup_round, spawn_app_with};
use crate::support::*;
use crate::verslag::{DAY, form};
use klankbord::domain::audit::System;
use klankbord::domain::ids::{MunicipalityId, RoundId, StaffId};
use klankbord::domain::staff::Role;
use klankbord::service::identity_providers::ProviderSetting;

const CLIENT_ID: &str = "klankbord-test";
const CLIENT_SECRET: &str = "test-secret-9d2f";

/// A provider process on loopback (killed when dropped) and a browser for
/// its pages (its own cookies).
struct Idp {
    child: Child,
    url: String,
    web: Browser,
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn e2e() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e")
}

/// Starts `node <script> <args>` in tests/e2e and reads `URL …` from its
/// first line; `None` (skip) when node or the package is missing, unless
/// `CI=true`.
fn start(script: &str, args: &[&str]) -> Option<Idp> {
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let package_ok = e2e()
        .join("node_modules/oidc-provider/package.json")
        .exists();
    if !node_ok || !package_ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the OpenID provider cannot start: node {node_ok}, oidc-provider installed {package_ok} (npm ci in tests/e2e)"
        );
        println!("SKIPPED: OpenID provider tests, node or oidc-provider missing");
        return None;
    }
    let mut child = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(e2e())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    // Reads the first line, then keeps draining: a closed pipe would end the
    // provider at its next write (EPIPE).
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the provider prints its URL within 30 s");
    let url = line
        .trim()
        .strip_prefix("URL ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    Some(Idp {
        web: Browser::new(&url),
        child,
        url,
    })
}

fn callback(app: &TestApp) -> String {
    app.url("/aanmelden/oidc/terug")
}

fn real_provider(app: &TestApp) -> Option<Idp> {
    start(
        "oidc-provider.mjs",
        &[CLIENT_ID, CLIENT_SECRET, &callback(app)],
    )
}

fn fake_provider(mode: &str) -> Option<Idp> {
    start("oidc-fake.mjs", &[CLIENT_ID, mode])
}

/// An app whose KLANKBORD_OIDC_SECRET_DIR holds `teststad.secret`, with a
/// round of Teststad, its griffier and a raadslid.
struct World {
    app: TestApp,
    _secrets: tempfile::TempDir,
    m: MunicipalityId,
    round: RoundId,
    clerk: StaffId,
    member: StaffId,
}

async fn world(backend: Backend) -> World {
    let secrets = tempfile::tempdir().unwrap();
    std::fs::write(secrets.path().join("teststad.secret"), CLIENT_SECRET).unwrap();
    let app = spawn_app_with(
        backend,
        Options {
            env: vec![(
                "KLANKBORD_OIDC_SECRET_DIR",
                secrets.path().display().to_string(),
            )],
            ..Options::default()
        },
    )
    .await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    let clerk = person(&app, "g@teststad.example", Some((m, Role::Clerk)));
    let member = person(&app, "lid@teststad.example", Some((m, Role::CouncilMember)));
    World {
        app,
        _secrets: secrets,
        m,
        round,
        clerk,
        member,
    }
}

fn use_provider(w: &World, idp: &Idp) {
    w.app
        .svc
        .set_identity_provider(
            System::Cli,
            w.m,
            &ProviderSetting {
                issuer: format!("{}/.well-known/openid-configuration", idp.url),
                client_id: CLIENT_ID.into(),
                secret_file: "teststad.secret".into(),
                mfa_acr: String::new(),
            },
        )
        .unwrap();
}

/// A world on the real provider, with the raadslid linked (MFA at the
/// provider); `None` when the provider cannot start (outside CI).
async fn linked_world(backend: Backend) -> Option<(World, Idp)> {
    let w = world(backend).await;
    let mut idp = real_provider(&w.app)?;
    use_provider(&w, &idp);
    let _ = link_member(&w, &mut idp, "lid-bij-idp", "mfa").await;
    Some((w, idp))
}

/// Says who signs in next at the real provider, and how (`amr`).
async fn login_as(idp: &mut Idp, sub: &str, amr: &str) {
    let r = idp
        .web
        .get(&format!("/test/login-as?sub={sub}&amr={amr}"))
        .await;
    assert_eq!(r.status, 204);
}

/// Follows the provider's redirects (at most 10) from `first` until it
/// sends the browser back to Klankbord; returns that address.
async fn through_provider(app: &TestApp, idp: &mut Idp, first: &str) -> String {
    let mut at = first.to_owned();
    for _ in 0..10 {
        if at.starts_with(&app.url("")) {
            return at;
        }
        let r = idp.web.get(&at).await;
        assert!(
            (300..400).contains(&r.status),
            "{} at the provider: {}",
            r.status,
            r.body
        );
        let next = r.location().unwrap();
        at = if next.starts_with("http") {
            next
        } else {
            format!("{}{next}", idp.url)
        };
    }
    panic!("the provider never sent the browser back");
}

/// The link invitations mailed to `to` (their paths), in no set order.
fn invitation_paths(app: &TestApp, to: &str) -> Vec<String> {
    const PREFIX: &str = "/aanmelden/koppelen/";
    mail::outbox(&app.outbox)
        .into_iter()
        .filter(|m| m.to == to && m.subject.contains("Koppel"))
        .map(|m| {
            let at = m.text.find(PREFIX).unwrap();
            m.text[at..at + PREFIX.len() + 43].to_owned()
        })
        .collect()
}

/// Invites `who` to link their account (as the griffier): the path of the
/// invitation this sends.
fn invite(w: &World, who: StaffId, to: &str) -> String {
    let before = invitation_paths(&w.app, to);
    w.app.svc.invite_identity_link(w.clerk, w.m, who).unwrap();
    let mut new: Vec<String> = invitation_paths(&w.app, to)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    assert_eq!(new.len(), 1, "one new invitation to {to}");
    new.remove(0)
}

/// Where the page that answers a button sends the browser on to (a
/// refresh, not a redirect: the CSP's `form-action 'self'` would stop a
/// redirect of the form's request to the provider).
fn provider_address(r: &Resp) -> String {
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Verder naar de inlogdienst"), "{}", r.body);
    let at = r.body.find("content=\"0; url=").expect("a refresh") + "content=\"0; url=".len();
    let end = at + r.body[at..].find('"').unwrap();
    r.body[at..end].replace("&amp;", "&")
}

/// Opens a link invitation, goes to the provider and back: the answer of
/// Klankbord's callback.
async fn complete_invitation(app: &TestApp, idp: &mut Idp, b: &mut Browser, path: &str) -> Resp {
    let page = b.get(path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Aanmelden bij de gemeente en koppelen"));
    let away = b.post(path, &[]).await;
    let back = through_provider(app, idp, &provider_address(&away)).await;
    b.get(&back).await
}

/// Links the raadslid (invited by the service on behalf of the griffier).
async fn link_member(w: &World, idp: &mut Idp, sub: &str, amr: &str) -> Browser {
    link_person(w, idp, w.member, "lid@teststad.example", sub, amr).await
}

/// Links `who` to `sub` at the provider; the browser that did it, signed in.
async fn link_person(
    w: &World,
    idp: &mut Idp,
    who: StaffId,
    email: &str,
    sub: &str,
    amr: &str,
) -> Browser {
    let path = invite(w, who, email);
    // A new browser at the provider too (no one signed in there yet).
    idp.web = Browser::new(&idp.url);
    login_as(idp, sub, amr).await;
    let mut b = w.app.browser();
    let r = complete_invitation(&w.app, idp, &mut b, &path).await;
    assert_eq!(r.status, 303, "{}", r.body);
    b
}

/// Starts signing in at the provider from the sign-in page: the address
/// the provider sends the browser back to.
async fn leave_for_provider(w: &World, b: &mut Browser) -> String {
    let page = b.get("/aanmelden").await;
    assert!(
        page.body.contains("Aanmelden via Teststad"),
        "{}",
        page.body
    );
    let r = b.get(&format!("/aanmelden/via/{}", w.m)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.location().unwrap()
}

/// The address with one query parameter changed (an attacker's edit).
fn with_param(address: &str, name: &str, change: impl Fn(&str) -> String) -> String {
    let mut url = url::Url::parse(address).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                change(&v)
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    assert!(pairs.iter().any(|(k, _)| k == name), "{name} in {address}");
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

fn linked(w: &World) -> Vec<bool> {
    w.app
        .svc
        .identity_provider_page(w.clerk, w.m)
        .unwrap()
        .people
        .iter()
        .map(|p| p.linked)
        .collect()
}

async fn a_linked_person_signs_in_at_the_provider_and_lands_on_their_start_page(backend: Backend) {
    let w = world(backend).await;
    let Some(mut idp) = real_provider(&w.app) else {
        return;
    };
    use_provider(&w, &idp);
    // The griffier sends the invitation from their page.
    let mut g = w.app.browser();
    sign_in(&w.app, &mut g, "g@teststad.example", None).await;
    let page = g.get(&format!("/mijn/gemeenten/{}/inlogdienst", w.m)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&idp.url), "{}", page.body);
    let sent = g
        .post(
            &format!(
                "/mijn/gemeenten/{}/inlogdienst/{}/uitnodigen",
                w.m, w.member
            ),
            &[("csrf".into(), page.csrf())],
        )
        .await;
    assert_eq!(sent.status, 303);
    let paths = invitation_paths(&w.app, "lid@teststad.example");
    assert_eq!(paths.len(), 1);
    let path = paths[0].clone();
    assert!(
        !g.get(&sent.location().unwrap()).await.body.contains(&path),
        "the griffier never sees the invitation link"
    );

    login_as(&mut idp, "lid-bij-idp", "pwd,mfa").await;
    let mut b = w.app.browser();
    let r = complete_invitation(&w.app, &mut idp, &mut b, &path).await;
    assert_eq!(r.location().as_deref(), Some("/mijn"), "{}", r.body);
    let home = b.get("/mijn").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Raadslid in Teststad"), "{}", home.body);
    assert!(linked(&w).contains(&true));

    // The invitation works once.
    assert_eq!(w.app.browser().get(&path).await.status, 410);

    // Signing in again: from the sign-in page, through the provider.
    let mut again = w.app.browser();
    let back = leave_for_provider(&w, &mut again).await;
    let back = through_provider(&w.app, &mut idp, &back).await;
    let r = again.get(&back).await;
    assert_eq!(r.location().as_deref(), Some("/mijn"), "{}", r.body);
    assert_eq!(again.get("/mijn").await.status, 200);
}

async fn without_mfa_at_the_provider_klankbords_own_second_factor_follows(backend: Backend) {
    let w = world(backend).await;
    let Some(mut idp) = real_provider(&w.app) else {
        return;
    };
    use_provider(&w, &idp);
    let path = invite(&w, w.member, "lid@teststad.example");
    login_as(&mut idp, "lid-bij-idp", "pwd").await;
    let mut b = w.app.browser();
    let r = complete_invitation(&w.app, &mut idp, &mut b, &path).await;
    assert_eq!(
        r.location().as_deref(),
        Some("/aanmelden/tweede-stap"),
        "{}",
        r.body
    );
    assert_eq!(
        b.get("/mijn").await.location().as_deref(),
        Some("/aanmelden/tweede-stap"),
        "not signed in before the second factor: sent back to it"
    );
    let step = b.get("/aanmelden/tweede-stap").await;
    assert_eq!(step.status, 200);
    enrol(&w.app, &mut b, &step).await;
    assert_eq!(b.get("/mijn").await.status, 200);
}

async fn a_tampered_state_or_a_foreign_browser_is_refused(backend: Backend) {
    let Some((w, mut idp)) = linked_world(backend).await else {
        return;
    };

    let mut b = w.app.browser();
    let away = leave_for_provider(&w, &mut b).await;
    let changed = with_param(&away, "state", |v| format!("{v}x"));
    let back = through_provider(&w.app, &mut idp, &changed).await;
    let r = b.get(&back).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("Aanmelden is niet gelukt"), "{}", r.body);
    assert_eq!(b.get("/mijn").await.status, 303, "not signed in");

    // The right state, but in another browser (no journey cookie).
    let mut b = w.app.browser();
    let away = leave_for_provider(&w, &mut b).await;
    let back = through_provider(&w.app, &mut idp, &away).await;
    let mut other = w.app.browser();
    let r = other.get(&back).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(other.get("/mijn").await.status, 303, "not signed in");
    // The browser that left is let in (the refusals above were not luck).
    let r = b.get(&back).await;
    assert_eq!(r.location().as_deref(), Some("/mijn"), "{}", r.body);
}

async fn a_wrong_nonce_is_refused(backend: Backend) {
    let Some((w, mut idp)) = linked_world(backend).await else {
        return;
    };
    let mut b = w.app.browser();
    let away = leave_for_provider(&w, &mut b).await;
    let changed = with_param(&away, "nonce", |_| "nonce-of-the-attacker".to_owned());
    let back = through_provider(&w.app, &mut idp, &changed).await;
    let r = b.get(&back).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("niet controleren"), "{}", r.body);
    assert_eq!(b.get("/mijn").await.status, 303, "not signed in");
}

async fn an_unknown_subject_is_refused_with_a_clear_page_and_nothing_is_linked(backend: Backend) {
    let w = world(backend).await;
    let Some(mut idp) = real_provider(&w.app) else {
        return;
    };
    use_provider(&w, &idp);
    login_as(&mut idp, "onbekend", "mfa").await;
    let mut b = w.app.browser();
    let away = leave_for_provider(&w, &mut b).await;
    let back = through_provider(&w.app, &mut idp, &away).await;
    let r = b.get(&back).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(
        r.body.contains("Uw account is niet bekend bij Klankbord"),
        "{}",
        r.body
    );
    assert_eq!(b.get("/mijn").await.status, 303, "not signed in");
    assert_eq!(linked(&w), vec![false, false], "nothing linked");
}

async fn an_id_token_for_another_audience_or_from_another_issuer_is_refused(backend: Backend) {
    let w = world(backend).await;
    // The hand-written provider, honest: linking works (so what follows is
    // refused for the claim alone).
    let Some(mut honest) = fake_provider("honest") else {
        return;
    };
    use_provider(&w, &honest);
    let path = invite(&w, w.member, "lid@teststad.example");
    let mut b = w.app.browser();
    let r = complete_invitation(&w.app, &mut honest, &mut b, &path).await;
    assert_eq!(r.location().as_deref(), Some("/mijn"), "{}", r.body);

    for mode in ["wrong-aud", "wrong-iss"] {
        let mut fake = fake_provider(mode).unwrap();
        use_provider(&w, &fake);
        let path = invite(&w, w.member, "lid@teststad.example");
        let mut b = w.app.browser();
        let r = complete_invitation(&w.app, &mut fake, &mut b, &path).await;
        assert_eq!(r.status, 403, "{mode}: {}", r.body);
        assert!(r.body.contains("niet controleren"), "{mode}: {}", r.body);
        assert_eq!(b.get("/mijn").await.status, 303, "{mode}: not signed in");
        assert!(
            !linked(&w).contains(&true),
            "{mode}: nothing linked at this issuer"
        );
    }
}

/// Before signing the verslag, a linked voorzitter confirms at the provider
/// instead of typing a code: a fresh sign-in there (`prompt=login`), with a
/// second factor, by the voorzitter themself.
async fn a_linked_signer_confirms_at_the_provider_and_signs_the_verslag(backend: Backend) {
    let w = world(backend).await;
    let Some(mut idp) = real_provider(&w.app) else {
        return;
    };
    use_provider(&w, &idp);
    w.app.advance(28 * DAY);
    let chair = person(&w.app, "vz@teststad.example", Some((w.m, Role::Chair)));
    person(&w.app, "bm@teststad.example", Some((w.m, Role::Mayor)));
    let _ = link_member(&w, &mut idp, "lid-bij-idp", "mfa").await;
    let mut vz = link_person(
        &w,
        &mut idp,
        chair,
        "vz@teststad.example",
        "vz-bij-idp",
        "pwd,mfa",
    )
    .await;
    let round = w.round;
    w.app.svc.start_verslag(w.clerk, round).unwrap();
    w.app.svc.share_verslag_concept(w.clerk, round).unwrap();
    w.app.svc.make_verslag_definitive(w.clerk, round).unwrap();
    // The sign-in's factor is stale now: a code or a confirmation is needed.
    w.app.advance(6 * 60);
    let sign = format!("/mijn/rondes/{round}/verslag/ondertekenen");
    let page = vz.get(&sign).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("Bevestigen via de inlogdienst van Teststad"),
        "{}",
        page.body
    );
    let hash = form_value(&page.body, "kenmerk");
    let r = vz.post(&sign, &form(&page, &[("kenmerk", &hash)])).await;
    assert_eq!(r.status, 422, "no code, no confirmation: {}", r.body);

    // Attempts that are refused, each through the provider and back:
    // without a second factor (the provider's own session had one: the
    // fresh sign-in is what counts), and as another linked person.
    for (sub, amr) in [("vz-bij-idp", "pwd"), ("lid-bij-idp", "mfa")] {
        idp.web = Browser::new(&idp.url);
        login_as(&mut idp, sub, amr).await;
        let away = vz
            .post(&format!("{sign}/inlogdienst"), &form(&page, &[]))
            .await;
        let to = provider_address(&away);
        assert!(
            to.contains("prompt=login") && to.contains("max_age=0"),
            "{to}"
        );
        let back = through_provider(&w.app, &mut idp, &to).await;
        let r = vz.get(&back).await;
        assert_eq!(r.status, 403, "{sub} {amr}: {}", r.body);
        assert!(r.body.contains("Bevestigen is niet gelukt"), "{}", r.body);
        let r = vz.post(&sign, &form(&page, &[("kenmerk", &hash)])).await;
        assert_eq!(r.status, 422, "{sub} {amr}: still not signed");
    }
    // Another browser cannot finish the voorzitter's confirmation.
    idp.web = Browser::new(&idp.url);
    login_as(&mut idp, "vz-bij-idp", "mfa").await;
    let away = vz
        .post(&format!("{sign}/inlogdienst"), &form(&page, &[]))
        .await;
    let back = through_provider(&w.app, &mut idp, &provider_address(&away)).await;
    let mut other = w.app.browser();
    assert_eq!(other.get(&back).await.status, 400);

    // The voorzitter, fresh and with a second factor: back on the page,
    // and signing needs no code.
    login_as(&mut idp, "vz-bij-idp", "pwd,mfa").await;
    let away = vz
        .post(&format!("{sign}/inlogdienst"), &form(&page, &[]))
        .await;
    let back = through_provider(&w.app, &mut idp, &provider_address(&away)).await;
    let r = vz.get(&back).await;
    assert_eq!(r.location().as_deref(), Some(sign.as_str()), "{}", r.body);
    let page = vz.get(&sign).await;
    assert!(page.body.contains("U bevestigde zojuist"), "{}", page.body);
    let r = vz.post(&sign, &form(&page, &[("kenmerk", &hash)])).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        vz.get(&sign)
            .await
            .body
            .contains("U heeft deze versie ondertekend")
    );
}

both_backends!(
    a_linked_signer_confirms_at_the_provider_and_signs_the_verslag,
    a_linked_person_signs_in_at_the_provider_and_lands_on_their_start_page,
    without_mfa_at_the_provider_klankbords_own_second_factor_follows,
    a_tampered_state_or_a_foreign_browser_is_refused,
    a_wrong_nonce_is_refused,
    an_unknown_subject_is_refused_with_a_clear_page_and_nothing_is_linked,
    an_id_token_for_another_audience_or_from_another_issuer_is_refused,
);

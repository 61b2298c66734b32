//! Setting up without the CLI: the platform admin creates a municipality
//! with its griffier, the griffier gives people their roles, and adds
//! referenten one by one or from a file.

use crate::both_backends;
use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, setup_round, spawn_app};
use crate::support::*;
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::RoundId;
use klankbord::domain::staff::Role;
use klankbord::domain::text::PersonName;

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn one(app: &TestApp, sql: &str) -> String {
    app.db.query(sql).into_iter().next().unwrap_or_default()
}

async fn a_platform_admin_creates_a_municipality_and_its_griffier_but_sees_no_round(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    app.svc
        .create_staff(
            System::Cli,
            &EmailAddress::parse("beheer@hoster.example").unwrap(),
            &PersonName::parse("Bea Beheer").unwrap(),
            true,
        )
        .unwrap();
    let mut nobody = app.browser();
    let r = nobody.get("/beheer").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location().as_deref(), Some("/aanmelden"));

    let mut admin = app.browser();
    sign_in(&app, &mut admin, "beheer@hoster.example", None).await;
    let home = admin.get("/mijn").await;
    assert!(home.body.contains(r#"href="/beheer""#), "{}", home.body);
    let page = admin.get("/beheer").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Teststad") && page.body.contains("griffie@teststad.example"));
    assert!(
        !page.body.contains("Bert Burgemeester"),
        "nothing of a round's content"
    );

    let empty = admin
        .post(
            "/beheer/gemeenten",
            &fields(&[("csrf", &page.csrf()), ("naam", "Nieuwstad")]),
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(
        empty
            .body
            .contains("Naam van de griffier: Dit veld is verplicht.")
    );
    assert!(
        empty.body.contains(r#"value="Nieuwstad""#),
        "what was typed is kept"
    );
    let forged = admin
        .post(
            "/beheer/gemeenten",
            &fields(&[
                ("csrf", &"0".repeat(64)),
                ("naam", "Nieuwstad"),
                ("griffier_naam", "Nina Griffier"),
                ("griffier_email", "griffie@nieuwstad.example"),
            ]),
        )
        .await;
    assert_eq!(forged.status, 403);
    let new = fields(&[
        ("csrf", &page.csrf()),
        ("naam", "Nieuwstad"),
        ("griffier_naam", "Nina Griffier"),
        ("griffier_email", "griffie@nieuwstad.example"),
    ]);
    let created = admin.post("/beheer/gemeenten", &new).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let page = admin.get(&created.location().unwrap()).await;
    assert!(page.body.contains("De gemeente is aangemaakt") && page.body.contains("Nina Griffier"));
    let again = admin.post("/beheer/gemeenten", &new).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("De gemeente Nieuwstad bestaat al."));
    assert_eq!(
        one(
            &app,
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM municipalities"
        ),
        "2"
    );

    for path in [
        format!("/mijn/rondes/{round}"),
        format!("/mijn/rondes/{round}/uitkomsten"),
        format!("/mijn/rondes/{round}/referenten"),
    ] {
        assert_eq!(admin.get(&path).await.status, 404, "{path}");
    }
    app.svc.close_round(System::Cli, round).unwrap();
    assert_eq!(
        admin
            .get(&format!("/mijn/rondes/{round}/uitkomsten"))
            .await
            .status,
        404,
        "no results either"
    );

    let mut clerk = app.browser();
    sign_in(&app, &mut clerk, "griffie@nieuwstad.example", None).await;
    let home = clerk.get("/mijn").await;
    assert!(home.body.contains("Griffier in Nieuwstad"), "{}", home.body);
    assert!(!home.body.contains("Teststad"));
    assert_eq!(clerk.get("/beheer").await.status, 404);
    let csrf = home.csrf();
    assert_eq!(
        clerk
            .post(
                "/beheer/gemeenten",
                &fields(&[("csrf", &csrf), ("naam", "Derdestad")])
            )
            .await
            .status,
        404
    );
    let m = app.svc.find_municipality("Nieuwstad").unwrap();
    let log = clerk.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert!(log.body.contains("gemeente aangemaakt") && log.body.contains("Bea Beheer"));
    assert!(log.body.contains("rol toegekend"));
}

both_backends!(a_platform_admin_creates_a_municipality_and_its_griffier_but_sees_no_round);

fn staff_id(app: &TestApp, email: &str) -> String {
    one(
        app,
        &format!("SELECT id AS v FROM staff WHERE email = '{email}'"),
    )
}

async fn the_griffier_gives_roles_and_a_role_taken_back_ends_access_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let m = municipality_of(&app, round);
    person(&app, "g@teststad.example", Some((m, Role::Clerk)));
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    let home = g.get("/mijn").await;
    let path = format!("/mijn/gemeenten/{m}/mensen");
    assert!(home.body.contains(&path));
    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("uw eigen rol"));
    let csrf = page.csrf();

    let grant = format!("{path}/toevoegen");
    let no_role = g
        .post(
            &grant,
            &fields(&[
                ("csrf", &csrf),
                ("naam", "Vera Voorzitter"),
                ("email", "vz@teststad.example"),
            ]),
        )
        .await;
    assert_eq!(no_role.status, 422);
    assert!(
        no_role.body.contains("Rol: kies een rol.")
            && no_role.body.contains(r#"value="Vera Voorzitter""#)
    );
    let add = |name: &str, email: &str, role: &str| {
        fields(&[
            ("csrf", &csrf),
            ("naam", name),
            ("email", email),
            ("rol", role),
        ])
    };
    let r = g
        .post(
            &grant,
            &add("Vera Voorzitter", "vz@teststad.example", "voorzitter"),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let twice = g
        .post(
            &grant,
            &add("Vera Voorzitter", "vz@teststad.example", "voorzitter"),
        )
        .await;
    assert_eq!(twice.status, 422);
    assert!(
        twice
            .body
            .contains("heeft de rol voorzitter klankbordcommissie al")
    );
    let r = g
        .post(
            &grant,
            &add("Nico Nieuw", "nb@teststad.example", "burgemeester"),
        )
        .await;
    assert_eq!(r.status, 303);
    let r = g
        .post(
            &grant,
            &add("Bert Burgemeester", "bm@teststad.example", "burgemeester"),
        )
        .await;
    assert_eq!(r.status, 303);
    let mayors = app.db.query("SELECT email AS v FROM mayors ORDER BY email");
    assert_eq!(
        mayors,
        ["bm@teststad.example", "nb@teststad.example"],
        "a new burgemeester is registered once; a known one is not doubled"
    );
    let page = g.get(&path).await;
    assert!(page.body.contains("Vera Voorzitter") && page.body.contains("Nico Nieuw"));

    let mut chair = app.browser();
    sign_in(&app, &mut chair, "vz@teststad.example", None).await;
    assert_eq!(
        chair.get(&path).await.status,
        404,
        "the people page is the griffier's"
    );
    app.svc.close_round(System::Cli, round).unwrap();
    let results = format!("/mijn/rondes/{round}/uitkomsten");
    assert_eq!(chair.get(&results).await.status, 200);

    let vz = staff_id(&app, "vz@teststad.example");
    let revoke = |who: &str, role: &str| format!("{path}/{who}/{role}/intrekken");
    let r = g
        .post(&revoke(&vz, "voorzitter"), &fields(&[("csrf", &csrf)]))
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(chair.get(&results).await.status, 404, "access ends at once");
    assert!(!chair.get("/mijn").await.body.contains(&round.to_string()));

    let me = staff_id(&app, "g@teststad.example");
    let own = g
        .post(&revoke(&me, "griffier"), &fields(&[("csrf", &csrf)]))
        .await;
    assert_eq!(own.status, 409);
    assert!(
        own.body
            .contains("uw eigen rol als griffier niet intrekken")
    );
    assert_eq!(g.get(&path).await.status, 200, "still the griffier");
    let log = g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert!(log.body.contains("rol toegekend") && log.body.contains("rol ingetrokken"));
    assert!(
        log.body
            .contains("Voorzitter klankbordcommissie: Vera Voorzitter")
    );
}

both_backends!(the_griffier_gives_roles_and_a_role_taken_back_ends_access_at_once);

fn stored(app: &TestApp) -> Vec<String> {
    app.db
        .query("SELECT email AS v FROM raters UNION ALL SELECT status AS v FROM invitations")
}

async fn clerk_on_raters(backend: Backend) -> (TestApp, Browser, RoundId, String, Resp) {
    let (app, mut g, round) = clerk_of_a_round(backend).await;
    let path = format!("/mijn/rondes/{round}/referenten");
    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    (app, g, round, path, page)
}

async fn a_single_referent_is_added_by_form_with_errors_per_field(backend: Backend) {
    let (app, mut g, _, path, page) = clerk_on_raters(backend).await;
    assert!(page.body.contains(r#"<legend>Groep</legend>"#));
    let csrf = page.csrf();
    let add = |name: &str, email: &str, group: &str| {
        fields(&[
            ("csrf", &csrf),
            ("naam", name),
            ("email", email),
            ("groep", group),
        ])
    };
    let bad = g
        .post(&format!("{path}/toevoegen"), &add("", "geen-adres", ""))
        .await;
    assert_eq!(bad.status, 422);
    for (id, text) in [
        ("referent-naam", "Naam: "),
        ("referent-email", "E-mailadres: "),
        ("referent-groep-0", "Groep: kies een groep"),
    ] {
        assert!(
            bad.body.contains(&format!(r##"href="#{id}">{text}"##)),
            "{id} in {}",
            bad.body
        );
    }
    assert!(
        bad.body.contains(r#"value="geen-adres""#),
        "what was typed is kept"
    );
    assert!(stored(&app).is_empty(), "nothing stored");

    let r = g
        .post(
            &format!("{path}/toevoegen"),
            &add("Anna de Vries", "anna@x.example", "college"),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let list = g.get(&r.location().unwrap()).await;
    assert!(
        list.body.contains("De referent is toegevoegd") && list.body.contains("anna@x.example")
    );
    assert_eq!(stored(&app).len(), 2, "one rater with one invitation");
    let again = g
        .post(
            &format!("{path}/toevoegen"),
            &add("Anna", "Anna@x.example", "gemeenteraad"),
        )
        .await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("staat al in deze ronde"));
    assert_eq!(stored(&app).len(), 2);
}

both_backends!(a_single_referent_is_added_by_form_with_errors_per_field);

async fn an_uploaded_file_is_previewed_then_imported_and_a_bad_or_large_one_changes_nothing(
    backend: Backend,
) {
    let (app, mut g, _, path, page) = clerk_on_raters(backend).await;
    assert!(page.body.contains(r#"enctype="multipart/form-data""#) && page.body.contains("1 MB"));
    let csrf = page.csrf();
    let upload = format!("{path}/bestand");
    let bad = b"naam;email;groep\nAnna;a@x.example;gemeenteraad\nBram;geen-adres;college\n";
    let r = g
        .post_multipart(
            &upload,
            &[("csrf", &csrf)],
            &[("bestand", "lijst.csv", bad)],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("Regel 3") && !r.body.contains("Regel 2"),
        "{}",
        r.body
    );
    assert!(stored(&app).is_empty(), "a bad file stores nothing");

    // A form of many (empty) parts is refused before anything is read into memory.
    let many: Vec<(&str, &str)> = std::iter::once(("csrf", csrf.as_str()))
        .chain(std::iter::repeat_n(("extra", ""), 20))
        .collect();
    let r = g
        .post_multipart(&upload, &many, &[("bestand", "lijst.csv", bad)])
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(stored(&app).is_empty());

    let good = b"naam;email;groep\nAnna;a@x.example;gemeenteraad\nBram;b@x.example;college\n";
    let forged = g
        .post_multipart(
            &upload,
            &[("csrf", &"0".repeat(64))],
            &[("bestand", "lijst.csv", good)],
        )
        .await;
    assert_eq!(
        forged.status, 403,
        "the CSRF field of the upload is checked"
    );
    let r = g
        .post_multipart(
            &upload,
            &[("csrf", &csrf)],
            &[("bestand", "lijst.csv", good)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Controleer de lijst") && r.body.contains("b@x.example"));
    assert!(
        r.body.contains("Bram;b@x.example;college"),
        "the file's text is in the list"
    );
    assert!(stored(&app).is_empty(), "a preview stores nothing");
    let text = String::from_utf8(good.to_vec()).unwrap();
    let r = g
        .post(
            &format!("{path}/importeren"),
            &fields(&[("csrf", &r.csrf()), ("lijst", &text)]),
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(
        g.get(&r.location().unwrap())
            .await
            .body
            .contains("2 referenten toegevoegd")
    );
    assert_eq!(stored(&app).len(), 4);

    let mut large = b"naam,email,groep\n".to_vec();
    while large.len() <= 1024 * 1024 {
        large.extend_from_slice(b"Iemand,iemand@x.example,college\n");
    }
    let r = g
        .post_multipart(
            &upload,
            &[("csrf", &csrf)],
            &[("bestand", "groot.csv", &large)],
        )
        .await;
    assert_eq!(r.status, 413);
    assert!(r.body.contains("Het bestand is te groot"), "{}", r.body);
    assert_eq!(stored(&app).len(), 4, "nothing changed");
}

both_backends!(an_uploaded_file_is_previewed_then_imported_and_a_bad_or_large_one_changes_nothing);

async fn a_file_larger_than_an_ordinary_form_goes_through_preview_and_import(backend: Backend) {
    let (app, mut g, _, path, page) = clerk_on_raters(backend).await;
    let mut file = String::from("naam,email,groep\n");
    for n in 0..8000 {
        file.push_str(&format!(
            "Referent {n},referent.{n}@x.example,externe-partners\n"
        ));
    }
    assert!(file.len() > 256 * 1024);
    let r = g
        .post_multipart(
            &format!("{path}/bestand"),
            &[("csrf", &page.csrf())],
            &[("bestand", "veel.csv", file.as_bytes())],
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Deze 8000 referenten worden toegevoegd"));
    let r = g
        .post(
            &format!("{path}/importeren"),
            &fields(&[("csrf", &r.csrf()), ("lijst", &file)]),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        one(&app, "SELECT CAST(COUNT(*) AS TEXT) AS v FROM raters"),
        "8000"
    );
}

both_backends!(a_file_larger_than_an_ordinary_form_goes_through_preview_and_import);

//! The griffier composes the questionnaire of a round; the griffier, the
//! delegation and the burgemeester preview it per group.

use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, invite, setup_round, spawn_app};
use crate::support::*;
use crate::{both_backends, common, common::mail};
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{RoundId, StaffId};
use klankbord::domain::staff::Role;
use klankbord::domain::text::{PersonName, PlaceName};
use klankbord::service::questionnaire_edit::ComposedQuestionnaire;
use klankbord::service::setup::NewMunicipality;

const FRACTIES: &str =
    "De burgemeester leidt raadsvergaderingen zo dat alle fracties aan het woord komen.";
const REGELS: &str = "De burgemeester houdt zich zelf aan de regels die voor bestuurders gelden.";
const COLLEGE_THEME: &str = "Voorzitter van het college";

struct Setup {
    app: TestApp,
    round: RoundId,
    clerk: StaffId,
    g: Browser,
}

/// A round in preparation and its griffier, signed in.
async fn signed_in_clerk(backend: Backend) -> Setup {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let clerk = person(
        &app,
        "g@teststad.example",
        Some((municipality_of(&app, round), Role::Clerk)),
    );
    let mut g = app.browser();
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    Setup {
        app,
        round,
        clerk,
        g,
    }
}

impl Setup {
    fn path(&self) -> String {
        format!("/mijn/rondes/{}/vragenlijst", self.round)
    }

    fn stored(&self) -> ComposedQuestionnaire {
        self.app
            .svc
            .composed_questionnaire(self.clerk, self.round)
            .unwrap()
    }

    /// The id of the item with this text.
    fn item(&self, text: &str) -> String {
        self.stored()
            .themes
            .iter()
            .flat_map(|t| t.items.iter())
            .find(|i| i.item.text == text)
            .unwrap_or_else(|| panic!("no item {text:?}"))
            .item
            .id
            .to_string()
    }

    fn texts(&self) -> Vec<String> {
        self.stored()
            .themes
            .iter()
            .flat_map(|t| t.items.iter().map(|i| i.item.text.clone()))
            .collect()
    }

    /// Posts one change to `{path}/{action}` with a fresh CSRF token from the page.
    async fn change(&mut self, action: &str, fields: &[(&str, &str)]) -> Resp {
        let path = self.path();
        let page = self.g.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.body);
        let mut form = vec![("csrf".to_owned(), page.csrf())];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self.g.post(&format!("{path}/{action}"), &form).await
    }

    async fn preview(&mut self, group: &str) -> Resp {
        let path = format!("{}/voorbeeld/{group}", self.path());
        self.g.get(&path).await
    }
}

async fn the_griffier_takes_items_out_and_the_referent_no_longer_gets_them(backend: Backend) {
    let mut s = signed_in_clerk(backend).await;
    let round_page = s.g.get(&format!("/mijn/rondes/{}", s.round)).await;
    assert!(round_page.body.contains(&s.path()), "linked from the round");
    let page = s.g.get(&s.path()).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(FRACTIES) && page.body.contains("bron: vragenbank"));
    assert!(page.body.contains("<legend>") && page.body.contains("type=\"checkbox\""));

    let fracties = s.item(FRACTIES);
    let r = s.change(&format!("vragen/{fracties}/weghalen"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        r.location()
            .is_some_and(|l| l.ends_with("/vragenlijst?melding=vraag-weggehaald"))
    );
    let page = s.g.get(&r.location().unwrap()).await;
    assert!(
        page.body
            .contains("De vraag is uit de vragenlijst gehaald.")
    );
    let unknown = s.change("vragen/geen-vraag/weghalen", &[]).await;
    assert_eq!(unknown.status, 404, "a malformed id in the path");
    // Every item of one theme: the theme disappears for referenten.
    let college: Vec<String> = s
        .stored()
        .themes
        .iter()
        .find(|t| t.title == COLLEGE_THEME)
        .unwrap()
        .items
        .iter()
        .map(|i| i.item.id.to_string())
        .collect();
    assert_eq!(college.len(), 5);
    for id in &college {
        assert_eq!(
            s.change(&format!("vragen/{id}/weghalen"), &[]).await.status,
            303
        );
    }
    // Out and back in again (from the bank's list of missing items).
    let regels = s.item(REGELS);
    s.change(&format!("vragen/{regels}/weghalen"), &[]).await;
    let page = s.g.get(&s.path()).await;
    assert!(page.body.contains("Vragen uit de vragenbank terugzetten"));
    assert!(
        page.body
            .contains("/vragenlijst/vragenbank/integriteit-voorbeeld/terugzetten\"")
    );
    assert!(page.body.contains("Dit thema heeft geen vragen meer"));
    let r = s
        .change("vragenbank/integriteit-voorbeeld/terugzetten", &[])
        .await;
    assert_eq!(r.status, 303);
    assert!(s.texts().contains(&REGELS.to_owned()));
    assert!(!s.texts().contains(&FRACTIES.to_owned()));

    invite(
        &s.app,
        s.round,
        &[
            ("Raad", "raad@x.example", "gemeenteraad"),
            ("Wethouder", "weth@x.example", "college"),
        ],
    );
    let mails = mail::outbox(&s.app.outbox);
    let mut raad = s.app.browser();
    let form =
        common::respond::open_form(&mut raad, &mail::link_for(&mails, "raad@x.example")).await;
    assert!(!form.body.contains(FRACTIES), "taken out");
    assert!(form.body.contains(REGELS), "put back");
    let mut weth = s.app.browser();
    let form =
        common::respond::open_form(&mut weth, &mail::link_for(&mails, "weth@x.example")).await;
    assert!(
        !form.body.contains(COLLEGE_THEME),
        "a theme without items is not shown"
    );
    assert!(form.body.contains("Voorzitter van de raad"));

    let m = municipality_of(&s.app, s.round);
    let log = s.g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert!(log.body.contains("vragenlijst gewijzigd"));
    assert!(
        log.body
            .contains("stelling weggehaald: Voorzitter van de raad")
    );
    assert!(log.body.contains("stelling teruggezet: Integriteit"));
    assert!(!log.body.contains(FRACTIES), "no wording in the log");
}

both_backends!(the_griffier_takes_items_out_and_the_referent_no_longer_gets_them);

async fn new_wording_shows_in_the_preview_and_too_long_wording_changes_nothing(backend: Backend) {
    let mut s = signed_in_clerk(backend).await;
    let id = s.item(FRACTIES);
    let new = "De burgemeester geeft elke fractie ruimte in het debat.";
    let r = s
        .change(&format!("vragen/{id}/tekst"), &[("tekst", new)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let preview = s.preview("gemeenteraad").await;
    assert_eq!(preview.status, 200);
    assert!(
        preview
            .body
            .contains("Voorbeeld: zo ziet de groep Gemeenteraad de vragenlijst")
    );
    assert!(preview.body.contains(new) && !preview.body.contains(FRACTIES));
    // The same form a referent gets, but nothing to send and no token.
    assert!(preview.body.contains("Uw ervaringen met burgemeester"));
    assert!(preview.body.contains("type=\"radio\""));
    assert!(!preview.body.contains("name=\"csrf\""));
    assert!(!preview.body.contains("action=\"/vragenlijst"));
    assert!(!preview.body.contains("href=\"/vragenlijst"));
    assert!(!preview.body.contains("type=\"submit\""));
    assert!(!preview.body.contains("/r/"));
    let safety = s.preview("veiligheidspartners").await;
    assert!(!safety.body.contains(new), "not targeted at this group");

    let long = "x".repeat(301);
    let r = s
        .change(&format!("vragen/{id}/tekst"), &[("tekst", &long)])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("error-summary") && r.body.contains("maximaal 300 tekens"));
    assert!(r.body.contains(&long), "what was typed is kept");
    assert!(s.texts().contains(&new.to_owned()));
    let r = s
        .change(&format!("vragen/{id}/tekst"), &[("tekst", "  ")])
        .await;
    assert_eq!(r.status, 422);
    assert!(s.texts().contains(&new.to_owned()));

    let m = municipality_of(&s.app, s.round);
    let log = s.g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert!(
        log.body
            .contains("stelling aangepast: Voorzitter van de raad")
    );
    assert!(!log.body.contains(new), "no wording in the log");
}

both_backends!(new_wording_shows_in_the_preview_and_too_long_wording_changes_nothing);

async fn competencies_of_the_profielschets_reach_the_groups_they_are_targeted_at(backend: Backend) {
    let mut s = signed_in_clerk(backend).await;
    let (one, two) = (
        "De burgemeester verbindt inwoners en organisaties.",
        "De burgemeester treedt op als het nodig is.",
    );
    let list = format!("{one}\n\n{two}\n");
    let checked = s
        .change("profielschets/controleren", &[("lijst", &list)])
        .await;
    assert_eq!(checked.status, 200);
    assert!(
        checked.body.contains("Deze 2 stellingen")
            && checked.body.contains("Deze stellingen toevoegen")
    );
    assert!(
        !s.texts().contains(&one.to_owned()),
        "checking stores nothing"
    );
    let r = s.change("profielschets", &[("lijst", &list)]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = s.g.get(&s.path()).await;
    assert!(
        page.body.contains("<h2>Profielschets</h2>") && page.body.contains("bron: profielschets")
    );
    for group in ["gemeenteraad", "veiligheidspartners"] {
        let p = s.preview(group).await;
        assert!(p.body.contains(one) && p.body.contains(two), "{group}");
    }

    let id = s.item(two);
    let none = s.change(&format!("vragen/{id}/groepen"), &[]).await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("Kies minstens één groep"));
    assert!(
        s.preview("veiligheidspartners").await.body.contains(two),
        "unchanged"
    );
    let r = s
        .change(
            &format!("vragen/{id}/groepen"),
            &[("groep", "gemeenteraad")],
        )
        .await;
    assert_eq!(r.status, 303);
    // Repeated `groep` fields: every checked box counts.
    let r = s
        .change(
            &format!("vragen/{id}/groepen"),
            &[("groep", "gemeenteraad"), ("groep", "college")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(s.preview("college").await.body.contains(two));
    let r = s
        .change(
            &format!("vragen/{id}/groepen"),
            &[("groep", "gemeenteraad")],
        )
        .await;
    assert_eq!(r.status, 303);
    let council = s.preview("gemeenteraad").await;
    assert!(council.body.contains(one) && council.body.contains(two));
    let safety = s.preview("veiligheidspartners").await;
    assert!(safety.body.contains(one) && !safety.body.contains(two));
    // The self-assessment still gets every item.
    let own = s.app.svc.self_questionnaire(System::Cli, s.round).unwrap();
    assert!(own.items().any(|i| i.text == two));

    // Own items, each with its own key.
    let theme = s
        .stored()
        .themes
        .iter()
        .find(|t| t.title == "Voorzitter van de raad")
        .unwrap()
        .id
        .to_string();
    for (kind, text) in [
        (
            "stelling",
            "De burgemeester bereidt de raadsvergadering goed voor.",
        ),
        (
            "open",
            "Wat zou de burgemeester in de raad anders kunnen doen?",
        ),
    ] {
        let r = s
            .change(
                &format!("thema/{theme}/vragen"),
                &[("soort", kind), ("tekst", text)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert!(s.preview("college").await.body.contains(text));
    }
    assert!(s.g.get(&s.path()).await.body.contains("bron: eigen"));
    let m = municipality_of(&s.app, s.round);
    let log = s.g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert!(
        log.body
            .contains("2 stellingen uit de profielschets toegevoegd")
    );
    assert!(log.body.contains("groepen aangepast: Profielschets"));
    assert!(
        log.body
            .contains("eigen open vraag toegevoegd: Voorzitter van de raad")
    );
}

both_backends!(competencies_of_the_profielschets_reach_the_groups_they_are_targeted_at);

async fn a_bad_profielschets_line_changes_nothing_and_names_the_line(backend: Backend) {
    let mut s = signed_in_clerk(backend).await;
    let before = s.texts();
    let list = format!("De burgemeester verbindt.\n{}\n", "y".repeat(301));
    for step in ["profielschets/controleren", "profielschets"] {
        let r = s.change(step, &[("lijst", &list)]).await;
        assert_eq!(r.status, 422, "{step}");
        assert!(
            r.body.contains("Regel 2:") && !r.body.contains("Regel 1:"),
            "{step}"
        );
        assert!(r.body.contains("href=\"#profielschets\""));
        assert!(r.body.contains(&"y".repeat(301)), "what was typed is kept");
        assert!(!r.body.contains("Deze stellingen toevoegen"));
    }
    let too_many = vec!["De burgemeester luistert."; 21].join("\n");
    let r = s.change("profielschets", &[("lijst", &too_many)]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Regel 21:"));
    assert_eq!(s.texts(), before);
    assert!(!s.stored().themes.iter().any(|t| t.title == "Profielschets"));
}

both_backends!(a_bad_profielschets_line_changes_nothing_and_names_the_line);

/// Where `text` first stands in `body` (panics when it is not there).
fn at(body: &str, text: &str) -> usize {
    body.find(text)
        .unwrap_or_else(|| panic!("{text:?} not on the page"))
}

async fn the_griffier_puts_items_and_themes_in_order_and_referenten_get_that_order(
    backend: Backend,
) {
    let mut s = signed_in_clerk(backend).await;
    let raad_theme = |s: &Setup| {
        s.stored()
            .themes
            .into_iter()
            .find(|t| t.title == "Voorzitter van de raad")
            .unwrap()
    };
    let before: Vec<String> = raad_theme(&s)
        .items
        .iter()
        .map(|i| i.item.text.clone())
        .collect();
    assert_eq!(before[0], FRACTIES);
    let (first, second) = (s.item(&before[0]), s.item(&before[1]));
    // The first item can go down only; the last theme up only.
    let page = s.g.get(&s.path()).await;
    assert!(!page.body.contains(&format!("/vragen/{first}/omhoog\"")));
    assert!(page.body.contains(&format!("/vragen/{first}/omlaag\"")));
    assert!(page.body.contains(&format!("/vragen/{second}/omhoog\"")));
    assert!(
        page.body
            .contains("Omhoog<span class=\"visually-hidden\">: vraag 2</span>")
    );
    assert!(
        !page.body.contains("<strong>1. "),
        "one numbering only: the list's own"
    );

    let r = s.change(&format!("vragen/{second}/omhoog"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        r.location()
            .is_some_and(|l| l.ends_with(&format!("?melding=vraag-verplaatst#vraag-{second}"))),
        "{:?}",
        r.location()
    );
    let page =
        s.g.get(&format!("{}?melding=vraag-verplaatst", s.path()))
            .await;
    assert!(page.body.contains("De vraag is verplaatst."));
    assert!(page.body.contains(&format!("id=\"vraag-{second}\"")));
    let after: Vec<String> = raad_theme(&s)
        .items
        .iter()
        .map(|i| i.item.text.clone())
        .collect();
    assert_eq!(after[0], before[1]);
    assert_eq!(after[1], before[0]);
    assert_eq!(after[2..], before[2..], "the rest stays");
    // Already first: nothing to do (a stale page), and nothing changes.
    let r = s.change(&format!("vragen/{second}/omhoog"), &[]).await;
    assert_eq!(r.status, 409);
    assert!(
        r.body
            .contains("Deze vraag staat al bovenaan in haar thema."),
        "{}",
        r.body
    );
    // Down again and back: the order a griffier sees is the order stored.
    let r = s.change(&format!("vragen/{first}/omlaag"), &[]).await;
    assert_eq!(r.status, 303);
    let r = s.change(&format!("vragen/{first}/omhoog"), &[]).await;
    assert_eq!(r.status, 303);
    assert_eq!(
        raad_theme(&s).items[1].item.text,
        before[0],
        "back in second place"
    );

    // The college's theme before the raad's.
    let college = s
        .stored()
        .themes
        .iter()
        .find(|t| t.title == COLLEGE_THEME)
        .unwrap()
        .id
        .to_string();
    let r = s.change(&format!("thema/{college}/omhoog"), &[]).await;
    assert_eq!(r.status, 303);
    assert!(
        r.location()
            .is_some_and(|l| l.ends_with(&format!("?melding=thema-verplaatst#thema-{college}")))
    );
    assert_eq!(s.stored().themes[0].title, COLLEGE_THEME);
    let r = s.change(&format!("thema/{college}/omhoog"), &[]).await;
    assert_eq!(r.status, 409, "already first");

    // Without the form's token nothing moves.
    let path = s.path();
    let forged =
        s.g.post(
            &format!("{path}/vragen/{first}/omlaag"),
            &[("csrf".to_owned(), "vervalst".to_owned())],
        )
        .await;
    assert_eq!(forged.status, 403);
    let forged =
        s.g.post(&format!("{path}/thema/{college}/omlaag"), &[])
            .await;
    assert_eq!(forged.status, 403);
    assert_eq!(s.stored().themes[0].title, COLLEGE_THEME);
    assert_eq!(raad_theme(&s).items[0].item.text, before[1]);

    // The preview, the self-assessment and the referent's form follow.
    let preview = s.preview("college").await;
    assert!(at(&preview.body, COLLEGE_THEME) < at(&preview.body, "Voorzitter van de raad"));
    assert!(at(&preview.body, &before[1]) < at(&preview.body, FRACTIES));
    let own = s.app.svc.self_questionnaire(System::Cli, s.round).unwrap();
    assert_eq!(own.themes[0].title, COLLEGE_THEME);
    invite(
        &s.app,
        s.round,
        &[("Wethouder", "weth@x.example", "college")],
    );
    let mails = mail::outbox(&s.app.outbox);
    let mut weth = s.app.browser();
    let form =
        common::respond::open_form(&mut weth, &mail::link_for(&mails, "weth@x.example")).await;
    assert!(at(&form.body, COLLEGE_THEME) < at(&form.body, "Voorzitter van de raad"));
    assert!(at(&form.body, &before[1]) < at(&form.body, FRACTIES));

    // In the audit log as changes of the questionnaire, with what moved.
    let m = municipality_of(&s.app, s.round);
    let log = s.g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert!(
        log.body
            .contains("stelling verplaatst (omhoog): Voorzitter van de raad"),
        "{}",
        log.body
    );
    assert!(
        log.body
            .contains("stelling verplaatst (omlaag): Voorzitter van de raad")
    );
    assert!(
        log.body
            .contains("thema verplaatst (omhoog): Voorzitter van het college")
    );
    assert!(!log.body.contains(FRACTIES), "no wording in the log");
}

both_backends!(the_griffier_puts_items_and_themes_in_order_and_referenten_get_that_order);

async fn after_the_first_invitation_the_questionnaire_is_fixed(backend: Backend) {
    let mut s = signed_in_clerk(backend).await;
    let id = s.item(FRACTIES);
    let theme = s.stored().themes[1].id;
    let csrf = s.g.get(&s.path()).await.csrf();
    invite(
        &s.app,
        s.round,
        &[("Raad", "raad@x.example", "gemeenteraad")],
    );
    let before = s.texts();
    let page = s.g.get(&s.path()).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ligt vast") && page.body.contains(FRACTIES));
    assert!(
        !page.body.contains("Uit de vragenlijst halen")
            && !page.body.contains("Omhoog")
            && !page
                .body
                .contains("<form method=\"post\" action=\"/mijn/rondes")
    );
    let path = s.path();
    let item = |action: &str| format!("vragen/{id}/{action}");
    for (action, fields) in [
        (item("weghalen"), vec![]),
        (item("tekst"), vec![("tekst", "Nieuw")]),
        (item("groepen"), vec![("groep", "college")]),
        (
            "profielschets".to_owned(),
            vec![("lijst", "De burgemeester verbindt.")],
        ),
        (
            "profielschets/controleren".to_owned(),
            vec![("lijst", "De burgemeester verbindt.")],
        ),
        (item("tekst"), vec![("tekst", "")]),
        (
            "vragenbank/integriteit-voorbeeld/terugzetten".to_owned(),
            vec![],
        ),
        (item("omlaag"), vec![]),
        (item("omhoog"), vec![]),
        (format!("thema/{theme}/omlaag"), vec![]),
        (format!("thema/{theme}/omhoog"), vec![]),
    ] {
        let mut form = vec![("csrf".to_owned(), csrf.clone())];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let r = s.g.post(&format!("{path}/{action}"), &form).await;
        assert_eq!(r.status, 409, "{action} {fields:?}");
        assert!(r.body.contains("ligt vast sinds de eerste uitnodiging"));
    }
    assert_eq!(s.texts(), before);
    assert!(s.preview("college").await.body.contains(FRACTIES));
}

both_backends!(after_the_first_invitation_the_questionnaire_is_fixed);

async fn the_delegation_and_the_burgemeester_preview_but_only_the_griffier_edits(backend: Backend) {
    let mut s = signed_in_clerk(backend).await;
    let m = municipality_of(&s.app, s.round);
    let other = s
        .app
        .svc
        .create_municipality(
            System::Cli,
            NewMunicipality {
                name: PlaceName::parse("Anderstad").unwrap(),
                clerk_name: PersonName::parse("Ander Griffier").unwrap(),
                clerk_email: EmailAddress::parse("griffie@anderstad.example").unwrap(),
            },
        )
        .unwrap();
    let preview = format!("{}/voorbeeld/gemeenteraad", s.path());
    for (email, role, page_status, preview_status) in [
        ("vz@teststad.example", Some((m, Role::Chair)), 403, 200),
        (
            "lid@teststad.example",
            Some((m, Role::DelegationMember)),
            403,
            200,
        ),
        ("bm@teststad.example", Some((m, Role::Mayor)), 403, 200),
        (
            "raad@teststad.example",
            Some((m, Role::CouncilMember)),
            403,
            403,
        ),
        ("g@anderstad.example", Some((other, Role::Clerk)), 404, 404),
    ] {
        person(&s.app, email, role);
        let mut b = s.app.browser();
        sign_in(&s.app, &mut b, email, None).await;
        assert_eq!(b.get(&preview).await.status, preview_status, "{email}");
        assert_eq!(b.get(&s.path()).await.status, page_status, "{email}");
        let csrf = b.get("/mijn").await.csrf();
        let r = b
            .post(
                &format!("{}/vragen/{}/weghalen", s.path(), s.item(FRACTIES)),
                &[("csrf".into(), csrf)],
            )
            .await;
        assert_eq!(r.status, page_status, "{email} may not edit");
    }
    assert!(s.texts().contains(&FRACTIES.to_owned()));
    assert_eq!(s.preview("zelfevaluatie").await.status, 404);
    assert_eq!(s.preview("pers").await.status, 404);
    assert_ne!(
        s.app.browser().get(&preview).await.status,
        200,
        "signed in only"
    );
}

both_backends!(the_delegation_and_the_burgemeester_preview_but_only_the_griffier_edits);

//! The griffier creates a round, edits its settings and its groups.

use crate::both_backends;
use crate::common::browser::{Browser, Resp};
use crate::common::{Backend, TestApp, invite};
use crate::support::*;
use klankbord::domain::audit::System;
use klankbord::domain::ids::{MunicipalityId, RoundId};
use klankbord::domain::round::{RoundState, amsterdam};
use klankbord::domain::round_setup::K_FIXED;
use klankbord::domain::staff::Role;

fn today(app: &TestApp) -> jiff::civil::Date {
    app.svc.now().to_zoned(amsterdam()).date()
}

fn day(app: &TestApp, days: i64) -> String {
    today(app)
        .checked_add(jiff::ToSpan::days(days))
        .unwrap()
        .to_string()
}

/// The day `days` from today as the audit log writes it ("vrijdag 11 december 2026").
fn in_words(app: &TestApp, days: i64) -> String {
    klankbord::dutch::date(today(app).checked_add(jiff::ToSpan::days(days)).unwrap())
}

fn form(csrf: &str, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    std::iter::once(("csrf".to_owned(), csrf.to_owned()))
        .chain(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
        .collect()
}

/// The form of `page` (at `path`) posted with its button for proposed
/// dates, which posts to `{path}/voorstellen`.
async fn propose(g: &mut Browser, page: &Resp, path: &str, fields: &[(String, String)]) -> Resp {
    let action = format!("{path}/voorstellen");
    assert!(
        page.body.contains(&format!("formaction=\"{action}\"")),
        "{}",
        page.body
    );
    g.post(&action, fields).await
}

/// The only round of the Teststad set-up, its municipality, and a signed-in griffier.
async fn signed_in_clerk(backend: Backend) -> (TestApp, Browser, RoundId, MunicipalityId) {
    let (app, mut g) = app_with_clerk(backend).await;
    let round = app.svc.list_rounds().unwrap()[0].id;
    let m = municipality_of(&app, round);
    sign_in(&app, &mut g, "g@teststad.example", None).await;
    (app, g, round, m)
}

/// The table row of a group on the groups page.
fn row<'a>(page: &'a Resp, group: &str) -> &'a str {
    let at = page
        .body
        .find(&format!(">{group}</th>"))
        .unwrap_or_else(|| panic!("{group} in {}", page.body));
    let rest = &page.body[at..];
    &rest[..rest.find("</tr>").unwrap()]
}

fn audit(app: &TestApp) -> Vec<String> {
    app.db
        .query("SELECT action || ': ' || detail AS v FROM audit_log")
}

async fn a_griffier_creates_a_round_through_the_form_and_sees_it_on_the_round_page(
    backend: Backend,
) {
    let (app, mut g, _, m) = signed_in_clerk(backend).await;
    let home = g.get("/mijn").await;
    let path = format!("/mijn/gemeenten/{m}/rondes/nieuw");
    assert!(
        home.body.contains(&format!("href=\"{path}\"")),
        "{}",
        home.body
    );

    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    for label in [
        "100-dagengesprek",
        "Eerste jaar",
        "Regulier",
        "Midterm",
        "Richting herbenoeming",
        "Herbenoemingsgesprek",
        "5 à 6 mensen per groep",
        "Voorstel volgens de handreiking",
    ] {
        assert!(page.body.contains(label), "{label}");
    }
    // The proposal: five weeks ahead, open in week 3, closing a week before.
    assert_eq!(form_value(&page.body, "gesprek"), day(&app, 35));
    assert_eq!(form_value(&page.body, "opent"), day(&app, 14));
    assert_eq!(form_value(&page.body, "sluit"), day(&app, 28));

    // A typed meeting date gets its own proposal; nothing is stored yet.
    let meeting = day(&app, 50);
    let proposed = propose(
        &mut g,
        &page,
        &path,
        &form(
            &page.csrf(),
            &[("soort", "midterm"), ("gesprek", &meeting), ("k", "4")],
        ),
    )
    .await;
    assert_eq!(proposed.status, 200, "{}", proposed.body);
    assert_eq!(form_value(&proposed.body, "opent"), day(&app, 29));
    assert_eq!(form_value(&proposed.body, "sluit"), day(&app, 43));
    assert_eq!(app.svc.list_rounds().unwrap().len(), 1);

    let created = g
        .post(
            &path,
            &form(
                &page.csrf(),
                &[
                    ("soort", "midterm"),
                    ("gesprek", &meeting),
                    ("opent", &day(&app, 29)),
                    ("sluit", &day(&app, 43)),
                    ("k", "4"),
                ],
            ),
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let to = created.location().unwrap();
    let round_page = g.get(&to).await;
    assert_eq!(round_page.status, 200);
    assert!(
        round_page
            .body
            .contains("Midterm-klankbordgesprek met burgemeester Bert Burgemeester")
    );
    assert!(round_page.body.contains("Minimale groepsgrootte: 4"));
    assert!(
        round_page
            .body
            .contains(&format!("href=\"{to}/instellingen\""))
    );
    assert!(round_page.body.contains(&format!("href=\"{to}/groepen\"")));
    let id: RoundId = to.rsplit('/').next().unwrap().parse().unwrap();
    let info = app.svc.round_info(id).unwrap();
    assert_eq!(info.state, RoundState::Draft);
    assert_eq!(info.meeting_on.to_string(), meeting);
    assert_eq!(
        klankbord::dutch::instant(info.closes_at)
            .split(" om ")
            .nth(1),
        Some("23:59 uur")
    );
    assert!(
        app.svc.round_groups(id).unwrap().len() == 6,
        "the default groups"
    );
    assert!(
        audit(&app)
            .iter()
            .any(|l| l.starts_with("ronde aangemaakt: midterm-klankbordgesprek")),
        "{:?}",
        audit(&app)
    );
}

async fn bad_dates_and_a_k_below_three_give_the_form_back_and_store_nothing(backend: Backend) {
    let (app, mut g, _, m) = signed_in_clerk(backend).await;
    let path = format!("/mijn/gemeenten/{m}/rondes/nieuw");
    let csrf = g.get(&path).await.csrf();
    let post = |sluit: String, k: &'static str| {
        form(
            &csrf,
            &[
                ("soort", "regulier"),
                ("gesprek", &day(&app, 40)),
                ("opent", &day(&app, 10)),
                ("sluit", &sluit),
                ("k", k),
            ],
        )
    };
    // Closing after the meeting.
    let r = g.post(&path, &post(day(&app, 45), "3")).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Er ging iets mis"));
    assert!(
        r.body
            .contains("Het klankbordgesprek moet na de sluitingsdatum")
    );
    assert_eq!(
        form_value(&r.body, "sluit"),
        day(&app, 45),
        "what was typed stays"
    );
    // Not a date, and a closing day in the past.
    let r = g.post(&path, &post("31-12-2026".into(), "3")).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("jjjj-mm-dd") && r.body.contains("href=\"#sluit\""));
    let r = g
        .post(
            &path,
            &form(
                &csrf,
                &[
                    ("soort", "regulier"),
                    ("gesprek", &day(&app, 5)),
                    ("opent", &day(&app, -10)),
                    ("sluit", &day(&app, -1)),
                    ("k", "3"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("De sluitingsdatum ligt in het verleden."));
    // k below 3.
    let r = g.post(&path, &post(day(&app, 30), "2")).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("De minimale groepsgrootte moet minstens 3 zijn.")
    );
    assert!(r.body.contains("href=\"#k\""));
    assert_eq!(app.svc.list_rounds().unwrap().len(), 1, "nothing stored");
    // The same form, filled in well, works.
    let r = g.post(&path, &post(day(&app, 30), "3")).await;
    assert_eq!(r.status, 303, "{}", r.body);
}

async fn only_the_griffier_of_the_municipality_sets_up_its_rounds(backend: Backend) {
    let (app, _, round, m) = signed_in_clerk(backend).await;
    let other = app
        .svc
        .create_municipality(
            System::Cli,
            klankbord::service::setup::NewMunicipality {
                name: klankbord::domain::text::PlaceName::parse("Anderstad").unwrap(),
                clerk_name: klankbord::domain::text::PersonName::parse("Ander").unwrap(),
                clerk_email: klankbord::domain::email::EmailAddress::parse(
                    "griffie@anderstad.example",
                )
                .unwrap(),
            },
        )
        .unwrap();
    person(&app, "g@anderstad.example", Some((other, Role::Clerk)));
    person(&app, "bm@teststad.example", Some((m, Role::Mayor)));
    let mut foreign = app.browser();
    sign_in(&app, &mut foreign, "g@anderstad.example", None).await;
    let mut mayor = app.browser();
    sign_in(&app, &mut mayor, "bm@teststad.example", None).await;
    let group = app.svc.round_groups(round).unwrap()[0].id;
    let pages = [
        format!("/mijn/gemeenten/{m}/rondes/nieuw"),
        format!("/mijn/rondes/{round}/instellingen"),
        format!("/mijn/rondes/{round}/groepen"),
    ];
    let actions = [
        format!("/mijn/gemeenten/{m}/rondes/nieuw"),
        format!("/mijn/gemeenten/{m}/rondes/nieuw/voorstellen"),
        format!("/mijn/rondes/{round}/instellingen"),
        format!("/mijn/rondes/{round}/instellingen/voorstellen"),
        format!("/mijn/rondes/{round}/groepen/toevoegen"),
        format!("/mijn/rondes/{round}/groepen/{group}/wijzigen"),
        format!("/mijn/rondes/{round}/groepen/{group}/verwijderen"),
    ];
    for page in &pages {
        assert_eq!(foreign.get(page).await.status, 404, "{page}");
        assert_eq!(mayor.get(page).await.status, 403, "{page}");
    }
    for action in &actions {
        let csrf = mayor.get("/mijn").await.csrf();
        let posted = mayor.post(action, &form(&csrf, &[("naam", "Pers")])).await;
        assert_eq!(posted.status, 403, "{action}");
        let csrf = foreign.get("/mijn").await.csrf();
        let posted = foreign
            .post(action, &form(&csrf, &[("naam", "Pers")]))
            .await;
        assert_eq!(posted.status, 404, "{action}");
    }
    // The foreign griffier's own municipality has no burgemeester yet: a clear message.
    let own = foreign
        .get(&format!("/mijn/gemeenten/{other}/rondes/nieuw"))
        .await;
    assert_eq!(own.status, 200);
    assert!(own.body.contains("heeft nog geen burgemeester"));
    assert!(!own.body.contains("Ronde aanmaken"));
    assert_eq!(app.svc.round_groups(round).unwrap().len(), 6);
    assert_eq!(app.svc.list_rounds().unwrap().len(), 1);
}

async fn settings_change_freely_before_the_first_invitation_and_k_is_fixed_after(backend: Backend) {
    let (app, mut g, round, m) = signed_in_clerk(backend).await;
    let path = format!("/mijn/rondes/{round}/instellingen");
    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("open te zijn over hoe de informatie wordt verzameld")
    );
    assert_eq!(form_value(&page.body, "k"), "3");
    let values = |k: &'static str, sluit: String, lijst: &'static str| {
        form(
            &page.csrf(),
            &[
                ("soort", "regulier"),
                ("gesprek", &day(&app, 28)),
                ("opent", &day(&app, 0)),
                ("sluit", &sluit),
                ("k", k),
                ("lijst", lijst),
            ],
        )
    };
    // Proposed dates for the typed meeting date: nothing is stored.
    let proposed = propose(&mut g, &page, &path, &values("5", day(&app, 14), "nee")).await;
    assert_eq!(proposed.status, 200, "{}", proposed.body);
    assert_eq!(form_value(&proposed.body, "opent"), day(&app, 7));
    assert_eq!(form_value(&proposed.body, "sluit"), day(&app, 21));
    assert_eq!(form_value(&proposed.body, "k"), "5", "what was typed stays");
    let info = app.svc.round_info(round).unwrap();
    assert_eq!(info.min_group_size.get(), 3, "nothing stored");
    assert!(info.mayor_sees_raters);
    let saved = g.post(&path, &values("4", day(&app, 21), "nee")).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let info = app.svc.round_info(round).unwrap();
    assert_eq!(info.min_group_size.get(), 4);
    assert!(!info.mayor_sees_raters);

    invite(&app, round, &[("Anna", "a@x.example", "gemeenteraad")]);
    let page = g.get(&path).await;
    assert!(page.body.contains(K_FIXED), "the page says why");
    assert!(
        !page.body.contains("type=\"number\""),
        "k is not a field any more"
    );
    let refused = g.post(&path, &values("5", day(&app, 21), "nee")).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Er ging iets mis") && refused.body.contains(K_FIXED));
    // Closing earlier than the invitation said is refused; later is fine.
    let earlier = g.post(&path, &values("4", day(&app, 14), "nee")).await;
    assert_eq!(earlier.status, 422);
    assert!(earlier.body.contains(&format!(
        "De uitnodiging noemt {} als laatste dag",
        day(&app, 21)
    )));
    let info = app.svc.round_info(round).unwrap();
    assert_eq!(info.min_group_size.get(), 4, "nothing changed");
    let later = g.post(&path, &values("4", day(&app, 24), "ja")).await;
    assert_eq!(later.status, 303, "{}", later.body);
    assert_eq!(
        later.location().as_deref(),
        Some(format!("{path}?melding=opgeslagen").as_str())
    );
    assert!(
        g.get(&later.location().unwrap())
            .await
            .body
            .contains("De instellingen zijn opgeslagen.")
    );
    let log = audit(&app);
    for line in [
        "minimale groepsgrootte gewijzigd: 3 → 4".to_owned(),
        "burgemeester ziet referentenlijst gewijzigd: ja → nee".to_owned(),
        "burgemeester ziet referentenlijst gewijzigd: nee → ja".to_owned(),
        format!(
            "sluitingsdatum gewijzigd: {} → {}",
            in_words(&app, 21),
            in_words(&app, 24)
        ),
    ] {
        assert!(log.contains(&line), "{line} in {log:?}");
    }
    assert_eq!(
        log.iter()
            .filter(|l| l.starts_with("minimale groepsgrootte"))
            .count(),
        1
    );
    let shown = g.get(&format!("/mijn/gemeenten/{m}/logboek")).await;
    assert!(shown.body.contains("sluitingsdatum gewijzigd"));
}

async fn the_groups_page_warns_which_groups_are_merged(backend: Backend) {
    let (app, mut g, round, _) = signed_in_clerk(backend).await;
    let mut csv = String::from("naam,email,groep\n");
    for i in 0..6 {
        csv.push_str(&format!("R{i},r{i}@x.example,gemeenteraad\n"));
    }
    for i in 0..3 {
        csv.push_str(&format!("C{i},c{i}@x.example,college\n"));
    }
    for i in 0..2 {
        csv.push_str(&format!("V{i},v{i}@x.example,veiligheidspartners\n"));
    }
    app.svc
        .import_raters(System::Cli, round, csv.as_bytes())
        .unwrap();
    let page = g.get(&format!("/mijn/rondes/{round}/groepen")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("5 à 6 mensen per groep"));
    let raad = row(&page, "Gemeenteraad");
    assert!(
        raad.contains("<td>6</td>") && raad.contains("Apart te zien"),
        "{raad}"
    );
    let college = row(&page, "College");
    assert!(
        college.contains("<td>3</td>") && college.contains("<td>4</td>"),
        "{college}"
    );
    assert!(
        college.contains("Niet apart") && college.contains("overige referenten"),
        "{college}"
    );
    assert!(
        college.contains("samen met Veiligheidspartners"),
        "{college}"
    );
    assert!(college.contains("Er is 1 referent meer nodig"), "{college}");
    let extern_ = row(&page, "Externe partners");
    assert!(extern_.contains("Nog niemand op de lijst"), "{extern_}");
    assert!(
        page.body
            .contains("College en Veiligheidspartners worden niet apart getoond")
    );
}

async fn groups_are_added_renamed_and_removed_but_not_with_referenten(backend: Backend) {
    let (app, mut g, round, _) = signed_in_clerk(backend).await;
    app.svc
        .import_raters(
            System::Cli,
            round,
            b"naam,email,groep\nCees,c@x.example,college\n",
        )
        .unwrap();
    let path = format!("/mijn/rondes/{round}/groepen");
    let csrf = g.get(&path).await.csrf();
    let added = g
        .post(
            &format!("{path}/toevoegen"),
            &form(
                &csrf,
                &[("naam", "Pers"), ("omschrijving", "Lokale journalisten")],
            ),
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let page = g.get(&added.location().unwrap()).await;
    assert!(page.body.contains("De groep is toegevoegd."));
    let groups = app.svc.round_groups(round).unwrap();
    let pers = groups.iter().find(|g| g.name == "Pers").unwrap().clone();
    assert_eq!(pers.key, "pers");
    let targeted = app.db.query(&format!(
        "SELECT item_id AS v FROM item_groups WHERE rater_group_id = '{}'",
        pers.id
    ));
    assert!(
        !targeted.is_empty(),
        "a new group gets the common questions"
    );
    // A name that is taken keeps the form with what was typed.
    let taken = g
        .post(
            &format!("{path}/toevoegen"),
            &form(&csrf, &[("naam", "college"), ("omschrijving", "x")]),
        )
        .await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("Er is al een groep ‘College’"));
    assert!(taken.body.contains("value=\"college\""));
    let renamed = g
        .post(
            &format!("{path}/{}/wijzigen", pers.id),
            &form(
                &csrf,
                &[("naam", "Pers en media"), ("omschrijving", "Journalisten")],
            ),
        )
        .await;
    assert_eq!(renamed.status, 303);
    let college = groups.iter().find(|g| g.key == "college").unwrap();
    let page = g.get(&path).await;
    assert!(page.body.contains("Pers en media"));
    assert!(
        page.body
            .contains("Deze groep heeft referenten en kan daarom niet weg.")
    );
    let refused = g
        .post(
            &format!("{path}/{}/verwijderen", college.id),
            &form(&csrf, &[]),
        )
        .await;
    assert_eq!(refused.status, 409);
    assert!(refused.body.contains("heeft referenten"));
    let own = groups.iter().find(|g| g.is_self).unwrap();
    let refused = g
        .post(&format!("{path}/{}/verwijderen", own.id), &form(&csrf, &[]))
        .await;
    assert_eq!(refused.status, 409);
    let removed = g
        .post(
            &format!("{path}/{}/verwijderen", pers.id),
            &form(&csrf, &[]),
        )
        .await;
    assert_eq!(removed.status, 303);
    assert_eq!(app.svc.round_groups(round).unwrap().len(), 6);
    // After the first invitation the groups are fixed.
    app.svc.send_invitations(System::Cli, round).unwrap();
    let late = g
        .post(
            &format!("{path}/toevoegen"),
            &form(&csrf, &[("naam", "Pers")]),
        )
        .await;
    assert_eq!(late.status, 409);
    assert!(late.body.contains("de groepen liggen nu vast"));
    let log = audit(&app);
    for line in [
        "groep toegevoegd: Pers",
        "groep gewijzigd: Pers → Pers en media",
        "groep verwijderd: Pers en media",
    ] {
        assert!(log.iter().any(|l| l == line), "{line} in {log:?}");
    }
}

async fn a_round_has_at_most_forty_groups_of_referenten(backend: Backend) {
    let (app, mut g, round, _) = signed_in_clerk(backend).await;
    let path = format!("/mijn/rondes/{round}/groepen/toevoegen");
    let csrf = g.get(&format!("/mijn/rondes/{round}/groepen")).await.csrf();
    let existing = app
        .svc
        .round_groups(round)
        .unwrap()
        .iter()
        .filter(|g| !g.is_self)
        .count();
    let max = klankbord::domain::round_setup::MAX_RATER_GROUPS;
    for n in existing..max {
        let name = format!("Groep {n}");
        let added = g
            .post(
                &path,
                &form(&csrf, &[("naam", &name), ("omschrijving", "")]),
            )
            .await;
        assert_eq!(added.status, 303, "group {n}: {}", added.body);
    }
    let refused = g
        .post(
            &path,
            &form(&csrf, &[("naam", "Nog een"), ("omschrijving", "")]),
        )
        .await;
    assert_eq!(refused.status, 409);
    assert!(
        refused.body.contains("hoogstens 40 groepen"),
        "{}",
        refused.body
    );
    let count = app
        .svc
        .round_groups(round)
        .unwrap()
        .iter()
        .filter(|g| !g.is_self)
        .count();
    assert_eq!(count, max, "nothing stored beyond the limit");
}

both_backends!(
    a_round_has_at_most_forty_groups_of_referenten,
    a_griffier_creates_a_round_through_the_form_and_sees_it_on_the_round_page,
    bad_dates_and_a_k_below_three_give_the_form_back_and_store_nothing,
    only_the_griffier_of_the_municipality_sets_up_its_rounds,
    settings_change_freely_before_the_first_invitation_and_k_is_fixed_after,
    the_groups_page_warns_which_groups_are_merged,
    groups_are_added_renamed_and_removed_but_not_with_referenten,
);

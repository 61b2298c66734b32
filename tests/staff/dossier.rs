//! The confidential dossier over a burgemeester's term: the gesprekken in
//! order, the vastgesteld verslag, the agreements with their status history,
//! the term in one view, and who may open it (every opening audited).

use crate::both_backends;
use crate::common::browser::Browser;
use crate::common::{Backend, TestApp, new_round, setup_round, spawn_app};
use crate::support::*;
use klankbord::domain::audit::System;
use klankbord::domain::email::EmailAddress;
use klankbord::domain::ids::{MunicipalityId, RoundId, StaffId};
use klankbord::domain::round::{MinGroupSize, RoundKind};
use klankbord::domain::sharing::SharingMode;
use klankbord::domain::staff::Role;
use klankbord::domain::text::{PersonName, PlaceName};
use klankbord::domain::verslag::{
    Appendix, ParticipantEntry, Section, VerslagDocument, default_headings,
};
use klankbord::results::{CellView, GroupView, ItemType, ItemView, ReleasedView, ThemeView};
use klankbord::service::setup::NewMunicipality;

const DAY: i64 = 24 * 60 * 60;

/// A person with a name and a role, signed in.
async fn signed_in(
    app: &TestApp,
    email: &str,
    name: &str,
    m: MunicipalityId,
    role: Role,
) -> (Browser, StaffId) {
    let id = named(app, email, name, m, role);
    let mut b = app.browser();
    sign_in(app, &mut b, email, None).await;
    (b, id)
}

fn set_meeting(app: &TestApp, round: RoundId, on: &str) {
    app.db.execute(&format!(
        "UPDATE rounds SET meeting_on = '{on}' WHERE id = '{round}'"
    ));
}

fn mayor_id(app: &TestApp, email: &str) -> String {
    app.db
        .query(&format!(
            "SELECT id AS v FROM mayors WHERE email = '{email}'"
        ))
        .remove(0)
}

fn dossier_of(m: MunicipalityId) -> String {
    format!("/mijn/gemeenten/{m}/dossier")
}

fn audit(app: &TestApp) -> Vec<String> {
    app.db
        .query("SELECT detail AS v FROM audit_log WHERE action = 'dossier geopend'")
}

/// A vastgesteld verslag of `round`, written straight into the verslag
/// tables (the verslag's own use cases live on another branch): one version,
/// signed by `signers`, who took part.
fn adopted_verslag(app: &TestApp, round: RoundId, signers: &[(StaffId, Role)], at: i64) {
    let doc = VerslagDocument {
        municipality: "Teststad".into(),
        mayor: "Bert Burgemeester".into(),
        kind: "100-dagengesprek".into(),
        meeting_on: "2025-03-01".into(),
        version: 1,
        participants: vec![ParticipantEntry {
            name: "Vera Voorzitter".into(),
            role: "voorzitter".into(),
        }],
        sections: default_headings()
            .into_iter()
            .map(|h| Section {
                heading: h.heading,
                paragraphs: vec!["Geheime tekst van het verslag.".into()],
                kanttekeningen: vec![],
                agreements: h.agreements,
            })
            .collect(),
        agreements: vec![],
        appendix: Appendix::CommissionOnly,
        corrects: None,
    };
    let hash = klankbord::security::digest::sha256_hex(&doc.canonical_text());
    let json = serde_json::to_string(&doc).unwrap().replace('\'', "''");
    let (verslag, version) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    let mut sql = format!(
        "INSERT INTO verslagen (id, round_id, corrects_id, state, created_at, updated_at, adopted_at, marking) \
         VALUES ('{verslag}', '{round}', NULL, 'vastgesteld', {at}, {at}, {at}, 'Geheim');\n\
         INSERT INTO verslag_versions (id, verslag_id, number, stage, document, hash, created_at) \
         VALUES ('{version}', '{verslag}', 1, 'definitief', '{json}', '{hash}', {at});\n"
    );
    for (i, (who, role)) in signers.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO verslag_participants (verslag_id, staff_id, role) VALUES ('{verslag}', '{who}', '{}');\n\
             INSERT INTO verslag_signatures (version_id, staff_id, role, hash, signed_at, voided_at) \
             VALUES ('{version}', '{who}', '{}', '{hash}', {}, NULL);\n",
            role.code(),
            role.code(),
            at - 100 + i as i64
        ));
    }
    app.db.execute(&sql);
}

/// Someone who took part in the gesprek of `round` (a participant of its verslag).
fn took_part(app: &TestApp, round: RoundId, who: StaffId, role: Role) {
    app.db.execute(&format!(
        "INSERT INTO verslag_participants (verslag_id, staff_id, role) \
         SELECT id, '{who}', '{}' FROM verslagen WHERE round_id = '{round}'",
        role.code()
    ));
}

async fn the_dossier_shows_the_term_in_order_with_its_verslag_and_agreement_history(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let regular = setup_round(&app, 3);
    let m = municipality_of(&app, regular);
    let hundred = new_round(&app, m, RoundKind::HundredDays, MinGroupSize::DEFAULT);
    let midterm = new_round(&app, m, RoundKind::Midterm, MinGroupSize::DEFAULT);
    set_meeting(&app, hundred, "2025-03-01");
    set_meeting(&app, midterm, "2029-09-01");
    // The meeting of the regular round has passed: agreements can be recorded.
    app.advance(29 * DAY);
    let (mut g, _) = signed_in(&app, "g@teststad.example", "Gerda Griffier", m, Role::Clerk).await;
    let (_, vz) = signed_in(
        &app,
        "vz@teststad.example",
        "Vera Voorzitter",
        m,
        Role::Chair,
    )
    .await;
    let (_, bm) = signed_in(
        &app,
        "bm@teststad.example",
        "Bert Burgemeester",
        m,
        Role::Mayor,
    )
    .await;
    let adopted_at = app.svc.now().as_second() - 2 * DAY;
    adopted_verslag(
        &app,
        hundred,
        &[(vz, Role::Chair), (bm, Role::Mayor)],
        adopted_at,
    );

    // An agreement of the regular gesprek, and two changes of its status,
    // through the agreement pages.
    let path = format!("/mijn/rondes/{regular}/afspraken");
    let page = g.get(&path).await;
    let recorded = g
        .post(
            &format!("{path}/vastleggen"),
            &with_csrf(
                &page,
                &[
                    ("wat", "Elk kwartaal informeel overleg"),
                    ("verantwoordelijk", "Burgemeester"),
                    ("bewaakt", "Voorzitter klankbordcommissie"),
                    ("uiterlijk", "2027-06-01"),
                ],
            ),
        )
        .await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let page = g.get(&path).await;
    let id = id_before(&page.body, "Elk kwartaal informeel overleg", "status");
    for (status, note) in [
        ("loopt", "Eerste overleg gepland"),
        ("afgerond", "Vier keer overlegd"),
    ] {
        let r = g
            .post(
                &format!("{path}/{id}/status"),
                &with_csrf(&page, &[("status", status), ("toelichting", note)]),
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    assert_eq!(
        app.db.query(&format!(
            "SELECT status AS v FROM agreement_status_changes WHERE agreement_id = '{id}' ORDER BY position"
        )),
        ["open", "loopt", "afgerond"],
        "each change in the history, in the transaction of the change"
    );

    let d = g.get(&dossier_of(m)).await;
    assert_eq!(d.status, 200, "{}", d.body);
    let body = &d.body;
    assert!(body.contains("Dossier van burgemeester Bert Burgemeester"));
    let at = |text: &str| {
        body.find(text)
            .unwrap_or_else(|| panic!("{text} in {body}"))
    };
    // The gesprekken in the order of the term (by meeting date, not creation).
    let entries = [hundred, regular, midterm].map(|r| at(&format!("id=\"gesprek-{r}\"")));
    assert!(
        entries[0] < entries[1] && entries[1] < entries[2],
        "{entries:?}"
    );
    assert!(body.contains("100-dagengesprek") && body.contains("Midterm-klankbordgesprek"));
    assert!(body.contains("1 maart 2025"));
    assert!(
        body.contains(&format!("href=\"/mijn/rondes/{regular}\"")),
        "the round page for the griffier"
    );

    // The vastgesteld verslag: when, who signed, where to read it; not its text.
    let verslag = &body[entries[0]..entries[1]];
    assert!(verslag.contains("Vastgesteld op"), "{verslag}");
    assert!(verslag.contains("Vera Voorzitter (Voorzitter klankbordcommissie)"));
    assert!(verslag.contains("Bert Burgemeester (Burgemeester)"));
    assert!(verslag.contains(&format!("href=\"/mijn/rondes/{hundred}/verslag\"")));
    assert!(
        !body.contains("Geheime tekst"),
        "the text is on the verslag's own page"
    );
    assert!(
        body[entries[1]..entries[2]].contains("geen vastgesteld verslag"),
        "the regular gesprek has none yet"
    );

    // The agreement with its status history, oldest first.
    let agreements = &body[entries[1]..entries[2]];
    let seen = |text: &str| {
        agreements
            .find(text)
            .unwrap_or_else(|| panic!("{text} in {agreements}"))
    };
    assert!(seen("Elk kwartaal informeel overleg") < seen("Verloop van de status"));
    assert!(seen(">Open<") < seen(">Loopt<") && seen(">Loopt<") < seen("Eerste overleg gepland"));
    assert!(seen("Eerste overleg gepland") < seen("Vier keer overlegd"));
    assert!(agreements.contains("Gerda Griffier"), "who changed it");

    let log = audit(&app);
    assert_eq!(log, ["dossier van burgemeester Bert Burgemeester"]);
    assert!(!log[0].contains("overleg"), "no content in the log");
}

/// A released view of one theme and one group, as a round stored it.
fn view(theme: &str, group: CellView, overall: CellView) -> String {
    let view = ReleasedView {
        format: 2,
        k: 3,
        l: 2,
        d: 1,
        k_text: 3,
        release_type: None,
        too_few: false,
        respondents: 10,
        invited: 12,
        self_assessed: false,
        groups: vec![GroupView {
            key: "gemeenteraad".into(),
            name: "Gemeenteraad".into(),
            respondents: 5,
            invited: 6,
        }],
        pooled_groups: vec![],
        themes: vec![ThemeView {
            title: theme.into(),
            items: vec![ItemView {
                text: "Een stelling".into(),
                kind: ItemType::Scale,
                groups: vec![group],
                overall: Some(overall),
                comments: None,
                self_answer: None,
                self_comment: None,
            }],
        }],
    };
    serde_json::to_string(&view).unwrap().replace('\'', "''")
}

fn mean(respondents: u32, sum: u32) -> CellView {
    CellView::Mean {
        respondents,
        cannot_judge: 0,
        sum,
    }
}

/// Closes `round` (nobody answered) and stores `json` as its released view.
fn closed_with(app: &TestApp, round: RoundId, sharing: SharingMode, json: &str) {
    app.db.execute(&format!(
        "UPDATE rounds SET sharing_mode = '{}' WHERE id = '{round}'",
        sharing.code()
    ));
    app.svc.close_round(System::Cli, round).unwrap();
    app.db.execute(&format!(
        "UPDATE released_views SET view = '{json}' WHERE round_id = '{round}'"
    ));
}

/// The row of the term table that starts with `label`, as its cells' text.
fn row(body: &str, label: &str) -> Vec<String> {
    let start = body
        .find(&format!("<th scope=\"row\">{label}</th>"))
        .unwrap_or_else(|| panic!("{label} in {body}"));
    let rest = &body[start..];
    let rest = &rest[..rest.find("</tr>").unwrap()];
    rest.split("<td>")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap().to_owned())
        .collect()
}

async fn the_term_view_sets_released_figures_side_by_side_as_each_round_shares_them(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let regular = setup_round(&app, 3);
    let m = municipality_of(&app, regular);
    let hundred = new_round(&app, m, RoundKind::HundredDays, MinGroupSize::DEFAULT);
    let midterm = new_round(&app, m, RoundKind::Midterm, MinGroupSize::DEFAULT);
    set_meeting(&app, hundred, "2025-03-01");
    set_meeting(&app, midterm, "2029-09-01");
    // The theme as the rounds' questionnaires call it (matched by its key).
    let theme = app
        .db
        .query(&format!(
            "SELECT title AS v FROM themes WHERE round_id = '{regular}' ORDER BY position"
        ))
        .remove(0);
    closed_with(
        &app,
        hundred,
        SharingMode::AlsoMayor,
        &view(&theme, mean(5, 20), mean(10, 35)),
    );
    closed_with(
        &app,
        regular,
        SharingMode::AlsoMayor,
        &view(&theme, CellView::Hidden, mean(8, 36)),
    );
    closed_with(
        &app,
        midterm,
        SharingMode::DelegationOnly,
        &view(&theme, mean(4, 8), mean(6, 12)),
    );
    let (mut bm, _) = signed_in(
        &app,
        "bm@teststad.example",
        "Bert Burgemeester",
        m,
        Role::Mayor,
    )
    .await;
    let (mut g, _) = signed_in(&app, "g@teststad.example", "Gerda Griffier", m, Role::Clerk).await;
    let path = format!("{}/verloop", dossier_of(m));

    let page = bm.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let body = &page.body;
    assert!(
        body.contains(&format!("<h2 id=\"thema-0\">{theme}</h2>")),
        "{body}"
    );
    // The rounds in order, as columns.
    let head = &body[body.find("<thead>").unwrap()..body.find("</thead>").unwrap()];
    let cols: Vec<usize> = [
        "100-dagengesprek",
        "Klankbordgesprek",
        "Midterm-klankbordgesprek",
    ]
    .iter()
    .map(|c| head.find(c).unwrap_or_else(|| panic!("{c} in {head}")))
    .collect();
    assert!(cols[0] < cols[1] && cols[1] < cols[2], "{head}");
    // Side by side; the hidden cell stays hidden; the burgemeester's
    // sharing mode of the midterm keeps its figures from them.
    assert_eq!(row(body, "Alle referenten"), ["3,5", "4,5", "niet gedeeld"]);
    assert_eq!(row(body, "Gemeenteraad"), ["4,0", "—", "niet gedeeld"]);
    assert!(
        body.contains("<svg role=\"img\" aria-label=\"")
            && body.contains(&format!("{theme} per gesprek"))
    );
    assert!(body.contains("de referenten verschillen per gesprek"));
    assert!(
        !body.contains("Verschil"),
        "nothing invites subtracting rounds"
    );

    let page = g.get(&path).await;
    assert_eq!(page.status, 200);
    assert_eq!(row(&page.body, "Alle referenten"), ["3,5", "4,5", "2,0"]);
    assert_eq!(row(&page.body, "Gemeenteraad"), ["4,0", "—", "2,0"]);
    assert_eq!(
        audit(&app),
        ["verloop van burgemeester Bert Burgemeester"; 2],
        "every opening in the log"
    );
}

async fn only_the_griffier_the_burgemeester_of_the_term_those_who_took_part_and_the_commissie_read_it(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let first = setup_round(&app, 3);
    let m = municipality_of(&app, first);
    let other = app
        .svc
        .create_municipality(
            System::Cli,
            NewMunicipality {
                name: PlaceName::parse("Anderstad").unwrap(),
                clerk_name: PersonName::parse("Ander").unwrap(),
                clerk_email: EmailAddress::parse("griffie@anderstad.example").unwrap(),
            },
        )
        .unwrap();
    let second = new_round(&app, m, RoundKind::Midterm, MinGroupSize::DEFAULT);
    set_meeting(&app, first, "2025-03-01");
    let (mut g, _) = signed_in(&app, "g@teststad.example", "Gerda Griffier", m, Role::Clerk).await;
    let (mut bm, bm_id) = signed_in(
        &app,
        "bm@teststad.example",
        "Bert Burgemeester",
        m,
        Role::Mayor,
    )
    .await;
    let (mut vz, _) = signed_in(
        &app,
        "vz@teststad.example",
        "Vera Voorzitter",
        m,
        Role::Chair,
    )
    .await;
    let (mut dl, _) = signed_in(
        &app,
        "dl@teststad.example",
        "Dirk Delegatielid",
        m,
        Role::DelegationMember,
    )
    .await;
    let (mut rl, _) = signed_in(
        &app,
        "rl@teststad.example",
        "Rita Raadslid",
        m,
        Role::CouncilMember,
    )
    .await;
    let (mut was, was_id) = signed_in(
        &app,
        "oud@teststad.example",
        "Olaf Oud-commissielid",
        m,
        Role::CouncilMember,
    )
    .await;
    let (mut ander, _) = signed_in(
        &app,
        "g@anderstad.example",
        "Ander Griffier",
        other,
        Role::Clerk,
    )
    .await;
    adopted_verslag(
        &app,
        first,
        &[(bm_id, Role::Mayor)],
        app.svc.now().as_second(),
    );
    took_part(&app, first, was_id, Role::DelegationMember);
    let dossier = dossier_of(m);

    for (who, b) in [
        ("griffier", &mut g),
        ("burgemeester", &mut bm),
        ("voorzitter", &mut vz),
        ("delegatielid", &mut dl),
    ] {
        let d = b.get(&dossier).await;
        assert_eq!(d.status, 200, "{who}: {}", d.body);
        assert!(
            d.body.contains(&format!("id=\"gesprek-{second}\"")),
            "{who}: the whole term"
        );
        assert!(
            d.body.contains(&format!("/mijn/rondes/{first}/verslag")),
            "{who}: the verslag"
        );
    }
    let refused = rl.get(&dossier).await;
    assert_eq!(
        refused.status, 403,
        "a raadslid who took part in no gesprek"
    );
    assert!(
        refused
            .body
            .contains("Het dossier is alleen voor de griffier")
    );
    assert_eq!(
        ander.get(&dossier).await.status,
        404,
        "another municipality's griffier"
    );
    // A raadslid of an earlier commissie reads the gesprek they took part in, only.
    let d = was.get(&dossier).await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert!(d.body.contains(&format!("id=\"gesprek-{first}\"")));
    assert!(!d.body.contains(&format!("id=\"gesprek-{second}\"")));
    assert!(
        d.body
            .contains("U ziet alleen de gesprekken waaraan u deelnam.")
    );
    assert_eq!(was.get(&format!("{dossier}/verloop")).await.status, 200);

    // The municipality keeps earlier verslagen from the current commissie.
    app.db.execute(&format!(
        "INSERT INTO verslag_settings (municipality_id, headings, clerk_signs, every_participant_signs, marking, commission_reads_earlier, updated_at) \
         VALUES ('{m}', '[]', 0, 0, 'Geheim', 0, 0)"
    ));
    assert_eq!(vz.get(&dossier).await.status, 403, "the setting is off");

    // A new burgemeester: their own term is theirs, their predecessor's is not.
    app.advance(60);
    app.svc
        .create_mayor(
            System::Cli,
            m,
            PersonName::parse("Lies Later").unwrap(),
            EmailAddress::parse("later@teststad.example").unwrap(),
        )
        .unwrap();
    let (mut later, _) =
        signed_in(&app, "later@teststad.example", "Lies Later", m, Role::Mayor).await;
    let own = later.get(&dossier).await;
    assert_eq!(own.status, 200, "{}", own.body);
    assert!(own.body.contains("Dossier van burgemeester Lies Later"));
    assert!(own.body.contains("nog geen klankbordgesprekken"));
    let old = format!(
        "{dossier}?burgemeester={}",
        mayor_id(&app, "bm@teststad.example")
    );
    assert_eq!(later.get(&old).await.status, 403, "a later burgemeester");
    assert_eq!(
        later
            .get(&format!(
                "{dossier}/verloop?burgemeester={}",
                mayor_id(&app, "bm@teststad.example")
            ))
            .await
            .status,
        403
    );
    let mine = g.get(&old).await;
    assert_eq!(mine.status, 200);
    assert!(
        mine.body
            .contains("Dossier van burgemeester Bert Burgemeester")
    );
    assert!(
        mine.body
            .contains("<select id=\"burgemeester\" name=\"burgemeester\">"),
        "a choice of two"
    );
    let theirs = bm.get(&old).await;
    assert_eq!(
        theirs.status, 200,
        "the burgemeester of the term still reads it"
    );
    assert_eq!(
        g.get(&format!("{dossier}?burgemeester=kapot")).await.status,
        404,
        "a malformed id"
    );
    // Every opening that was allowed is in the log; refusals are not openings.
    assert_eq!(audit(&app).len(), 4 + 1 + 1 + 1 + 1 + 1);
}

both_backends!(
    the_dossier_shows_the_term_in_order_with_its_verslag_and_agreement_history,
    the_term_view_sets_released_figures_side_by_side_as_each_round_shares_them,
    only_the_griffier_the_burgemeester_of_the_term_those_who_took_part_and_the_commissie_read_it,
);

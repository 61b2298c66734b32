//! The dashboard of the demo's closed round as the klankbordcommissie reads
//! it: the overview, only the groups that were asked, the links and the
//! JSON download; and redacting a comment on the web.

use klankbord::domain::audit::System;
use klankbord::domain::staff::Role;
use klankbord::results::json::released_json;
use klankbord::results::summary::{nl, theme_scores};
use klankbord::results::{CellView, ItemType, ReleasedView};
use klankbord::service::redaction::REDACTED;
use klankbord::service::results::RoundResults;

use crate::both_backends;
use crate::common::{Backend, TestApp, spawn_app};
use crate::support::*;

fn released(app: &TestApp, round: klankbord::domain::ids::RoundId) -> ReleasedView {
    let RoundResults::Released(view) = app.svc.results(System::Cli, round).unwrap() else {
        panic!("released")
    };
    *view
}

fn audit_lines(app: &TestApp) -> Vec<String> {
    app.db
        .query("SELECT action || ': ' || detail AS v FROM audit_log ORDER BY id")
}

async fn the_overview_comes_first_and_says_what_it_compares(backend: Backend) {
    let app = spawn_app(backend).await;
    let closed = app.svc.demo().unwrap().closed_round.unwrap();
    let view = released(&app, closed);
    let mut vz = demo_as(&app, Role::Chair).await;
    let page = vz.get(&format!("/mijn/rondes/{closed}/uitkomsten")).await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    let at = |text: &str| body.find(text).unwrap_or_else(|| panic!("{text}"));

    // First the overview: signals, heat map, response, self against others;
    // then the themes, then the comments.
    assert!(at("Overzicht") < at("Gemiddelde per thema en groep"));
    assert!(at("Gemiddelde per thema en groep") < at("id=\"themas\""));
    assert!(at("id=\"themas\"") < at("id=\"toelichtingen\""));
    assert!(at("Respons per groep") < at("id=\"themas\""));
    assert!(at("Zelfbeeld en alle referenten per thema") < at("id=\"themas\""));
    // The dash is explained beside the heat map, not only at the end.
    let key = &body[at("heatmap-key")..at("id=\"themas\"")];
    assert!(key.contains("niet getoond: te weinig antwoorden"), "{key}");

    // Every theme has a score of all referenten over its released statements,
    // in the heat map with its colour band.
    let scores = theme_scores(&view);
    for t in &scores {
        let mean = t.overall.mean.expect("every demo theme has a score");
        assert!(
            body.contains(&format!(
                "Themascore van alle referenten: {}, {}.",
                nl(mean),
                t.overall.basis()
            )),
            "{}",
            t.title
        );
    }
    // The ranking names how many themes it compares.
    assert!(
        body.contains(&format!(
            "vergeleken over de {} thema's met een score",
            scores.len()
        )),
        "{body}"
    );

    // Links: back, downloads, print and the comment review.
    for link in [
        "href=\"/mijn\"".to_owned(),
        format!("href=\"/mijn/rondes/{closed}/uitkomsten.csv\""),
        format!("href=\"/mijn/rondes/{closed}/uitkomsten.json\""),
        format!("href=\"/mijn/rondes/{closed}/uitkomsten.pdf\""),
        format!("href=\"/mijn/rondes/{closed}/toelichtingen\""),
        "href=\"#afdrukken\"".to_owned(),
    ] {
        assert!(body.contains(&link), "{link}");
    }
    assert!(body.contains("Vertrouwelijk — alleen voor de klankbordcommissie en de burgemeester"));

    // Statements by their text in the charts, not "Stelling 1".
    assert!(!body.contains("Stelling 1<"), "no numbers instead of text");
    let first = view
        .themes
        .iter()
        .flat_map(|t| &t.items)
        .find(|i| i.kind == ItemType::Scale)
        .unwrap();
    let start: String = first
        .text
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(body.contains(&format!(">\n1. {start}")), "{start}");

    // The burgemeester reads the same dashboard without the review link.
    let mut bm = demo_as(&app, Role::Mayor).await;
    let page = bm.get(&format!("/mijn/rondes/{closed}/uitkomsten")).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("/toelichtingen\""));
}

async fn a_theme_shows_only_the_groups_that_were_asked(backend: Backend) {
    use klankbord::web::views::dashboard::dashboard;
    let app = spawn_app(backend).await;
    let closed = app.svc.demo().unwrap().closed_round.unwrap();
    let mut view = released(&app, closed);
    assert!(view.groups.len() >= 2);
    // The last group was not asked the first theme.
    let g = view.groups.len() - 1;
    let name = view.groups[g].name.clone();
    for item in view.themes[0]
        .items
        .iter_mut()
        .filter(|i| i.kind == ItemType::Scale)
    {
        item.groups[g] = CellView::NotAsked;
    }
    let html = dashboard(&app.svc.round_info(closed).unwrap(), &view).into_string();
    let first = &html[html.find("id=\"thema-0\"").unwrap()..html.find("id=\"thema-1\"").unwrap()];
    assert!(
        !first.contains(&name),
        "no column or legend entry for {name}"
    );
    assert!(!first.contains("n.v.t."));
    let second = &html[html.find("id=\"thema-1\"").unwrap()..];
    assert!(second.contains(&name), "asked in the next theme");
    // In the heat map it is said, not left blank.
    assert!(html.contains("niet gevraagd"));
}

async fn the_json_download_is_the_clis_json_with_the_csvs_permission_and_audit(backend: Backend) {
    let app = spawn_app(backend).await;
    let closed = app.svc.demo().unwrap().closed_round.unwrap();
    let mut vz = demo_as(&app, Role::Chair).await;
    let got = vz
        .get(&format!("/mijn/rondes/{closed}/uitkomsten.json"))
        .await;
    assert_eq!(got.status, 200);
    assert!(
        got.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert!(
        got.header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    assert_eq!(got.body, released_json(&released(&app, closed)));
    assert!(
        audit_lines(&app)
            .iter()
            .any(|l| l.starts_with("export gedownload") && l.ends_with("JSON")),
        "{:?}",
        audit_lines(&app)
    );
    // The council member reads no results in the demo's sharing mode.
    let mut rl = demo_as(&app, Role::CouncilMember).await;
    assert_eq!(
        rl.get(&format!("/mijn/rondes/{closed}/uitkomsten.json"))
            .await
            .status,
        403
    );
}

/// The figures of a view, without the comments' text.
fn figures(view: &ReleasedView) -> ReleasedView {
    let mut v = view.clone();
    for item in v.themes.iter_mut().flat_map(|t| t.items.iter_mut()) {
        for block in item.comments.iter_mut().flatten() {
            block.comments.iter_mut().for_each(|c| c.clear());
        }
    }
    v
}

async fn a_comment_is_redacted_on_the_web_after_a_confirmation(backend: Backend) {
    let app = spawn_app(backend).await;
    let closed = app.svc.demo().unwrap().closed_round.unwrap();
    let before = released(&app, closed);
    let review = format!("/mijn/rondes/{closed}/toelichtingen");

    // The burgemeester and the council member may not.
    for role in [Role::Mayor, Role::CouncilMember] {
        let mut b = demo_as(&app, role).await;
        assert_eq!(b.get(&review).await.status, 403, "{role:?}");
        let csrf = b.get("/mijn").await.csrf();
        let r = b
            .post(
                &format!("{review}/1/1"),
                &[("csrf".into(), csrf), ("bevestigd".into(), "ja".into())],
            )
            .await;
        assert_eq!(r.status, 403, "{role:?}");
    }

    let mut lid = demo_as(&app, Role::DelegationMember).await;
    let dash_before = lid.get(&format!("/mijn/rondes/{closed}/uitkomsten")).await;
    let page = lid.get(&review).await;
    assert_eq!(page.status, 200);
    let question = klankbord::service::redaction::numbered_comments(&before);
    let (_, _, list) = question.iter().find(|q| !q.2.is_empty()).unwrap();
    let q = question.iter().position(|x| !x.2.is_empty()).unwrap() + 1;
    let original = list[0].1.clone();
    assert!(page.body.contains(&original));
    let action = format!("{review}/{q}/1");
    assert!(page.body.contains(&format!("action=\"{action}\"")));
    let own = "Een toelichting zonder het herkenbare deel.";
    let form = |extra: &[(&str, &str)]| {
        let mut f = vec![("csrf".to_owned(), page.csrf())];
        f.extend(
            extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        );
        f
    };

    // A form without its token is refused and changes nothing.
    let r = lid
        .post(
            &action,
            &[
                ("keuze".into(), "standaard".into()),
                ("bevestigd".into(), "ja".into()),
            ],
        )
        .await;
    assert!(r.status == 403 || r.status == 400, "{}", r.status);
    // An empty own text asks again.
    let r = lid
        .post(&action, &form(&[("keuze", "eigen"), ("vervanging", "  ")]))
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Vul de vervangende tekst in"));
    // First the confirmation: what it is now, what it becomes; nothing changed yet.
    let r = lid
        .post(&action, &form(&[("keuze", "eigen"), ("vervanging", own)]))
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Weet u zeker") && r.body.contains("voorgoed weg"));
    assert!(r.body.contains(&original) && r.body.contains(own));
    assert_eq!(
        released(&app, closed),
        before,
        "not before the confirmation"
    );
    // Confirmed: replaced, back to the list with a notice.
    let r = lid
        .post(
            &action,
            &form(&[("keuze", "eigen"), ("vervanging", own), ("bevestigd", "ja")]),
        )
        .await;
    assert_eq!(r.status, 303);
    let list_page = lid.get(&r.location().unwrap()).await;
    assert!(list_page.body.contains("De toelichting is weggelakt"));
    assert!(list_page.body.contains(own));
    let after = released(&app, closed);
    let numbered = klankbord::service::redaction::numbered_comments(&after);
    assert_eq!(numbered[q - 1].2[0].1, own, "the comment has its new text");
    assert_eq!(figures(&after), figures(&before), "every figure unchanged");
    let dash = lid.get(&format!("/mijn/rondes/{closed}/uitkomsten")).await;
    assert!(dash.body.contains(own));
    // The original is gone once (another referent may have written the same).
    assert_eq!(
        dash.body.matches(original.as_str()).count() + 1,
        dash_before.body.matches(original.as_str()).count()
    );

    // The griffier redacts the next one with the standard text.
    let mut g = demo_as(&app, Role::Clerk).await;
    let page = g.get(&review).await;
    let r = g
        .post(
            &format!("{review}/{q}/2"),
            &[
                ("csrf".into(), page.csrf()),
                ("keuze".into(), "standaard".into()),
                ("bevestigd".into(), "ja".into()),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let after = klankbord::service::redaction::numbered_comments(&released(&app, closed));
    assert_eq!(after[q - 1].2[1].1, REDACTED);

    // The log says which comment, never what it said.
    let lines: Vec<String> = audit_lines(&app)
        .into_iter()
        .filter(|l| l.starts_with("toelichting weggelakt"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    // (Both within one second: their order in the log is not fixed.)
    for n in [1, 2] {
        let which = format!("open vraag {q}, toelichting {n}");
        assert!(lines.iter().any(|l| l.contains(&which)), "{lines:?}");
    }
    for l in &lines {
        assert!(!l.contains(&original) && !l.contains(own) && !l.contains(&list[1].1));
    }
    // A comment that does not exist.
    let r = g
        .post(
            &format!("{review}/{q}/999"),
            &[
                ("csrf".into(), page.csrf()),
                ("bevestigd".into(), "ja".into()),
            ],
        )
        .await;
    assert_eq!(r.status, 404);
}

both_backends!(
    the_overview_comes_first_and_says_what_it_compares,
    a_theme_shows_only_the_groups_that_were_asked,
    the_json_download_is_the_clis_json_with_the_csvs_permission_and_audit,
    a_comment_is_redacted_on_the_web_after_a_confirmation,
);

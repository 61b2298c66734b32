//! Opening the link, answering, declining, validation.

use crate::both_backends;
use crate::common::mail::{self, link_for};
pub use crate::common::respond::{full_answers, open_form};
use crate::common::smtp_sink::SmtpSink;
use crate::common::{
    Backend, Options, Resp, TestApp, invite, setup_round, spawn_app, spawn_app_with,
};
use klankbord::domain::audit::System;

pub const RATERS: &[(&str, &str, &str)] = &[
    (
        "Anna Politie",
        "anna@politie.example",
        "veiligheidspartners",
    ),
    ("Bas Raad", "bas@raad.example", "gemeenteraad"),
    ("Carla Wethouder", "carla@college.example", "college"),
];

pub async fn answer(app: &TestApp, link: &str) -> Resp {
    let mut b = app.browser();
    let form = open_form(&mut b, link).await;
    b.post("/vragenlijst", &full_answers(&form)).await
}

async fn the_whole_path_through_a_real_smtp_server_ends_with_thanks(backend: Backend) {
    let sink = SmtpSink::start();
    let app = spawn_app_with(
        backend,
        Options {
            mail: Some(sink.url()),
            ..Options::default()
        },
    )
    .await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);

    let mails: Vec<_> = sink.received().iter().map(|raw| mail::parse(raw)).collect();
    assert_eq!(mails.len(), 3, "one invitation per rater");
    let m = mails
        .iter()
        .find(|m| m.to == "anna@politie.example")
        .unwrap();
    assert!(m.subject.contains("Bert Burgemeester"), "{}", m.subject);
    for needle in [
        "Teststad",
        "Gerda Griffier",
        "griffie@teststad.example",
        "Veiligheidspartners",
        "3",
    ] {
        assert!(m.text.contains(needle), "mail text lacks {needle}");
    }
    assert!(m.html.contains(&link_for(&mails, "anna@politie.example")));

    let done = answer(&app, &link_for(&mails, "anna@politie.example")).await;
    assert_eq!(done.status, 303);
    let to = done.location().unwrap();
    assert!(to.starts_with("/vragenlijst/bedankt?gemeente="), "{to}");
    let thanks = app.browser().get(&to).await;
    assert!(thanks.body.contains("Bedankt voor uw antwoorden"));
    assert!(
        thanks.body.contains("Gemeente Teststad"),
        "the header names the municipality"
    );
    let unknown = app.browser().get("/vragenlijst/bedankt?gemeente=x").await;
    assert_eq!(unknown.status, 200, "an odd query still thanks");
    assert_eq!(
        app.svc
            .progress(System::Cli, round)
            .unwrap()
            .iter()
            .map(|g| g.responses)
            .sum::<usize>(),
        1
    );
}

async fn the_whole_path_through_the_file_outbox_survives_mail_scanners(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let mails = mail::outbox(&app.outbox);
    assert_eq!(mails.len(), 3);
    let link = link_for(&mails, "bas@raad.example");

    // A scanner opens the link with GET, HEAD and GET again: nothing is used up.
    let mut scanner = app.browser();
    assert_eq!(scanner.get(&link).await.status, 303);
    assert_eq!(app.browser().head(&link).await.status, 303);
    assert_eq!(app.browser().get(&link).await.status, 303);
    assert_eq!(scanner.get("/vragenlijst").await.status, 200);

    let done = answer(&app, &link).await;
    assert_eq!(done.status, 303, "{}", done.body);
    let again = app.browser().get(&link).await;
    assert_eq!(again.status, 410, "a used link is gone");
    assert!(again.body.contains("al ingevuld"));
}

async fn a_used_link_cannot_submit_twice(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "carla@college.example");
    let mut b = app.browser();
    let form = open_form(&mut b, &link).await;
    let fields = full_answers(&form);
    assert_eq!(b.post("/vragenlijst", &fields).await.status, 303);

    // The same browser posts the same form again (back button).
    let mut other = app.browser();
    let form2 = other.get(&link).await;
    assert_eq!(form2.status, 410);
    let second = b.post("/vragenlijst", &fields).await;
    assert!(
        matches!(second.status, 403 | 410),
        "second post: {}",
        second.status
    );
    assert_eq!(
        app.svc
            .progress(System::Cli, round)
            .unwrap()
            .iter()
            .map(|g| g.responses)
            .sum::<usize>(),
        1
    );
}

async fn sixty_four_concurrent_posts_with_one_link_store_one_response(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let mut b = app.browser();
    let form = open_form(&mut b, &link).await;
    let fields = full_answers(&form);
    let cookies = b.cookies.clone();
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let mut browser = app.browser();
        browser.cookies = cookies.clone();
        let fields = fields.clone();
        tasks.push(actix_web::rt::spawn(async move {
            browser.post("/vragenlijst", &fields).await.status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "exactly one succeeds: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 303 || *s == 410),
        "the others see 'already answered': {statuses:?}"
    );
    assert_eq!(
        app.db
            .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM sealed_responses"),
        vec!["1"]
    );
}

async fn declining_stores_no_answers_and_tells_the_griffier(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "bas@raad.example");
    let mut b = app.browser();
    let form = open_form(&mut b, &link).await;
    assert!(form.body.contains("/vragenlijst/liever-gesprek"));
    let confirm = b.get("/vragenlijst/liever-gesprek").await;
    assert_eq!(confirm.status, 200);
    let done = b
        .post(
            "/vragenlijst/liever-gesprek",
            &[("csrf".into(), confirm.csrf())],
        )
        .await;
    assert_eq!(done.status, 303);
    assert!(
        done.location()
            .unwrap()
            .starts_with("/vragenlijst/afgemeld?gemeente=")
    );

    let statuses = app.svc.rater_statuses(System::Cli, round).unwrap();
    let bas = statuses
        .iter()
        .find(|r| r.email == "bas@raad.example")
        .unwrap();
    assert_eq!(bas.status.label(), "wil liever een gesprek");
    assert_eq!(
        app.db
            .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM sealed_responses"),
        vec!["0"]
    );
    let again = app.browser().get(&link).await;
    assert_eq!(again.status, 410);
    assert!(again.body.contains("gesprek"));
}

async fn validation_errors_keep_the_answers_and_show_a_summary(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let link = link_for(&mail::outbox(&app.outbox), "anna@politie.example");
    let mut b = app.browser();
    let form = open_form(&mut b, &link).await;
    let mut fields = full_answers(&form);
    // Leave the first statement unanswered and write an over-long comment.
    let first_scale = fields.iter().position(|(_, v)| v == "4").unwrap();
    let missing = fields.remove(first_scale).0;
    let text_field = fields.iter().position(|(_, v)| v == "Goed werk.").unwrap();
    fields[text_field].1 = "x".repeat(2001);
    let second_scale = fields.iter().position(|(_, v)| v == "4").unwrap();
    fields[second_scale].1 = "kib".into();
    let kept = fields[second_scale].0.clone();

    let res = b.post("/vragenlijst", &fields).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("error-summary"), "an error summary");
    assert!(res.body.contains("Nog 1 stelling zonder antwoord"));
    assert!(
        res.body.contains(&format!("#{missing}-1\"")),
        "the summary links to the missing question on its theme's page"
    );
    assert!(res.body.contains("te lang"));
    assert!(
        res.body.contains(&"x".repeat(2001)),
        "the long text is kept"
    );
    assert!(
        res.body.contains("Kan ik niet beoordelen"),
        "the chosen answer is shown"
    );
    assert_eq!(
        app.db
            .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM sealed_responses"),
        vec!["0"]
    );
    // The valid answers were kept in the draft: the theme page of the
    // second statement shows it chosen.
    let count = crate::common::respond::theme_count(&b.get("/vragenlijst").await);
    let mut found = false;
    for n in 1..=count {
        let page = b.get(&format!("/vragenlijst/thema/{n}")).await;
        if page.body.contains(&format!("name=\"{kept}\"")) {
            assert!(
                page.body
                    .contains(&format!("name=\"{kept}\" value=\"kib\" checked")),
                "the chosen answer stays chosen"
            );
            found = true;
        }
    }
    assert!(found);

    // Corrected, the same session can submit.
    fields.push((missing, "2".into()));
    fields[text_field].1 = "Korter.".into();
    assert_eq!(b.post("/vragenlijst", &fields).await.status, 303);
}

async fn a_rater_gets_only_the_items_of_their_group(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, RATERS);
    let mails = mail::outbox(&app.outbox);
    let mut police = app.browser();
    let police_form = open_form(&mut police, &link_for(&mails, "anna@politie.example")).await;
    let mut council = app.browser();
    let council_form = open_form(&mut council, &link_for(&mails, "bas@raad.example")).await;
    assert!(police_form.body.contains("Openbare orde en veiligheid"));
    assert!(council_form.body.contains("Voorzitter van de raad"));
    assert!(
        !police_form.body.contains("Voorzitter van de raad"),
        "the police do not judge the raadsvoorzitter"
    );

    // The form offers exactly the items targeted at the group.
    let q = klankbord::store::questionnaire::load(&mut pool_conn(&app), round).unwrap();
    let groups = app.svc.progress(System::Cli, round).unwrap();
    let police_group = groups
        .iter()
        .find(|g| g.group.key == "veiligheidspartners")
        .unwrap()
        .group
        .id;
    let expected = q.for_group(police_group);
    for item in q.items() {
        let shown = police_form
            .body
            .contains(&format!("name=\"v-{}\"", item.id));
        assert_eq!(
            shown,
            expected.item(item.id).is_some(),
            "item {} shown: {shown}",
            item.text
        );
    }
    // Posting an answer to another group's item stores nothing for it.
    let mut fields = full_answers(&police_form);
    let foreign = q.items().find(|i| expected.item(i.id).is_none()).unwrap();
    fields.push((format!("v-{}", foreign.id), "1".into()));
    assert_eq!(police.post("/vragenlijst", &fields).await.status, 303);
    // Opened as at close (without publishing): the sealed response holds
    // answers to the group's own items only.
    use diesel::RunQueryDsl;
    diesel::sql_query(format!(
        "UPDATE rounds SET state = 'gesloten' WHERE id = '{round}'"
    ))
    .execute(&mut pool_conn(&app))
    .unwrap();
    let opened = app.svc.publish_input(round).unwrap();
    assert_eq!(opened.headcounts.get(&police_group), Some(&1));
    assert!(!opened.scores.contains_key(&(police_group, foreign.id)));
    let own = expected
        .items()
        .find(|i| i.kind == klankbord::domain::questionnaire::ItemKind::Scale)
        .unwrap();
    assert_eq!(opened.scores[&(police_group, own.id)], [0, 0, 0, 0, 1, 0]);
}

fn pool_conn(app: &TestApp) -> klankbord::store::DbConnection {
    use diesel::Connection;
    match app.db.backend {
        Backend::Sqlite => klankbord::store::DbConnection::Sqlite(
            diesel::SqliteConnection::establish(&app.db.url).unwrap(),
        ),
        Backend::Postgres => klankbord::store::DbConnection::Postgres(
            diesel::PgConnection::establish(&app.db.url).unwrap(),
        ),
    }
}

both_backends!(
    the_whole_path_through_a_real_smtp_server_ends_with_thanks,
    the_whole_path_through_the_file_outbox_survives_mail_scanners,
    a_used_link_cannot_submit_twice,
    sixty_four_concurrent_posts_with_one_link_store_one_response,
    declining_stores_no_answers_and_tells_the_griffier,
    validation_errors_keep_the_answers_and_show_a_summary,
    a_rater_gets_only_the_items_of_their_group,
);

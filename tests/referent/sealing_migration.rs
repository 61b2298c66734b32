//! Rounds stored by an earlier version with readable answers: the upgrade
//! seals the answers of rounds not yet closed, deletes those of closed rounds
//! (their released views stay) and drops the plain tables.

use crate::both_backends;
use crate::common::mail;
use crate::common::respond::answer_with;
use crate::common::{Backend, TestApp, invite, new_round, setup_round, spawn_app};
use klankbord::domain::audit::System;

/// Every referent with a mail in the outbox answers.
async fn answer_all(app: &TestApp, value: &str, comment: &str) {
    for m in mail::outbox(&app.outbox) {
        assert_eq!(answer_with(app, &mail::link(&m), value, comment).await, 303);
    }
}

fn migration_sql(backend: Backend, name: &str, file: &str) -> String {
    let folder = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    std::fs::read_to_string(format!(
        "{}/migrations/{folder}/{name}/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Puts the database back to the schema of before sealing (000004).
fn back_to_plain_tables(app: &TestApp) {
    let b = app.db.backend;
    app.db.execute(&migration_sql(
        b,
        "2026-12-02-000006_drop_plain_responses",
        "down.sql",
    ));
    app.db.execute(&migration_sql(
        b,
        "2026-12-02-000005_sealed_responses",
        "down.sql",
    ));
    app.db.execute(
        "DELETE FROM __diesel_schema_migrations WHERE version IN ('20261202000005', '20261202000006')",
    );
}

async fn the_upgrade_seals_open_rounds_and_deletes_the_answers_of_closed_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    // A closed round with its released view, and an open one.
    let closed = setup_round(&app, 3);
    invite(
        &app,
        closed,
        &[
            ("A", "a@raad.example", "gemeenteraad"),
            ("B", "b@raad.example", "gemeenteraad"),
            ("C", "c@raad.example", "gemeenteraad"),
        ],
    );
    answer_all(&app, "4", "Gesloten ronde.").await;
    app.svc.close_round(System::Cli, closed).unwrap();
    let view_before = app.db.query(&format!(
        "SELECT view AS v FROM released_views WHERE round_id = '{closed}'"
    ));
    let municipality = app.svc.round_info(closed).unwrap().municipality_id;
    let open = new_round(
        &app,
        municipality,
        klankbord::domain::round::RoundKind::Regular,
        klankbord::domain::round::MinGroupSize::DEFAULT,
    );
    let groups = app.svc.round_groups(open).unwrap();
    let council = groups.iter().find(|g| g.key == "gemeenteraad").unwrap().id;
    let own = groups.iter().find(|g| g.is_self).unwrap().id;
    let q = app.svc.self_questionnaire(System::Cli, open).unwrap();
    let items: Vec<_> = q.for_group(council).items().cloned().collect();
    let scale = items
        .iter()
        .find(|i| i.kind == klankbord::domain::questionnaire::ItemKind::Scale)
        .unwrap()
        .id;
    let text = items
        .iter()
        .find(|i| {
            matches!(
                i.kind,
                klankbord::domain::questionnaire::ItemKind::Open { .. }
            )
        })
        .unwrap()
        .id;

    back_to_plain_tables(&app);
    // As the earlier version stored them: three council responses (1, 2, 3 on
    // one statement), two comments apart from them, and the self-assessment;
    // one response of the closed round that should not be there any more.
    let mut sql = String::new();
    for (n, (group, value)) in [(council, 1), (council, 2), (council, 3), (own, 5)]
        .iter()
        .enumerate()
    {
        let id = uuid::Uuid::new_v4();
        sql.push_str(&format!(
            "INSERT INTO responses (id, round_id, rater_group_id) VALUES ('{id}', '{open}', '{group}');
             INSERT INTO response_scores (response_id, item_id, value) VALUES ('{id}', '{scale}', {value});"
        ));
        if n < 2 {
            sql.push_str(&format!(
                "INSERT INTO response_comments (id, round_id, rater_group_id, item_id, body) VALUES ('{}', '{open}', '{council}', '{text}', 'Oude toelichting {n}');",
                uuid::Uuid::new_v4()
            ));
        }
    }
    let closed_group = app.svc.round_groups(closed).unwrap()[0].id;
    sql.push_str(&format!(
        "INSERT INTO responses (id, round_id, rater_group_id) VALUES ('{}', '{closed}', '{closed_group}');",
        uuid::Uuid::new_v4()
    ));
    app.db.execute(&sql);

    // The next start of the server upgrades.
    let upgraded = app.second_instance();
    let tables = match backend {
        Backend::Sqlite => app
            .db
            .query("SELECT name AS v FROM sqlite_master WHERE type = 'table'"),
        Backend::Postgres => app
            .db
            .query("SELECT tablename::text AS v FROM pg_tables WHERE schemaname = 'public'"),
    };
    for plain in ["responses", "response_scores", "response_comments"] {
        assert!(
            !tables.contains(&plain.to_owned()),
            "{plain} was not dropped"
        );
    }
    assert_eq!(
        app.db.query(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM sealed_responses WHERE round_id = '{open}'"
        )),
        vec!["4"]
    );
    assert!(
        app.db
            .query(&format!(
                "SELECT id AS v FROM sealed_responses WHERE round_id = '{closed}'"
            ))
            .is_empty()
    );
    assert_eq!(
        app.db.query(&format!(
            "SELECT view AS v FROM released_views WHERE round_id = '{closed}'"
        )),
        view_before,
        "the closed round keeps its view"
    );
    assert!(
        upgraded
            .progress(System::Cli, open)
            .unwrap()
            .iter()
            .any(|g| g.group.is_self && g.responses == 1),
        "the self-assessment is known to be done"
    );

    // Opened as at close: exactly what was stored before the upgrade.
    app.db.execute(&format!(
        "UPDATE rounds SET state = 'gesloten' WHERE id = '{open}'"
    ));
    let input = upgraded.publish_input(open).unwrap();
    assert_eq!(input.headcounts.get(&council), Some(&3));
    assert_eq!(input.headcounts.get(&own), Some(&1));
    assert_eq!(input.scores[&(council, scale)], [0, 1, 1, 1, 0, 0]);
    assert_eq!(input.scores[&(own, scale)], [0, 0, 0, 0, 0, 1]);
    let mut bodies: Vec<_> = input.comments[&text]
        .iter()
        .map(|c| c.body.clone())
        .collect();
    bodies.sort();
    assert_eq!(bodies, ["Oude toelichting 0", "Oude toelichting 1"]);
}

both_backends!(the_upgrade_seals_open_rounds_and_deletes_the_answers_of_closed_ones);

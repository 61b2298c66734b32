//! What the database holds: nothing that links a response to a rater or
//! tells the order of submissions; no raw token anywhere.

use crate::answering::{answer, full_answers, open_form};
use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::{Backend, invite, logs, setup_round, spawn_app};

const SIX: &[(&str, &str, &str)] = &[
    ("R1", "r1@raad.example", "gemeenteraad"),
    ("R2", "r2@raad.example", "gemeenteraad"),
    ("R3", "r3@raad.example", "gemeenteraad"),
    ("R4", "r4@raad.example", "gemeenteraad"),
    ("R5", "r5@raad.example", "gemeenteraad"),
    ("R6", "r6@raad.example", "gemeenteraad"),
];

async fn nothing_in_the_database_recovers_the_order_of_submissions(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, SIX);
    let mails = mail::outbox(&app.outbox);
    // Each rater answers the first statement with their own number: 1..5, then "kib".
    let mut marker_item = String::new();
    for (i, (_, email, _)) in SIX.iter().enumerate() {
        let mut b = app.browser();
        let form = open_form(&mut b, &link_for(&mails, email)).await;
        let mut fields = full_answers(&form);
        let first = fields
            .iter_mut()
            .find(|(k, v)| k.starts_with("v-") && v == "4")
            .unwrap();
        marker_item = first.0.trim_start_matches("v-").to_owned();
        first.1 = if i < 5 {
            (i + 1).to_string()
        } else {
            "kib".into()
        };
        assert_eq!(b.post("/vragenlijst", &fields).await.status, 303);
    }

    // No column of responses can hold a rater, invitation, time or address.
    let columns = match backend {
        Backend::Sqlite => app.db.query("SELECT name AS v FROM pragma_table_info('responses')"),
        Backend::Postgres => app.db.query(
            "SELECT column_name::text AS v FROM information_schema.columns WHERE table_name = 'responses' ORDER BY ordinal_position",
        ),
    };
    assert_eq!(columns, vec!["id", "round_id", "rater_group_id"]);

    // Rows come back in the order of their random keys, not of submission;
    // on PostgreSQL the physical order and xmin say nothing either.
    let sorted = app.db.query("SELECT id AS v FROM responses ORDER BY id");
    assert_eq!(sorted.len(), 6);
    assert_eq!(
        app.db.query("SELECT id AS v FROM responses"),
        sorted,
        "storage order is key order"
    );
    let markers = app.db.query(&format!(
        "SELECT CAST(s.value AS TEXT) AS v FROM responses r JOIN response_scores s ON s.response_id = r.id AND s.item_id = '{marker_item}' ORDER BY r.id"
    ));
    let mut in_submission_order = markers.clone();
    in_submission_order.sort_by_key(|v| {
        if v == "0" {
            6
        } else {
            v.parse::<i32>().unwrap()
        }
    });
    assert_eq!(
        in_submission_order,
        vec!["1", "2", "3", "4", "5", "0"],
        "every submission is there"
    );
    match backend {
        Backend::Sqlite => {
            let rowid = app.db.query("SELECT sql AS v FROM sqlite_master WHERE name IN ('responses', 'response_scores', 'response_comments')");
            assert_eq!(rowid.len(), 3);
            assert!(
                rowid.iter().all(|s| s.contains("WITHOUT ROWID")),
                "{rowid:?}"
            );
        }
        Backend::Postgres => {
            assert_eq!(
                app.db.query("SELECT id AS v FROM responses ORDER BY ctid"),
                sorted,
                "physical order is key order"
            );
            let scores_by_ctid = app
                .db
                .query("SELECT response_id || item_id AS v FROM response_scores ORDER BY ctid");
            let mut scores_sorted = scores_by_ctid.clone();
            scores_sorted.sort();
            assert_eq!(scores_by_ctid, scores_sorted);
            let comments_by_ctid = app
                .db
                .query("SELECT id AS v FROM response_comments ORDER BY ctid");
            let mut comments_sorted = comments_by_ctid.clone();
            comments_sorted.sort();
            assert_eq!(comments_by_ctid, comments_sorted);
            for table in ["responses", "response_scores", "response_comments"] {
                let xmins = app
                    .db
                    .query(&format!("SELECT DISTINCT xmin::text AS v FROM {table}"));
                assert_eq!(
                    xmins.len(),
                    1,
                    "every {table} row was rewritten by the last submission"
                );
            }
        }
    }
    // Responses are keyed by random UUIDv4s.
    for id in app.db.query("SELECT id AS v FROM responses") {
        assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 4);
    }
    // The invitations say who answered, not when, and nothing joins them to responses.
    let inv_cols = match backend {
        Backend::Sqlite => app.db.query("SELECT name AS v FROM pragma_table_info('invitations')"),
        Backend::Postgres => app.db.query(
            "SELECT column_name::text AS v FROM information_schema.columns WHERE table_name = 'invitations' ORDER BY ordinal_position",
        ),
    };
    assert_eq!(
        inv_cols,
        vec![
            "id",
            "round_id",
            "rater_id",
            "token_seed",
            "token_hash",
            "status"
        ]
    );
    let dump = app.db.dump();
    for id in app.db.query("SELECT id AS v FROM responses") {
        for line in dump.lines().filter(|l| l.contains(&id)) {
            assert!(
                line.starts_with("responses:") || line.starts_with("response_scores:"),
                "response id elsewhere: {line}"
            );
        }
    }
}

async fn no_raw_token_is_stored_or_logged(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, &SIX[..3]);
    app.svc.send_reminders(round).unwrap();
    app.deliver();
    let mails = mail::outbox(&app.outbox);
    assert_eq!(mails.len(), 6, "three invitations and three reminders");
    let links: Vec<String> = mails.iter().map(mail::link).collect();
    let first = links[0].clone();
    assert_eq!(answer(&app, &first).await.status, 303);
    let _ = app.browser().get(&links[1]).await;

    let dump = app.db.dump();
    let logs = logs::captured();
    assert!(
        logs.contains("route=/r/{token}"),
        "the access log shows route patterns"
    );
    for link in &links {
        let token = link.rsplit('/').next().unwrap();
        assert_eq!(token.len(), 43);
        let hex = klankbord::domain::token::hex(
            &klankbord::domain::token::InvitationToken::parse(token)
                .unwrap()
                .as_bytes()[..],
        );
        assert!(
            !dump.contains(token) && !dump.contains(&hex),
            "token in the database"
        );
        assert!(!logs.contains(token), "token in the logs");
    }
    for (_, email, _) in SIX {
        assert!(!logs.contains(email), "an address in the logs");
    }
    assert!(!logs.contains("Goed werk."), "an answer in the logs");
}

both_backends!(
    nothing_in_the_database_recovers_the_order_of_submissions,
    no_raw_token_is_stored_or_logged
);

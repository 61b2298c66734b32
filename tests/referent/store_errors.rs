//! What the store does with data it cannot trust or cannot write: a stored
//! value that does not parse is an error, never a default; a full disk is
//! the calm "not reachable, nothing lost" page, and loses nothing.

use std::net::TcpListener;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, CustomizeConnection};
use diesel::sqlite::SqliteConnection;
use klankbord::app::Application;
use klankbord::domain::audit::System;
use klankbord::mail::MailTransport;
use klankbord::security::ServerKey;
use klankbord::service::{Klankbord, ServiceError};
use klankbord::store::connection::ConnectionManager;
use klankbord::store::{DbConnection, StoreError};

use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::respond::{answer_with, answers_with, open_form};
use crate::common::{Backend, TestApp, invite, setup_round, spawn_app};

const THREE: &[(&str, &str, &str)] = &[
    ("R1", "r1@raad.example", "gemeenteraad"),
    ("R2", "r2@raad.example", "gemeenteraad"),
    ("R3", "r3@raad.example", "gemeenteraad"),
];

fn is_corrupt<T: std::fmt::Debug>(r: &Result<T, ServiceError>) -> bool {
    matches!(r, Err(ServiceError::Store(StoreError::Corrupt(_))))
}

fn of_rater(email: &str) -> String {
    format!("rater_id IN (SELECT id FROM raters WHERE email = '{email}')")
}

async fn an_unknown_stored_state_or_a_malformed_id_fails_loudly(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    let mut csv = String::from("naam,email,groep\n");
    for (n, e, g) in THREE {
        csv.push_str(&format!("{n},{e},{g}\n"));
    }
    app.svc
        .import_raters(System::Cli, round, csv.as_bytes())
        .unwrap();
    assert!(app.svc.progress(System::Cli, round).is_ok());

    // A status no version ever wrote: not "some other status", an error.
    app.db.execute(&format!(
        "UPDATE invitations SET status = 'zoekgeraakt' WHERE {}",
        of_rater("r1@raad.example")
    ));
    let progress = app.svc.progress(System::Cli, round);
    assert!(
        is_corrupt(&progress),
        "unknown status read as: {progress:?}"
    );
    app.db.execute(&format!(
        "UPDATE invitations SET status = 'niet-verstuurd' WHERE {}",
        of_rater("r1@raad.example")
    ));
    assert!(app.svc.progress(System::Cli, round).is_ok());

    // An id that is no id: the list of referenten refuses to show it.
    app.db.execute(&format!(
        "UPDATE invitations SET id = 'kapot' WHERE {}",
        of_rater("r2@raad.example")
    ));
    let statuses = app.svc.rater_statuses(System::Cli, round);
    assert!(is_corrupt(&statuses), "malformed id read as: {statuses:?}");
    // Not something a person may be told about: a generic page, and a log line.
    assert!(!ServiceError::Store(StoreError::Corrupt(String::new())).is_user_facing());
}

both_backends!(an_unknown_stored_state_or_a_malformed_id_fails_loudly);

/// Caps every new connection's database at `pages` pages, as a full disk would.
#[derive(Debug)]
struct MaxPages(i64);

impl CustomizeConnection<DbConnection, r2d2::Error> for MaxPages {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute(&format!("PRAGMA max_page_count = {}", self.0))
            .map_err(r2d2::Error::QueryError)
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Fills the SQLite file up to its current size and returns that size in
/// pages: from then on any write that needs one more page fails with
/// `SQLITE_FULL` on a connection capped at it.
fn fill_up(path: &str) -> i64 {
    let mut c = SqliteConnection::establish(path).unwrap();
    c.batch_execute("CREATE TABLE filler (b BLOB)").unwrap();
    let pages = diesel::sql_query("SELECT page_count AS n FROM pragma_page_count()")
        .get_result::<Count>(&mut c)
        .unwrap()
        .n;
    c.batch_execute(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    // Take every free page, then every byte of the last ones.
    for size in [3000, 500, 50, 1] {
        for _ in 0..100_000 {
            let put = c.batch_execute(&format!("INSERT INTO filler VALUES (randomblob({size}))"));
            match put {
                Ok(()) => {}
                Err(e) => {
                    assert!(e.to_string().contains("full"), "filling: {e}");
                    break;
                }
            }
        }
    }
    pages
}

/// The same server (database, key, mail) on a pool whose connections see
/// the database as full.
fn full_disk_instance(app: &TestApp, pages: i64) -> String {
    let s = &app.settings;
    let pool = r2d2::Pool::builder()
        .max_size(2)
        .connection_customizer(Box::new(MaxPages(pages)))
        .build(ConnectionManager::new(s.database.url.clone()))
        .unwrap();
    let svc = Klankbord::new(
        pool,
        ServerKey::load_or_create(&s.secret_file).unwrap(),
        &s.http.base_url,
        MailTransport::from_settings(&s.mail).unwrap(),
        klankbord::service::system_clock(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let server = Application::build_with(svc, listener, &s.http, false).unwrap();
    actix_web::rt::spawn(server.run_until_stopped());
    address
}

#[actix_web::test]
async fn a_full_disk_answers_a_submit_with_the_calm_503_page_and_loses_nothing() {
    let app = spawn_app(Backend::Sqlite).await;
    let round = setup_round(&app, 3);
    invite(&app, round, THREE);
    let mails = mail::outbox(&app.outbox);
    let first = link_for(&mails, "r1@raad.example");
    assert_eq!(answer_with(&app, &first, "4", "Eerste reactie.").await, 303);

    let pages = fill_up(&app.db.url);
    let full = full_disk_instance(&app, pages);
    let mut b = crate::common::Browser::new(&full);
    let form = open_form(&mut b, &link_for(&mails, "r2@raad.example")).await;
    let long = "Een lange toelichting. ".repeat(80);
    let res = b
        .post("/vragenlijst", &answers_with(&form, "3", &long))
        .await;
    assert_eq!(res.status, 503, "a full disk is not an internal error");
    assert!(res.body.contains("Even niet bereikbaar"), "{}", res.body);
    assert!(res.body.contains("niet verloren"), "{}", res.body);
    assert!(
        crate::common::logs::captured().contains("database or disk is full"),
        "the 503 comes from the full disk"
    );

    // Room again: the earlier answer is still there, and the referent whose
    // submit failed can still answer once.
    app.db.execute("DROP TABLE filler");
    let answered: usize = app
        .svc
        .progress(System::Cli, round)
        .unwrap()
        .iter()
        .map(|g| g.answered)
        .sum();
    assert_eq!(answered, 1);
    assert_eq!(
        answer_with(&app, &link_for(&mails, "r2@raad.example"), "3", "Alsnog.").await,
        303
    );
    app.svc.close_round(System::Cli, round).unwrap();
    let klankbord::service::results::RoundResults::Released(view) =
        app.svc.results(System::Cli, round).unwrap()
    else {
        panic!("released")
    };
    assert_eq!(view.respondents, 2);
}

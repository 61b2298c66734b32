//! TLS where municipalities need it: mail through a relay whose certificate
//! comes from the municipality's own CA (trusted through
//! `KLANKBORD_SMTP_CA_FILE` or the system's roots, refused otherwise), and
//! PostgreSQL over TLS with `sslmode` from `DATABASE_URL`.

use std::sync::Arc;

use diesel::prelude::*;
use klankbord::config::Settings;

use crate::common::db::{admin_url, postgres_or_skip};
use crate::common::smtp_sink::SmtpSink;
use crate::common::tls::ServerTls;
use crate::common::{Backend, TestDb};
use crate::{Cli, id_after};

/// A round of one referent, ready to be invited.
fn round_with_one_referent(cli: &Cli) -> String {
    let today = jiff::Zoned::now().date();
    let d = |days: i64| {
        today
            .checked_add(jiff::ToSpan::days(days))
            .unwrap()
            .to_string()
    };
    cli.ok(&[
        "create-municipality",
        "--name",
        "Dorpstad",
        "--clerk-name",
        "Gerda Griffier",
        "--clerk-email",
        "griffie@dorpstad.example",
    ]);
    cli.ok(&[
        "create-mayor",
        "--municipality",
        "Dorpstad",
        "--name",
        "Bert Burgemeester",
        "--email",
        "bm@dorpstad.example",
    ]);
    let out = cli.ok(&[
        "create-round",
        "--municipality",
        "Dorpstad",
        "--opens",
        &d(0),
        "--closes",
        &d(21),
        "--meeting",
        &d(30),
    ]);
    let round = id_after(&out, "Ronde aangemaakt:");
    std::fs::write(
        cli.path("r.csv"),
        "naam,email,groep\nAnna,anna@raad.example,gemeenteraad\n",
    )
    .unwrap();
    cli.ok(&["import-raters", &round, "r.csv"]);
    round
}

/// `klankbord invite` against an smtps relay with a certificate of our own
/// CA, with the extra settings given; returns its output and what arrived.
fn invite_through_tls_relay(tls: &ServerTls, env: &[(&str, &str)]) -> (String, usize) {
    let sink = SmtpSink::start_tls(tls);
    let cli = Cli::new(Backend::Sqlite);
    let round = round_with_one_referent(&cli);
    let url = sink.smtps_url();
    let mut all = vec![("KLANKBORD_MAIL", url.as_str())];
    all.extend_from_slice(env);
    let out = cli.run_env(&["invite", &round], &all);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    (said, sink.received().len())
}

#[test]
fn mail_reaches_a_relay_of_an_own_ca_only_when_that_ca_is_trusted() {
    let tls = ServerTls::new("Gemeente Dorpstad interne CA");
    let ca = tls.ca.display().to_string();

    let (said, arrived) = invite_through_tls_relay(&tls, &[]);
    assert_eq!(arrived, 0, "not trusted: nothing sent");
    assert!(said.contains("0 verstuurd"), "{said}");

    let (said, arrived) = invite_through_tls_relay(&tls, &[("KLANKBORD_SMTP_CA_FILE", &ca)]);
    assert_eq!(arrived, 1, "{said}");
    assert!(said.contains("1 verstuurd"), "{said}");

    // The system's roots count too (SSL_CERT_FILE stands in for the CA an
    // IT department adds to /etc/ssl/certs).
    let (said, arrived) = invite_through_tls_relay(&tls, &[("SSL_CERT_FILE", &ca)]);
    assert_eq!(arrived, 1, "{said}");

    // Another CA's file does not make the relay trusted.
    let other = ServerTls::new("Een andere CA");
    let wrong = other.ca.display().to_string();
    let (_, arrived) = invite_through_tls_relay(&tls, &[("KLANKBORD_SMTP_CA_FILE", &wrong)]);
    assert_eq!(arrived, 0);
}

#[test]
fn a_ca_file_that_cannot_be_used_stops_the_start() {
    let cli = Cli::new(Backend::Sqlite);
    std::fs::write(cli.path("leeg.pem"), "geen certificaat\n").unwrap();
    for file in [cli.path("leeg.pem"), cli.path("bestaat-niet.pem")] {
        let out = cli.run_env(
            &["rounds"],
            &[
                ("KLANKBORD_MAIL", "smtps://smtp.example.nl"),
                ("KLANKBORD_SMTP_CA_FILE", &file),
            ],
        );
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("KLANKBORD_SMTP_CA_FILE"), "{err}");
    }
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = diesel::sql_types::Text)]
    v: String,
}

/// Whether the server has TLS on; under CI it must (`.ci/run` turns it on).
fn server_has_tls() -> Option<String> {
    let mut admin = PgConnection::establish(&admin_url()).unwrap();
    let show = |c: &mut PgConnection, what: &str| {
        diesel::sql_query(format!("SELECT current_setting('{what}') AS v"))
            .get_result::<Row>(c)
            .unwrap()
            .v
    };
    if show(&mut admin, "ssl") == "on" {
        return Some(show(&mut admin, "ssl_cert_file"));
    }
    assert!(
        !std::env::var("CI").is_ok_and(|v| v == "true" || v == "1"),
        "CI=true but PostgreSQL has ssl = off; .ci/run turns it on"
    );
    eprintln!("SKIPPED: PostgreSQL has ssl = off");
    None
}

/// How many of Klankbord's connections to `db` use TLS, of how many.
fn tls_connections(db: &TestDb, url: &str) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let env = |k: &str| match k {
        "DATABASE_URL" => Some(url.to_owned()),
        "KLANKBORD_DB_POOL" => Some("2".to_owned()),
        "KLANKBORD_SECRET_FILE" => Some(dir.path().join("key").display().to_string()),
        "KLANKBORD_MAIL" => Some(format!("file:{}", dir.path().join("outbox").display())),
        _ => None,
    };
    let settings = Settings::from_lookup(env).unwrap();
    let clock: klankbord::service::Clock = Arc::new(jiff::Timestamp::now);
    let svc = klankbord::app::services(&settings, clock).unwrap();
    let rows = db.query(
        "SELECT CAST(s.ssl AS TEXT) AS v FROM pg_stat_ssl s \
         JOIN pg_stat_activity a ON a.pid = s.pid \
         WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()",
    );
    drop(svc);
    (rows.iter().filter(|v| *v == "true").count(), rows.len())
}

#[test]
fn postgres_takes_sslmode_from_the_url() {
    if !postgres_or_skip() {
        return;
    }
    let Some(server_cert) = server_has_tls() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::create(Backend::Postgres, dir.path());

    let (tls, all) = tls_connections(&db, &format!("{}?sslmode=require", plain(&db.url)));
    assert!(all >= 1 && tls == all, "{tls} of {all} over TLS");
    let (tls, all) = tls_connections(&db, &format!("{}?sslmode=disable", plain(&db.url)));
    assert!(all >= 1 && tls == 0, "{tls} of {all} over TLS");

    // verify-ca with the server's own (self-signed) certificate as the CA
    // works; verify-full with another CA is refused at start.
    let cli = Cli::new(Backend::Sqlite);
    let right = format!(
        "{}?sslmode=verify-ca&sslrootcert={server_cert}",
        plain(&db.url)
    );
    let out = cli.run_env(&["migrate"], &[("DATABASE_URL", &right)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let other = ServerTls::new("Een andere CA");
    let wrong = format!(
        "{}?sslmode=verify-full&sslrootcert={}",
        plain(&db.url),
        other.ca.display()
    );
    let out = cli.run_env(&["migrate"], &[("DATABASE_URL", &wrong)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("certificate"), "{err}");
}

/// The test database's URL without its query (the tests choose `sslmode`).
fn plain(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

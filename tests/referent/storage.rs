//! The storage attacker: someone with the database files, a copy of them or
//! the database's log. While a round is open they find no readable answer and
//! nothing that orders or sizes the sealed records; after close they find
//! neither the records nor the round's key. No raw token anywhere.

use klankbord::domain::audit::System;
use std::path::{Path, PathBuf};

use crate::answering::{answer, open_form};
use crate::both_backends;
use crate::common::mail::{self, link_for};
use crate::common::respond::answers_with;
use crate::common::{Backend, TestApp, invite, logs, setup_round, spawn_app};

const SIX: &[(&str, &str, &str)] = &[
    ("R1", "r1@raad.example", "gemeenteraad"),
    ("R2", "r2@raad.example", "gemeenteraad"),
    ("R3", "r3@raad.example", "gemeenteraad"),
    ("R4", "r4@raad.example", "gemeenteraad"),
    ("R5", "r5@raad.example", "gemeenteraad"),
    ("R6", "r6@raad.example", "gemeenteraad"),
];

/// A unique text per referent, of very different lengths.
fn marker(i: usize) -> String {
    format!(
        "MARKER{i}-{}{}",
        uuid::Uuid::new_v4().simple(),
        "x".repeat(i * 150)
    )
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// The raw bytes an attacker with the files has: SQLite's main file and its
/// log; PostgreSQL's WAL written since `since` (a WAL file name).
fn raw_files(app: &TestApp, pg: &Option<Postgres>) -> Vec<(String, Vec<u8>)> {
    match (&app.db.backend, pg) {
        (Backend::Sqlite, _) => {
            let main = PathBuf::from(&app.db.url);
            let wal = PathBuf::from(format!("{}-wal", app.db.url));
            vec![
                ("main file".into(), read(&main)),
                ("-wal".into(), read(&wal)),
            ]
        }
        (Backend::Postgres, Some(pg)) => pg.wal_since_start(),
        (Backend::Postgres, None) => panic!("no PostgreSQL facts"),
    }
}

/// Where PostgreSQL keeps its files, and the first WAL file of this test.
/// A replication slot keeps every WAL file from the start of the test until
/// it ends, as an attacker's WAL archive would (checkpoints of other tests
/// would otherwise recycle them).
struct Postgres {
    data_dir: PathBuf,
    first_wal: String,
    start_lsn: String,
    slot: String,
    db_url: String,
}

impl Drop for Postgres {
    fn drop(&mut self) {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        if let Ok(mut c) = diesel::PgConnection::establish(&self.db_url) {
            let _ = c.batch_execute(&format!("SELECT pg_drop_replication_slot('{}')", self.slot));
        }
    }
}

impl Postgres {
    fn new(app: &TestApp) -> Self {
        let data_dir = PathBuf::from(
            app.db
                .query("SELECT setting AS v FROM pg_settings WHERE name = 'data_directory'")
                .remove(0),
        );
        let slot = format!("kb_attacker_{}", uuid::Uuid::new_v4().simple());
        // The slot reserves from the last checkpoint on; this test starts now.
        app.db.query(&format!(
            "SELECT slot_name::text AS v FROM pg_create_physical_replication_slot('{slot}', true)"
        ));
        let start_lsn = app
            .db
            .query("SELECT pg_current_wal_insert_lsn()::text AS v")
            .remove(0);
        let first_wal = app
            .db
            .query(&format!("SELECT pg_walfile_name('{start_lsn}') AS v"))
            .remove(0);
        Self {
            data_dir,
            first_wal,
            start_lsn,
            slot,
            db_url: app.db.url.clone(),
        }
    }

    fn wal_since_start(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(self.data_dir.join("pg_wal"))
            .expect("pg_wal is readable (run the tests as root or as postgres)")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.len() == 24 && n.as_str() >= self.first_wal.as_str())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no WAL file since {}", self.first_wal);
        files
            .into_iter()
            .map(|n| {
                let bytes = read(&self.data_dir.join("pg_wal").join(&n));
                (format!("pg_wal/{n}"), bytes)
            })
            .collect()
    }

    /// pg_waldump's lines for the records written since the start.
    fn waldump(&self, app: &TestApp) -> Option<String> {
        let bin = waldump_binary()?;
        let end = app
            .db
            .query("SELECT pg_current_wal_flush_lsn()::text AS v")
            .remove(0);
        let out = std::process::Command::new(bin)
            .arg("--path")
            .arg(self.data_dir.join("pg_wal"))
            .args(["--start", &self.start_lsn, "--end", &end])
            .output()
            .expect("pg_waldump runs");
        Some(format!(
            "{}\n(stderr: {})",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn waldump_binary() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path().join("bin/pg_waldump"))
        .filter(|p| p.exists())
        .collect();
    found.sort();
    let bin = found.pop();
    if bin.is_none() {
        assert!(
            std::env::var("CI").is_err(),
            "CI: pg_waldump (Debian's postgresql-15) is needed to read the WAL"
        );
        eprintln!("SKIPPED: pg_waldump not found; the WAL is still searched byte by byte");
    }
    bin
}

/// The relation names of the test database by their file node.
fn relations(app: &TestApp) -> std::collections::HashMap<String, String> {
    app.db
        .query(
            "SELECT c.relfilenode::text || '=' || COALESCE(o.relname, c.relname) AS v
             FROM pg_class c LEFT JOIN pg_class o ON o.reltoastrelid = c.oid
             WHERE c.relfilenode <> 0",
        )
        .into_iter()
        .filter_map(|l| {
            let (node, name) = l.split_once('=')?;
            Some((node.to_owned(), name.to_owned()))
        })
        .collect()
}

fn hex_column(backend: Backend, column: &str) -> String {
    match backend {
        Backend::Sqlite => format!("lower(hex({column}))"),
        Backend::Postgres => format!("encode({column}, 'hex')"),
    }
}

/// The sealed records and the sealed round key, as a backup has them.
fn sealed_rows(app: &TestApp) -> (Vec<Vec<u8>>, Vec<u8>) {
    let b = app.db.backend;
    let records = app
        .db
        .query(&format!(
            "SELECT {} AS v FROM sealed_responses",
            hex_column(b, "sealed")
        ))
        .iter()
        .map(|h| unhex(h))
        .collect();
    let key = app.db.query(&format!(
        "SELECT {} AS v FROM round_keys",
        hex_column(b, "sealed_key")
    ));
    (records, unhex(&key[0]))
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Six referenten answer in a known order, each with a marker comment and a
/// score pattern of their own. Returns the markers.
async fn six_answer(app: &TestApp) -> Vec<String> {
    let mails = mail::outbox(&app.outbox);
    let mut markers = Vec::new();
    for (i, (_, email, _)) in SIX.iter().enumerate() {
        let mut b = app.browser();
        let form = open_form(&mut b, &link_for(&mails, email)).await;
        let m = marker(i);
        let value = ["1", "2", "3", "4", "5", "kib"][i];
        let fields = answers_with(&form, value, &m);
        assert_eq!(b.post("/vragenlijst", &fields).await.status, 303);
        markers.push(m);
    }
    markers
}

async fn the_storage_attacker_finds_no_answer_while_open_and_nothing_after_close(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, SIX);
    let pg = (backend == Backend::Postgres).then(|| Postgres::new(&app));
    let markers = six_answer(&app).await;

    // No table can hold a readable answer: the plain tables are gone and the
    // only record of a submission is (random id, round, ciphertext).
    let tables = match backend {
        Backend::Sqlite => app
            .db
            .query("SELECT name AS v FROM sqlite_master WHERE type = 'table' ORDER BY name"),
        Backend::Postgres => app.db.query(
            "SELECT tablename::text AS v FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        ),
    };
    for plain in ["responses", "response_scores", "response_comments"] {
        assert!(!tables.contains(&plain.to_owned()), "{plain} still exists");
    }
    let columns = match backend {
        Backend::Sqlite => {
            app.db
                .query("SELECT name AS v FROM pragma_table_info('sealed_responses')")
        }
        Backend::Postgres => app.db.query(
            "SELECT column_name::text AS v FROM information_schema.columns WHERE table_name = 'sealed_responses' ORDER BY ordinal_position",
        ),
    };
    assert_eq!(columns, vec!["id", "round_id", "sealed"]);
    // Every record has the same length, however long its comments: a
    // published comment cannot be matched to a record by size.
    let lengths = app.db.query(&format!(
        "SELECT DISTINCT CAST({} AS TEXT) AS v FROM sealed_responses",
        match backend {
            Backend::Sqlite => "length(sealed)",
            Backend::Postgres => "octet_length(sealed)",
        }
    ));
    assert_eq!(lengths.len(), 1, "record lengths {lengths:?}");
    let ids = app.db.query("SELECT id AS v FROM sealed_responses");
    assert_eq!(ids.len(), 6);
    for id in &ids {
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
    }

    // The raw files, page by page and frame by frame: no marker anywhere.
    let files = raw_files(&app, &pg);
    assert!(
        files.iter().any(|(_, b)| !b.is_empty()),
        "the attacker has something to read"
    );
    for (name, bytes) in &files {
        for m in &markers {
            assert!(
                !contains(bytes, &m.as_bytes()[..38]),
                "a marker in {name} while the round is open"
            );
        }
    }
    // PostgreSQL: the only tables that received rows from the submits are the
    // sealed records (and their TOAST chunks) and the round key.
    if let Some(pg) = &pg
        && let Some(dump) = pg.waldump(&app)
    {
        let db_oid = app
            .db
            .query("SELECT oid::text AS v FROM pg_database WHERE datname = current_database()")
            .remove(0);
        let names = relations(&app);
        let mut inserted = std::collections::BTreeSet::new();
        for line in dump.lines().filter(|l| l.contains("rmgr: Heap ")) {
            if !line.contains("desc: INSERT") {
                continue;
            }
            let Some(rel) = line.split("rel ").nth(1) else {
                continue;
            };
            let mut parts = rel.split(['/', ' ']);
            let (_, db, node) = (parts.next(), parts.next(), parts.next());
            if db != Some(db_oid.as_str()) {
                continue;
            }
            inserted.insert(
                names
                    .get(node.unwrap_or_default())
                    .cloned()
                    .unwrap_or_else(|| format!("node {node:?}")),
            );
        }
        assert!(
            inserted.contains("sealed_responses"),
            "pg_waldump shows the submits: {inserted:?}; {}",
            dump.lines().rev().take(3).collect::<Vec<_>>().join(" / ")
        );
        for table in &inserted {
            assert!(
                ["sealed_responses", "round_keys"].contains(&table.as_str()),
                "rows inserted into {table} by a submit"
            );
        }
    }

    // What the attacker saw while open, to look for after close.
    let (ciphertexts, sealed_key) = sealed_rows(&app);

    app.svc.close_round(System::Cli, round).unwrap();
    // The files follow at close, or at one of the worker's next runs (an
    // older transaction, autovacuum's ANALYZE for one, may still be running).
    for _ in 0..40 {
        if app
            .db
            .query("SELECT round_id AS v FROM shredding")
            .is_empty()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
        app.svc.close_due_rounds().unwrap();
    }
    assert!(
        app.db
            .query("SELECT round_id AS v FROM shredding")
            .is_empty(),
        "shredding finished within 10 s"
    );
    assert_eq!(
        app.db
            .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM sealed_responses"),
        vec!["0"]
    );
    assert_eq!(
        app.db
            .query("SELECT CAST(COUNT(*) AS TEXT) AS v FROM round_keys"),
        vec!["0"]
    );
    // The released view holds what was published (the comments, in a keyed
    // order), and nothing of the records.
    let view = app
        .db
        .query("SELECT view AS v FROM released_views")
        .remove(0);
    for m in &markers {
        assert!(view.contains(m.as_str()), "the comments are published");
    }
    match backend {
        Backend::Sqlite => {
            // secure_delete zeroed the cells; the log was checkpointed and truncated.
            let main = read(Path::new(&app.db.url));
            let wal = read(Path::new(&format!("{}-wal", app.db.url)));
            assert_eq!(wal.len(), 0, "the -wal is truncated after close");
            for c in ciphertexts.iter().chain(std::iter::once(&sealed_key)) {
                assert!(
                    !contains(&main, &c[12..44]),
                    "a sealed record or the key is still in the file"
                );
            }
        }
        Backend::Postgres => {
            // The live key table was rewritten: no dead copy of the key.
            app.db.execute("CHECKPOINT");
            let path = app
                .db
                .query("SELECT pg_relation_filepath('round_keys') AS v")
                .remove(0);
            let pg = pg.as_ref().unwrap();
            let file = read(&pg.data_dir.join(path));
            assert!(
                !contains(&file, &sealed_key[12..44]),
                "the round key is still in the live table file; {}",
                logs::captured()
                    .lines()
                    .filter(|l| l.contains("VACUUM"))
                    .collect::<Vec<_>>()
                    .join(" / ")
            );
        }
    }
}

async fn a_copy_taken_while_open_gives_nothing_without_the_key_file(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, SIX);
    let markers = six_answer(&app).await;

    // A backup while the round is open: the sealed records and the sealed key.
    let (copy_records, copy_key) = sealed_rows(&app);
    if backend == Backend::Sqlite {
        let copy = app.dir.path().join("copy.db");
        app.db.execute(&format!("VACUUM INTO '{}'", copy.display()));
        let bytes = read(&copy);
        for m in &markers {
            assert!(
                !contains(&bytes, &m.as_bytes()[..38]),
                "a marker in the copy"
            );
        }
    }
    for record in &copy_records {
        for m in &markers {
            assert!(!contains(record, &m.as_bytes()[..38]));
        }
    }

    app.svc.close_round(System::Cli, round).unwrap();
    // After close the live database has no key to open the copy's records.
    assert!(
        app.db
            .query("SELECT round_id AS v FROM round_keys")
            .is_empty()
    );
    // The copy's own key is sealed by the server key: without the key file
    // nobody opens it. With it, the copy's answers could be read — which is
    // why deploy/ keeps the key file out of every database backup.
    let server_key =
        klankbord::security::ServerKey::load_or_create(&app.settings.secret_file).unwrap();
    let other = klankbord::security::ServerKey::random();
    assert!(klankbord::security::RoundKey::open(&other, round, &copy_key).is_err());
    let opened = klankbord::security::RoundKey::open(&server_key, round, &copy_key).unwrap();
    assert!(opened.open_response(round, &copy_records[0]).is_ok());
}

async fn no_raw_token_is_stored_or_logged(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, &SIX[..3]);
    app.svc.send_reminders(System::Cli, round).unwrap();
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
    assert!(
        !dump.contains("Goed werk."),
        "a readable answer in the database"
    );
}

/// Six referenten save a draft of the page with an open question (a marker
/// of their own in it) and do not send it.
async fn six_save_drafts(app: &TestApp) -> Vec<String> {
    let mails = mail::outbox(&app.outbox);
    let mut markers = Vec::new();
    for (i, (_, email, _)) in SIX.iter().enumerate() {
        let mut b = app.browser();
        let whole = open_form(&mut b, &link_for(&mails, email)).await;
        let count = crate::common::respond::theme_count(&whole);
        let n = (1..=count)
            .find(|n| {
                whole
                    .body
                    .split("<title>")
                    .nth(*n)
                    .is_some_and(|page| page.contains("<textarea"))
            })
            .expect("a page with an open question");
        let page = b.get(&format!("/vragenlijst/thema/{n}")).await;
        let m = marker(i);
        let fields = answers_with(&page, ["1", "2", "3", "4", "5", "kib"][i], &m);
        let saved = b.post(&format!("/vragenlijst/thema/{n}"), &fields).await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        markers.push(m);
    }
    markers
}

async fn a_draft_is_sealed_the_same_size_and_tied_to_no_invitation(backend: Backend) {
    let app = spawn_app(backend).await;
    let round = setup_round(&app, 3);
    invite(&app, round, SIX);
    let pg = (backend == Backend::Postgres).then(|| Postgres::new(&app));
    let markers = six_save_drafts(&app).await;

    let columns = match backend {
        Backend::Sqlite => app
            .db
            .query("SELECT name AS v FROM pragma_table_info('drafts')"),
        Backend::Postgres => app.db.query(
            "SELECT column_name::text AS v FROM information_schema.columns WHERE table_name = 'drafts' ORDER BY ordinal_position",
        ),
    };
    assert_eq!(
        columns,
        vec!["id", "round_id", "sealed"],
        "no group, time or invitation"
    );
    let ids = app.db.query("SELECT id AS v FROM drafts");
    assert_eq!(ids.len(), 6);
    // Nothing in an invitation's row matches a draft's id.
    let invitation_values = app.db.query(
        "SELECT id AS v FROM invitations UNION ALL SELECT token_hash FROM invitations
         UNION ALL SELECT token_seed FROM invitations UNION ALL SELECT rater_id FROM invitations",
    );
    for id in &ids {
        assert!(
            !invitation_values.iter().any(|v| v == id),
            "a draft id found in invitations"
        );
    }
    let lengths = app.db.query(&format!(
        "SELECT DISTINCT CAST({} AS TEXT) AS v FROM drafts",
        match backend {
            Backend::Sqlite => "length(sealed)",
            Backend::Postgres => "octet_length(sealed)",
        }
    ));
    assert_eq!(
        lengths.len(),
        1,
        "every draft has the same length: {lengths:?}"
    );

    // The files (SQLite and its -wal; PostgreSQL's WAL) and a dump: no marker.
    let mut files = raw_files(&app, &pg);
    files.push(("dump".into(), app.db.dump().into_bytes()));
    for (name, bytes) in &files {
        for m in &markers {
            assert!(
                !contains(bytes, &m.as_bytes()[..38]),
                "a draft's text in {name}"
            );
        }
    }
}

both_backends!(
    a_draft_is_sealed_the_same_size_and_tied_to_no_invitation,
    the_storage_attacker_finds_no_answer_while_open_and_nothing_after_close,
    a_copy_taken_while_open_gives_nothing_without_the_key_file,
    no_raw_token_is_stored_or_logged
);

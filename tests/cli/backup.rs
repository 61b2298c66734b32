//! Backup and restore: a backup taken while the server runs and takes
//! answers, restored into a fresh instance with the key file put back
//! apart, serves the released views and the verslag's archive copy byte
//! for byte as before. SQLite through `klankbord backup`/`restore`;
//! PostgreSQL through the documented `pg_dump`/`pg_restore` + `ANALYZE`.

use std::path::Path;
use std::process::{Command, Output};

use klankbord::domain::staff::Role;

use crate::both_backends;
use crate::common::browser::Browser;
use crate::common::respond::answer_with;
use crate::common::{Backend, Options, TestDb, spawn_app_with};
use crate::support::demo_as;

fn klankbord(args: &[&str], database_url: &str, key: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_klankbord"))
        .args(args)
        .current_dir(key.parent().unwrap())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("KLANKBORD_SECRET_FILE", key)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run(program: &str, args: &[&str]) -> Output {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} ({e}): PostgreSQL's client tools are needed"));
    assert!(out.status.success(), "{program} {args:?}: {}", text(&out));
    out
}

/// What the griffier downloads of the closed round: its released view (as
/// page and as JSON) and the verslag's archive copy.
async fn archive_pages(b: &mut Browser, round: &str) -> Vec<(String, Vec<u8>)> {
    let mut pages = Vec::new();
    for path in [
        format!("/mijn/rondes/{round}/uitkomsten"),
        format!("/mijn/rondes/{round}/uitkomsten.json"),
        format!("/mijn/rondes/{round}/verslag.pdf"),
    ] {
        let r = b.get(&path).await;
        assert_eq!(r.status, 200, "{path}");
        pages.push((path, r.bytes));
    }
    pages
}

/// The pages, with the one value that belongs to the session rather than to
/// the data (the form token) left out.
fn without_session(pages: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    pages
        .iter()
        .map(|(path, bytes)| {
            let Ok(html) = std::str::from_utf8(bytes) else {
                return (path.clone(), bytes.clone());
            };
            let mut out = String::new();
            let mut rest = html;
            while let Some(at) = rest.find("name=\"csrf\" value=\"") {
                let start = at + "name=\"csrf\" value=\"".len();
                out.push_str(&rest[..start]);
                rest = &rest[start..];
                rest = &rest[rest.find('"').unwrap_or(0)..];
            }
            out.push_str(rest);
            (path.clone(), out.into_bytes())
        })
        .collect()
}

async fn a_backup_taken_while_answers_come_in_restores_the_same_archive(backend: Backend) {
    let app = spawn_app_with(backend, Options::default()).await;
    let report = app.svc.demo().unwrap();
    let closed = report.closed_round.unwrap().to_string();
    let mut before_browser = demo_as(&app, Role::Clerk).await;
    let before = archive_pages(&mut before_browser, &closed).await;
    assert!(before[2].1.starts_with(b"%PDF"), "the archive copy");

    // One referent answers before the backup (on SQLite it is then in the
    // WAL, not yet in the main file), the others while it is taken.
    let mut links = report.open_links.iter();
    let (first, _, link) = links.next().unwrap();
    assert_eq!(answer_with(&app, link, "4", "Prima.").await, 303);

    let key = app.dir.path().join("key");
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("klankbord-backup");
    let file_arg = file.to_str().unwrap();
    let mut backup = match backend {
        Backend::Sqlite => Command::new(env!("CARGO_BIN_EXE_klankbord"))
            .args(["backup", file_arg])
            .current_dir(app.dir.path())
            .env_clear()
            .env("DATABASE_URL", &app.db.url)
            .env("KLANKBORD_SECRET_FILE", &key)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
        Backend::Postgres => {
            let out = klankbord(&["backup", file_arg], &app.db.url, &key);
            assert!(!out.status.success(), "no backup, so no success");
            assert!(text(&out).contains("pg_dump"), "{}", text(&out));
            Command::new("pg_dump")
                .args(["--format=custom", "--file", file_arg, &app.db.url])
                .spawn()
                .expect("pg_dump")
        }
    };
    let mut answered_while = 0;
    for (_, _, link) in links {
        if backup.try_wait().unwrap().is_some() {
            break;
        }
        assert_eq!(answer_with(&app, link, "3", "").await, 303);
        answered_while += 1;
    }
    let status = backup.wait().unwrap();
    assert!(
        status.success(),
        "the backup ran ({answered_while} answers during it)"
    );
    if backend == Backend::Sqlite {
        let mut said = String::new();
        std::io::Read::read_to_string(&mut backup.stdout.take().unwrap(), &mut said).unwrap();
        assert!(said.contains("Back-up gemaakt"), "{said}");
        assert!(
            said.contains(key.to_str().unwrap()) && said.contains("NIET in deze back-up"),
            "names the key file and that it is kept apart: {said}"
        );
        // A second backup never overwrites the first.
        let again = klankbord(&["backup", file_arg], &app.db.url, &key);
        assert!(!again.status.success());
        assert!(text(&again).contains("bestaat al"), "{}", text(&again));
    }
    let backup_bytes = std::fs::read(&file).unwrap();
    let key_bytes = std::fs::read(&key).unwrap();
    assert!(
        !backup_bytes
            .windows(key_bytes.len())
            .any(|w| w == key_bytes.as_slice()),
        "the key file is not in the backup"
    );

    // A fresh instance: a new, empty database, and the key file put back.
    let fresh = tempfile::tempdir().unwrap();
    let restored = TestDb::create(backend, fresh.path());
    let fresh_key = fresh.path().join("key");
    std::fs::copy(&key, &fresh_key).unwrap();
    match backend {
        Backend::Sqlite => {
            let out = klankbord(&["restore", file_arg], &restored.url, &fresh_key);
            assert!(out.status.success(), "{}", text(&out));
            // Once it holds data, a second restore needs --overwrite.
            let again = klankbord(&["restore", file_arg], &restored.url, &fresh_key);
            assert!(!again.status.success());
            assert!(text(&again).contains("--overwrite"), "{}", text(&again));
            let forced = klankbord(
                &["restore", file_arg, "--overwrite"],
                &restored.url,
                &fresh_key,
            );
            assert!(forced.status.success(), "{}", text(&forced));
        }
        Backend::Postgres => {
            let out = klankbord(&["restore", file_arg], &restored.url, &fresh_key);
            assert!(!out.status.success() && text(&out).contains("pg_restore"));
            run(
                "pg_restore",
                &[
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    &restored.url,
                    file_arg,
                ],
            );
            run("psql", &[&restored.url, "-c", "ANALYZE"]);
        }
    }

    let copy = spawn_app_with(
        backend,
        Options {
            env: vec![
                ("DATABASE_URL", restored.url.clone()),
                ("KLANKBORD_SECRET_FILE", fresh_key.display().to_string()),
            ],
            ..Options::default()
        },
    )
    .await;
    // A code of a later time step than the one the original accepted.
    copy.advance(120);
    let mut b = demo_as(&copy, Role::Clerk).await;
    let after = archive_pages(&mut b, &closed).await;
    let after_same_session = archive_pages(&mut before_browser, &closed).await;
    assert!(
        after_same_session == before,
        "the original serves the same bytes again"
    );
    for ((path, old), (_, new)) in without_session(&before)
        .iter()
        .zip(without_session(&after).iter())
    {
        assert!(old == new, "{path} differs after the restore");
    }

    // The answer given before the backup is in it.
    let round = report.round.to_string();
    let raters = klankbord(&["raters", &round], &restored.url, &fresh_key);
    let listing = text(&raters);
    let line = listing
        .lines()
        .find(|l| l.contains(first.as_str()))
        .unwrap_or_else(|| panic!("{first} in {listing}"));
    assert!(line.contains("gereageerd"), "{line}");
}

both_backends!(a_backup_taken_while_answers_come_in_restores_the_same_archive);

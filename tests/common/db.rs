//! A fresh database per test: an SQLite file in a temporary folder, or a new
//! PostgreSQL database that is dropped when the test ends.

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server to create test databases on (trust auth on this machine).
pub fn admin_url() -> String {
    std::env::var("KLANKBORD_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Whether PostgreSQL tests run. In CI (`CI=true`) they must: an unreachable
/// server fails the test instead of skipping it.
pub fn postgres_or_skip() -> bool {
    match PgConnection::establish(&admin_url()) {
        Ok(_) => true,
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => {
            panic!(
                "CI=true but PostgreSQL at {} is not reachable: {e}",
                admin_url()
            )
        }
        Err(e) => {
            eprintln!(
                "SKIPPED: PostgreSQL not reachable ({e}); set KLANKBORD_TEST_POSTGRES or start it"
            );
            false
        }
    }
}

pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    pg_name: Option<String>,
}

impl TestDb {
    pub fn create(backend: Backend, dir: &Path) -> Self {
        match backend {
            Backend::Sqlite => Self {
                backend,
                url: dir.join("test.db").display().to_string(),
                pg_name: None,
            },
            Backend::Postgres => {
                let name = format!("kb_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin =
                    PgConnection::establish(&admin_url()).expect("postgres admin connection");
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create database");
                let base = admin_url();
                // Plain TCP unless a test asks for TLS (`tests/cli/tls.rs`
                // adds its own `sslmode`): libpq's OpenSSL, once used, made
                // a test process crash at exit now and then (SIGSEGV after
                // "test result: ok").
                let url = match base.rfind('/') {
                    Some(i) => format!("{}/{name}?sslmode=disable", &base[..i]),
                    None => panic!("bad admin url"),
                };
                Self {
                    backend,
                    url,
                    pg_name: Some(name),
                }
            }
        }
    }

    /// Every value in every table, as text (to search for secrets).
    pub fn dump(&self) -> String {
        let mut out = String::new();
        match self.backend {
            Backend::Sqlite => {
                let mut c = SqliteConnection::establish(&self.url).unwrap();
                for table in strings(
                    &mut c,
                    "SELECT name AS v FROM sqlite_master WHERE type = 'table'",
                ) {
                    let cols = strings(
                        &mut c,
                        &format!("SELECT name AS v FROM pragma_table_info('{table}')"),
                    );
                    let expr = cols
                        .iter()
                        .map(|c| {
                            format!(
                                "COALESCE(CASE WHEN typeof({c}) = 'blob' THEN hex({c}) ELSE CAST({c} AS TEXT) END, '')"
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(" || '|' || ");
                    for row in strings(&mut c, &format!("SELECT {expr} AS v FROM {table}")) {
                        out.push_str(&format!("{table}: {row}\n"));
                    }
                }
            }
            Backend::Postgres => {
                let mut c = PgConnection::establish(&self.url).unwrap();
                for table in strings(
                    &mut c,
                    "SELECT tablename::text AS v FROM pg_tables WHERE schemaname = 'public'",
                ) {
                    for row in strings(&mut c, &format!("SELECT t::text AS v FROM {table} t")) {
                        out.push_str(&format!("{table}: {row}\n"));
                    }
                }
            }
        }
        out
    }

    /// Runs statements that return no rows.
    pub fn execute(&self, sql: &str) {
        match self.backend {
            Backend::Sqlite => SqliteConnection::establish(&self.url)
                .unwrap()
                .batch_execute(sql)
                .unwrap(),
            Backend::Postgres => PgConnection::establish(&self.url)
                .unwrap()
                .batch_execute(sql)
                .unwrap(),
        }
    }

    /// The rows of a query returning one text column `v`.
    pub fn query(&self, sql: &str) -> Vec<String> {
        match self.backend {
            Backend::Sqlite => strings(&mut SqliteConnection::establish(&self.url).unwrap(), sql),
            Backend::Postgres => strings(&mut PgConnection::establish(&self.url).unwrap(), sql),
        }
    }
}

#[derive(QueryableByName)]
struct V {
    #[diesel(sql_type = Text)]
    v: String,
}

fn strings<C>(c: &mut C, sql: &str) -> Vec<String>
where
    C: Connection,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, V>,
{
    diesel::sql_query(sql)
        .load::<V>(c)
        .unwrap()
        .into_iter()
        .map(|r| r.v)
        .collect()
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name
            && let Ok(mut admin) = PgConnection::establish(&admin_url())
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

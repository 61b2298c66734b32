//! The database connection: SQLite or PostgreSQL, chosen from the URL scheme.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseUrl;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long SQLite waits for a lock before giving up (and how long a writer
/// waits for this process's write gate before trying the lock itself).
pub const SQLITE_BUSY_TIMEOUT_MS: u32 = 10_000;

/// The PRAGMAs of every SQLite connection. `synchronous = FULL` in WAL mode
/// syncs the log at every commit: a transaction that committed (a submit
/// that answered 303) survives a power cut. `NORMAL` would sync only at
/// checkpoints: safe against a crash of the process, but the last commits
/// before a power cut or an operating-system crash may roll back.
///
/// `cache_size`: each pooled connection keeps its own page cache, and in WAL
/// mode a connection drops all of it whenever another one has committed
/// since its last read. Under a mail-out that is after almost every request,
/// so SQLite's default of 2 MiB per connection (20 MiB for a pool of 10) held
/// memory and gave little; 1 MiB each keeps an index's
/// upper pages and a page's worth of rows, and the operating system's file
/// cache serves the rest.
pub const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA cache_size = -1024;";

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }
}

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// An r2d2 manager that picks the backend from the URL itself (diesel's
/// derived `establish` would try each backend in turn and hide the errors).
#[derive(Clone, Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }
}

fn establish(url: &DatabaseUrl) -> Result<DbConnection, ConnectionError> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            let mut conn = SqliteConnection::establish(path)?;
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; {SQLITE_PRAGMAS}"
            ))
            .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConnection::Sqlite(conn))
        }
        DatabaseUrl::Postgres(url) => Ok(DbConnection::Postgres(PgConnection::establish(
            url.expose(),
        )?)),
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        establish(&self.url).map_err(r2d2::Error::ConnectionError)
    }

    /// Asked at every check-out. A PostgreSQL connection may have died with
    /// its server (a restart): one `SELECT 1` finds out before a request
    /// uses it. An SQLite connection is a file handle that cannot drop, so
    /// it is not asked (that query was parsed anew on every request).
    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        match conn {
            DbConnection::Sqlite(_) => Ok(()),
            DbConnection::Postgres(c) => {
                c.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
            }
        }
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartupDbError {
    #[error("de database is niet bereikbaar: {0}")]
    Connect(String),
    #[error("de databasemigraties zijn mislukt: {0}")]
    Migrate(String),
}

/// Builds the pool and checks one connection at once, so a bad URL stops start-up.
pub fn build_pool(url: &DatabaseUrl, size: u32) -> Result<Pool, StartupDbError> {
    // Fail fast with the real error rather than r2d2's timeout message.
    establish(url).map_err(|e| StartupDbError::Connect(e.to_string()))?;
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(Duration::from_secs(10))
        .build(ConnectionManager::new(url.clone()))
        .map_err(|e| StartupDbError::Connect(e.to_string()))
}

/// Applies the embedded migrations of the connection's backend one by one;
/// after each, `after` gets the migration's name (a data step that needs the
/// server key runs there, between two schema steps). Returns how many ran.
pub fn run_migrations(
    conn: &mut DbConnection,
    after: &mut dyn FnMut(&mut DbConnection, &str) -> Result<(), String>,
) -> Result<usize, StartupDbError> {
    let fail = |e: &dyn std::fmt::Display| StartupDbError::Migrate(e.to_string());
    let mut applied = 0;
    loop {
        let name = match conn {
            DbConnection::Sqlite(c) => next_migration(c, SQLITE_MIGRATIONS),
            DbConnection::Postgres(c) => next_migration(c, POSTGRES_MIGRATIONS),
        }
        .map_err(|e| fail(&e))?;
        let Some(name) = name else {
            return Ok(applied);
        };
        applied += 1;
        after(conn, &name).map_err(|e| fail(&format!("{name}: {e}")))?;
    }
}

/// How many embedded migrations of the connection's backend the database
/// lacks (0 when its schema is the one this build expects).
pub fn pending_migrations(conn: &mut DbConnection) -> Result<usize, String> {
    match conn {
        DbConnection::Sqlite(c) => c.pending_migrations(SQLITE_MIGRATIONS).map(|p| p.len()),
        DbConnection::Postgres(c) => c.pending_migrations(POSTGRES_MIGRATIONS).map(|p| p.len()),
    }
    .map_err(|e| e.to_string())
}

/// Runs the first pending migration; its name, or `None` when none is left.
fn next_migration<B: diesel::backend::Backend>(
    conn: &mut impl MigrationHarness<B>,
    source: EmbeddedMigrations,
) -> diesel::migration::Result<Option<String>> {
    let pending = conn.pending_migrations(source)?;
    let Some(first) = pending.first() else {
        return Ok(None);
    };
    conn.run_migration(first)?;
    Ok(Some(first.name().to_string()))
}

/// Whether SQLite keeps a statement's plan when its values are bound again
/// (always true on PostgreSQL). The bundled SQLite is built with
/// `SQLITE_ENABLE_QPSG` (`.cargo/config.toml`); without it a statement
/// with `LIMIT ?` expires at every bind and is parsed and planned anew.
pub fn plans_are_stable(conn: &mut DbConnection) -> bool {
    let DbConnection::Sqlite(c) = conn else {
        return true;
    };
    #[derive(diesel::QueryableByName)]
    struct Options {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(
        "SELECT count(*) AS n FROM pragma_compile_options WHERE compile_options = 'ENABLE_QPSG'",
    )
    .get_result::<Options>(c)
    .is_ok_and(|o| o.n == 1)
}

/// Runs `f`, which only reads, as one snapshot. On SQLite in one read
/// transaction: the log's read lock is taken once instead of at every
/// statement (each took and released it with `fcntl` calls), and the reads
/// agree with each other. On PostgreSQL as they are: each statement sees
/// the latest commits, and `BEGIN`/`COMMIT` would cost two round trips.
/// `f` must not start a transaction itself.
pub fn read_snapshot<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn.backend() {
        Backend::Postgres => f(conn),
        Backend::Sqlite => {
            conn.batch_execute("BEGIN")?;
            let result = f(conn);
            // Nothing was written: ending it either way only drops the lock.
            let ended = conn.batch_execute(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
            let value = result?;
            ended?;
            Ok(value)
        }
    }
}

/// Runs `f` in a write transaction. On SQLite the writers of this process
/// first queue at one gate (`WriterGate`: woken in turn, not polling), and
/// the transaction starts with `BEGIN IMMEDIATE`, so a writer of another
/// process waits on the busy timeout instead of failing when one upgrades
/// its read lock; on PostgreSQL it is an ordinary transaction (use row
/// locks inside for ordering).
pub fn write_transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn.backend() {
        Backend::Postgres => conn.transaction(f),
        Backend::Sqlite => {
            let _turn = WRITER_GATE.enter();
            conn.batch_execute("BEGIN IMMEDIATE")?;
            match f(conn) {
                Ok(v) => match conn.batch_execute("COMMIT") {
                    Ok(()) => Ok(v),
                    Err(e) => {
                        let _ = conn.batch_execute("ROLLBACK");
                        Err(e.into())
                    }
                },
                Err(e) => {
                    let _ = conn.batch_execute("ROLLBACK");
                    Err(e)
                }
            }
        }
    }
}

/// SQLite has one writer at a time; writers that find the lock taken sleep
/// in its busy handler with growing back-off (up to 100 ms a try), so under
/// load most of a submit was spent asleep. Writers of this process wait
/// here instead and are woken when the one before them commits. The wait is
/// bounded by the busy timeout; after it the writer goes on to the lock
/// itself (a write transaction that opens another one on a second
/// connection fails as before instead of hanging).
struct WriterGate {
    busy: std::sync::Mutex<bool>,
    freed: std::sync::Condvar,
}

static WRITER_GATE: WriterGate = WriterGate {
    busy: std::sync::Mutex::new(false),
    freed: std::sync::Condvar::new(),
};

/// A writer's turn at the gate; the gate opens again when it is dropped.
struct Turn {
    held: bool,
}

impl WriterGate {
    fn enter(&'static self) -> Turn {
        let deadline =
            std::time::Instant::now() + Duration::from_millis(u64::from(SQLITE_BUSY_TIMEOUT_MS));
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        while *busy {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Turn { held: false };
            }
            busy = self
                .freed
                .wait_timeout(busy, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *busy = true;
        Turn { held: true }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if self.held {
            *WRITER_GATE.busy.lock().unwrap_or_else(|e| e.into_inner()) = false;
            WRITER_GATE.freed.notify_one();
        }
    }
}

/// On PostgreSQL, gathers the planner's statistics when a table holding
/// rows has none (after migrations, and after a `pg_restore`, which does not
/// restore them): until then the planner guesses, and the questionnaire's
/// query scanned every round's items. Nothing to do on SQLite, whose
/// queries all have an index to use.
pub fn analyze_if_needed(conn: &mut DbConnection) -> Result<bool, diesel::result::Error> {
    let DbConnection::Postgres(pg) = conn else {
        return Ok(false);
    };
    #[derive(diesel::QueryableByName)]
    struct Unanalyzed {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let unanalyzed = diesel::sql_query(
        "SELECT count(*) AS n FROM pg_stat_user_tables \
         WHERE last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup > 0",
    )
    .get_result::<Unanalyzed>(pg)?;
    if unanalyzed.n == 0 {
        return Ok(false);
    }
    pg.batch_execute("ANALYZE")?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_sqlite_keeps_plans_when_values_are_bound_again() {
        let Ok(mut conn) = establish(&DatabaseUrl::Sqlite(":memory:".into())) else {
            panic!("an in-memory SQLite database");
        };
        assert!(
            plans_are_stable(&mut conn),
            "SQLite built without SQLITE_ENABLE_QPSG: is .cargo/config.toml read?"
        );
    }

    #[test]
    fn every_sqlite_connection_gets_the_durability_and_cache_settings() {
        let dir = std::env::temp_dir().join(format!("kb-pragmas-{}", uuid::Uuid::new_v4()));
        let path = dir.join("t.db").display().to_string();
        let _ = std::fs::create_dir_all(&dir);
        let Ok(DbConnection::Sqlite(mut c)) = establish(&DatabaseUrl::Sqlite(path)) else {
            panic!("an SQLite database file");
        };
        #[derive(diesel::QueryableByName)]
        struct Value {
            #[diesel(sql_type = diesel::sql_types::Text)]
            v: String,
        }
        let mut pragma = |name: &str| {
            diesel::sql_query(format!(
                "SELECT CAST({name} AS TEXT) AS v FROM pragma_{name}"
            ))
            .get_result::<Value>(&mut c)
            .map(|r| r.v)
            .unwrap_or_default()
        };
        assert_eq!(pragma("journal_mode"), "wal");
        // FULL is 2.
        assert_eq!(pragma("synchronous"), "2");
        assert_eq!(pragma("foreign_keys"), "1");
        assert_eq!(pragma("secure_delete"), "1");
        assert_eq!(pragma("cache_size"), "-1024");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! The database connection: SQLite or PostgreSQL, chosen from the URL scheme.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseUrl;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long SQLite waits for a lock before giving up.
pub const SQLITE_BUSY_TIMEOUT_MS: u32 = 10_000;

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
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;"
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

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
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

/// Runs `f` in a write transaction. On SQLite the transaction starts with
/// `BEGIN IMMEDIATE`, so two writers queue on the busy timeout instead of
/// failing when one upgrades its read lock; on PostgreSQL it is an ordinary
/// transaction (use row locks inside for ordering).
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

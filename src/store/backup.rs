//! Consistent copies of an SQLite database, for backup and restore.
//! `VACUUM INTO` writes one read snapshot (the WAL included) to a new file
//! while the server keeps writing; a copy of the files of a live WAL database
//! is not consistent. PostgreSQL is backed up with its own tools (`pg_dump`).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::connection::SQLITE_BUSY_TIMEOUT_MS;

/// Opens an existing SQLite file as is: no migrations, no change of journal
/// mode. The caller checks that the file exists (SQLite would create it).
pub fn open(path: &str) -> Result<SqliteConnection, diesel::ConnectionError> {
    let mut conn = SqliteConnection::establish(path)?;
    conn.batch_execute(&format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};"))
        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
    Ok(conn)
}

/// Writes a consistent copy of the database to `target`, which must not
/// exist or be empty (SQLite refuses anything else).
pub fn vacuum_into(conn: &mut SqliteConnection, target: &str) -> QueryResult<()> {
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target)
        .execute(conn)
        .map(|_| ())
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    quick_check: String,
}

/// Whether SQLite finds the file sound (`PRAGMA quick_check`).
pub fn is_sound(conn: &mut SqliteConnection) -> QueryResult<bool> {
    let rows = diesel::sql_query("PRAGMA quick_check").load::<Check>(conn)?;
    Ok(rows.len() == 1 && rows.iter().all(|r| r.quick_check == "ok"))
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut SqliteConnection, sql: &str) -> QueryResult<i64> {
    Ok(diesel::sql_query(sql)
        .load::<Count>(conn)?
        .first()
        .map_or(0, |c| c.n))
}

/// Whether the file is a Klankbord database: it has the migrations table
/// and the municipalities.
pub fn is_klankbord(conn: &mut SqliteConnection) -> QueryResult<bool> {
    Ok(count(
        conn,
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' \
         AND name IN ('__diesel_schema_migrations', 'municipalities', 'staff')",
    )? == 3)
}

/// Whether the database holds anything a person made: a municipality or a
/// staff account. A new, migrated database holds neither.
pub fn holds_data(conn: &mut SqliteConnection) -> QueryResult<bool> {
    if !is_klankbord(conn)? {
        return Ok(count(
            conn,
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'",
        )? > 0);
    }
    Ok(count(
        conn,
        "SELECT (SELECT COUNT(*) FROM municipalities) + (SELECT COUNT(*) FROM staff) AS n",
    )? > 0)
}

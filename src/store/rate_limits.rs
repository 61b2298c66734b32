//! Counters of failed attempts in the database, so every server instance
//! sees them. A window starts at the first failure and lasts `window` seconds.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::store::schema::rate_limits;
use crate::store::{Backend, DbConnection};

/// Hits in the running window of `bucket` and when that window started.
pub fn current(
    conn: &mut DbConnection,
    bucket: &str,
    now: i64,
    window: i64,
) -> QueryResult<Option<(i64, i32)>> {
    let row: Option<(i64, i32)> = rate_limits::table
        .find(bucket)
        .select((rate_limits::window_start, rate_limits::hits))
        .first(conn)
        .optional()?;
    Ok(row.filter(|(start, _)| now < start + window))
}

/// Adds one hit to `bucket`, starting a new window if the last one ended.
pub fn hit(conn: &mut DbConnection, bucket: &str, now: i64, window: i64) -> QueryResult<()> {
    let sql = match conn.backend() {
        Backend::Postgres => {
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limits.window_start + $3 > EXCLUDED.window_start THEN rate_limits.hits + 1 ELSE 1 END, \
               window_start = CASE WHEN rate_limits.window_start + $3 > EXCLUDED.window_start THEN rate_limits.window_start ELSE EXCLUDED.window_start END"
        }
        Backend::Sqlite => {
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?1, ?2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limits.window_start + ?3 > excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END, \
               window_start = CASE WHEN rate_limits.window_start + ?3 > excluded.window_start THEN rate_limits.window_start ELSE excluded.window_start END"
        }
    };
    diesel::sql_query(sql)
        .bind::<Text, _>(bucket)
        .bind::<BigInt, _>(now)
        .bind::<BigInt, _>(window)
        .execute(conn)
        .map(|_| ())
}

/// Forgets windows that started before `before`.
pub fn prune(conn: &mut DbConnection, before: i64) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::window_start.lt(before))).execute(conn)
}

//! Fixed-window counters in the database, so every server instance sees them.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::store::schema::rate_limits;
use crate::store::{Backend, DbConnection};

/// Hits in the current window for `bucket` (0 when the window has passed).
pub fn current(conn: &mut DbConnection, bucket: &str, window_start: i64) -> QueryResult<i32> {
    let row: Option<(i64, i32)> = rate_limits::table
        .find(bucket)
        .select((rate_limits::window_start, rate_limits::hits))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((start, hits)) if start == window_start => hits,
        _ => 0,
    })
}

/// Adds one hit to `bucket` in the window starting at `window_start`.
pub fn hit(conn: &mut DbConnection, bucket: &str, window_start: i64) -> QueryResult<()> {
    let sql = match conn.backend() {
        Backend::Postgres => {
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, $3) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limits.window_start = EXCLUDED.window_start THEN rate_limits.hits + 1 ELSE 1 END, \
               window_start = EXCLUDED.window_start"
        }
        Backend::Sqlite => {
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, ?) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END, \
               window_start = excluded.window_start"
        }
    };
    diesel::sql_query(sql)
        .bind::<Text, _>(bucket)
        .bind::<BigInt, _>(window_start)
        .bind::<Integer, _>(1)
        .execute(conn)
        .map(|_| ())
}

/// Forgets windows that ended before `before`.
pub fn prune(conn: &mut DbConnection, before: i64) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::window_start.lt(before))).execute(conn)
}

//! Counters in the database, so every server instance sees them. A window
//! starts at the first hit and lasts `window` seconds.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::store::schema::rate_limits;
use crate::store::{Backend, DbConnection};

/// The longest window any counter uses; [`prune`] keeps every window this
/// young (counters of different lengths share the table).
pub const MAX_WINDOW_SECS: i64 = 3600;

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
    upsert(conn, bucket, now, window, None).map(|_| ())
}

/// Adds one hit to `bucket` only if its running window has fewer than
/// `limit` (or a new window starts), in one statement: whether it was added.
/// Of any number of concurrent calls at most `limit` per window succeed.
pub fn try_hit(
    conn: &mut DbConnection,
    bucket: &str,
    now: i64,
    window: i64,
    limit: i32,
) -> QueryResult<bool> {
    upsert(conn, bucket, now, window, Some(limit)).map(|n| n == 1)
}

fn upsert(
    conn: &mut DbConnection,
    bucket: &str,
    now: i64,
    window: i64,
    limit: Option<i32>,
) -> QueryResult<usize> {
    let (p, excluded) = match conn.backend() {
        Backend::Postgres => ("$", "EXCLUDED"),
        Backend::Sqlite => ("?", "excluded"),
    };
    let same_window = format!("rate_limits.window_start + {p}3 > {excluded}.window_start");
    let mut sql = format!(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ({p}1, {p}2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
           hits = CASE WHEN {same_window} THEN rate_limits.hits + 1 ELSE 1 END, \
           window_start = CASE WHEN {same_window} THEN rate_limits.window_start ELSE {excluded}.window_start END"
    );
    if limit.is_some() {
        sql.push_str(&format!(
            " WHERE NOT ({same_window}) OR rate_limits.hits < {p}4"
        ));
    }
    let query = diesel::sql_query(sql)
        .bind::<Text, _>(bucket)
        .bind::<BigInt, _>(now)
        .bind::<BigInt, _>(window);
    match limit {
        Some(limit) => query.bind::<Integer, _>(limit).execute(conn),
        None => query.execute(conn),
    }
}

/// Forgets windows that ended: those that started more than
/// [`MAX_WINDOW_SECS`] before `now`.
pub fn prune(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(rate_limits::table.filter(rate_limits::window_start.lt(now - MAX_WINDOW_SECS)))
        .execute(conn)
}

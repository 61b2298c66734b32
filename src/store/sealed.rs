//! Sealed responses and round keys (anonymity.md, Storage). A record holds
//! a random id, its round and ciphertext — never a rater, an invitation, a
//! group or a time. The store neither seals nor opens: `security` does.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::domain::ids::{GroupId, ItemId, ResponseId, RoundId};
use crate::store::schema::{released_views, round_keys, rounds, sealed_responses, shredding};
use crate::store::{Backend, DbConnection, write_transaction};

/// The sealed data key of a round, if it has one.
pub fn round_key(conn: &mut DbConnection, round: RoundId) -> QueryResult<Option<Vec<u8>>> {
    round_keys::table
        .find(round)
        .select(round_keys::sealed_key)
        .first(conn)
        .optional()
}

pub fn insert_round_key(conn: &mut DbConnection, round: RoundId, sealed: &[u8]) -> QueryResult<()> {
    diesel::insert_into(round_keys::table)
        .values((
            round_keys::round_id.eq(round),
            round_keys::sealed_key.eq(sealed),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Writes one sealed response under a new random id.
pub fn insert(conn: &mut DbConnection, round: RoundId, sealed: &[u8]) -> QueryResult<()> {
    diesel::insert_into(sealed_responses::table)
        .values((
            sealed_responses::id.eq(ResponseId::random()),
            sealed_responses::round_id.eq(round),
            sealed_responses::sealed.eq(sealed),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Up to `limit` sealed records of a round with an id above `after`, in id
/// order (random ids: the order says nothing), as (id, ciphertext).
pub fn batch(
    conn: &mut DbConnection,
    round: RoundId,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<(String, Vec<u8>)>> {
    sealed_responses::table
        .filter(sealed_responses::round_id.eq(round))
        .filter(sealed_responses::id.gt(after))
        .order(sealed_responses::id.asc())
        .limit(limit)
        .select((sealed_responses::id, sealed_responses::sealed))
        .load(conn)
}

/// Deletes a round's key and queues the round for [`shred_pending`], which
/// deletes its records (unreadable from this moment on) in short batches and
/// makes the files follow.
pub fn destroy_key(conn: &mut DbConnection, round: RoundId) -> QueryResult<()> {
    let r = round.to_string();
    diesel::delete(round_keys::table.find(&r)).execute(conn)?;
    let queued = shredding::table
        .find(&r)
        .select(shredding::round_id)
        .first::<String>(conn)
        .optional()?;
    if queued.is_none() {
        diesel::insert_into(shredding::table)
            .values(shredding::round_id.eq(&r))
            .execute(conn)?;
    }
    Ok(())
}

/// Records deleted per transaction: a round of thousands never holds the
/// write lock for long.
const DELETE_BATCH: i64 = 256;

/// Deletes the sealed records of a round, batch by batch, each batch in its
/// own short transaction.
fn delete_records(conn: &mut DbConnection, round: &str) -> QueryResult<()> {
    loop {
        let deleted = write_transaction(conn, |c| {
            let ids: Vec<String> = sealed_responses::table
                .filter(sealed_responses::round_id.eq(round))
                .select(sealed_responses::id)
                .limit(DELETE_BATCH)
                .load(c)?;
            diesel::delete(sealed_responses::table.filter(sealed_responses::id.eq_any(&ids)))
                .execute(c)
        })?;
        if deleted == 0 {
            return Ok(());
        }
    }
}

/// Closed rounds that have no released view yet (publication was cut off,
/// for instance by a restart between closing and storing).
pub fn closed_unpublished(
    conn: &mut DbConnection,
    closed: crate::domain::round::RoundState,
) -> QueryResult<Vec<RoundId>> {
    rounds::table
        .filter(rounds::state.eq(closed))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            released_views::table.filter(released_views::round_id.eq(rounds::id)),
        )))
        .select(rounds::id)
        .load(conn)
}

/// Finishes the destructions queued in `shredding`: deletes the rounds'
/// records, then makes the files follow; returns how many rounds are done. SQLite zeroes deleted cells at once
/// (`secure_delete`, set on every connection); here its log is moved into the
/// main file and truncated, which fails while a reader still uses the log.
/// PostgreSQL keeps a deleted row in the table file until it is vacuumed, and
/// even `VACUUM FULL` copies a row that some running transaction may still
/// see: so the key table is rewritten only once no transaction older than the
/// deletion runs in this database. Its WAL and older backups keep only what
/// they held while the round was open (see README, "What is stored").
pub fn shred_pending(conn: &mut DbConnection) -> QueryResult<usize> {
    let pending: Vec<String> = shredding::table.select(shredding::round_id).load(conn)?;
    if pending.is_empty() {
        return Ok(0);
    }
    for round in &pending {
        delete_records(conn, round)?;
    }
    let done: Vec<String> = match conn.backend() {
        Backend::Sqlite => {
            if !sqlite_checkpoint_truncate(conn)? {
                return Ok(0);
            }
            pending
        }
        Backend::Postgres => {
            #[derive(QueryableByName)]
            struct Ready {
                #[diesel(sql_type = diesel::sql_types::Text)]
                round_id: String,
            }
            // The deleting transaction's id is the queue row's xmin. Ready
            // when every transaction still running anywhere in the cluster is
            // younger (any snapshot taken from now on, VACUUM's own included,
            // sees the deletion) and no session of this database holds an
            // older snapshot.
            let ready: Vec<Ready> = diesel::sql_query(
                "SELECT s.round_id FROM shredding s
                 WHERE age(s.xmin) > age((pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296)::text::xid)
                   AND NOT EXISTS (
                     SELECT 1 FROM pg_stat_activity a
                     WHERE (a.datname = current_database() OR a.datname IS NULL)
                       AND a.pid <> pg_backend_pid()
                       AND ((a.backend_xmin IS NOT NULL AND age(a.backend_xmin) >= age(s.xmin))
                         OR (a.backend_xid IS NOT NULL AND age(a.backend_xid) >= age(s.xmin))))",
            )
            .load(conn)?;
            if ready.is_empty() || !postgres_rewrite_keys(conn)? {
                return Ok(0);
            }
            ready.into_iter().map(|r| r.round_id).collect()
        }
    };
    diesel::delete(shredding::table.filter(shredding::round_id.eq_any(&done))).execute(conn)?;
    if conn.backend() == Backend::Sqlite {
        // The queue's own deletion holds no secret; truncate the log again if we can.
        sqlite_checkpoint_truncate(conn)?;
    }
    Ok(done.len())
}

/// `wal_checkpoint(TRUNCATE)`; false while a reader keeps it from finishing.
fn sqlite_checkpoint_truncate(conn: &mut DbConnection) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Checkpoint {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        busy: i32,
    }
    let rows: Vec<Checkpoint> = diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").load(conn)?;
    Ok(rows.first().is_some_and(|r| r.busy == 0))
}

/// `VACUUM FULL round_keys` (a few rows: one per open round); false if its
/// lock was not granted within two seconds (never queue behind a long
/// transaction: that would stall every submit).
fn postgres_rewrite_keys(conn: &mut DbConnection) -> QueryResult<bool> {
    // One statement per call: VACUUM refuses to run in a multi-statement block.
    conn.batch_execute("SET lock_timeout = '2s'")?;
    let done = conn.batch_execute("VACUUM FULL round_keys");
    conn.batch_execute("RESET lock_timeout")?;
    match done {
        Ok(()) => Ok(true),
        Err(diesel::result::Error::DatabaseError(_, info)) => {
            tracing::warn!(error = info.message(), "VACUUM FULL round_keys did not run");
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// Whether the burgemeester's self-assessment of a round is stored.
pub fn self_assessed(conn: &mut DbConnection, round: RoundId) -> QueryResult<bool> {
    rounds::table
        .find(round)
        .select(rounds::self_assessed)
        .first::<i32>(conn)
        .map(|v| v != 0)
}

/// Marks the self-assessment as stored; false if it already was.
pub fn mark_self_assessed(conn: &mut DbConnection, round: RoundId) -> QueryResult<bool> {
    diesel::update(
        rounds::table
            .filter(rounds::id.eq(round))
            .filter(rounds::self_assessed.eq(0)),
    )
    .set(rounds::self_assessed.eq(1))
    .execute(conn)
    .map(|n| n == 1)
}

// The plain tables of versions before sealing (dropped by migration 000006),
// read once by the data step between migrations 000005 and 000006.

#[derive(QueryableByName)]
pub struct PlainResponse {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub round_id: RoundId,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub rater_group_id: GroupId,
}

#[derive(QueryableByName)]
pub struct PlainScore {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub response_id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub item_id: ItemId,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub value: i32,
}

#[derive(QueryableByName)]
pub struct PlainComment {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub round_id: RoundId,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub rater_group_id: GroupId,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub item_id: ItemId,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub body: String,
}

/// Every plain response, score and comment still stored (only rounds not yet
/// closed have any after migration 000005).
pub fn legacy_plain_rows(
    conn: &mut DbConnection,
) -> QueryResult<(Vec<PlainResponse>, Vec<PlainScore>, Vec<PlainComment>)> {
    Ok((
        diesel::sql_query("SELECT id, round_id, rater_group_id FROM responses ORDER BY id")
            .load(conn)?,
        diesel::sql_query("SELECT response_id, item_id, value FROM response_scores").load(conn)?,
        diesel::sql_query(
            "SELECT round_id, rater_group_id, item_id, body FROM response_comments ORDER BY id",
        )
        .load(conn)?,
    ))
}

pub fn delete_legacy_plain_rows(conn: &mut DbConnection) -> QueryResult<()> {
    conn.batch_execute(
        "DELETE FROM response_scores; DELETE FROM response_comments; DELETE FROM responses;",
    )
}

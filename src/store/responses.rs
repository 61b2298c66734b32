//! Responses: written without any link to a rater, an invitation or a time.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::domain::answers::ScaleAnswer;
use crate::domain::ids::{GroupId, ItemId, ResponseId, RoundId};
use crate::store::schema::{response_comments, response_scores, responses};
use crate::store::{Backend, DbConnection};

/// Writes one response with its scores, and its comments as separate rows.
pub fn insert(
    conn: &mut DbConnection,
    round: RoundId,
    group: GroupId,
    scores: &[(ItemId, ScaleAnswer)],
    comments: &[(ItemId, String)],
) -> QueryResult<()> {
    let id = ResponseId::random().to_string();
    diesel::insert_into(responses::table)
        .values((
            responses::id.eq(&id),
            responses::round_id.eq(round.to_string()),
            responses::rater_group_id.eq(group.to_string()),
        ))
        .execute(conn)?;
    for (item, answer) in scores {
        diesel::insert_into(response_scores::table)
            .values((
                response_scores::response_id.eq(&id),
                response_scores::item_id.eq(item.to_string()),
                response_scores::value.eq(answer.stored_value()),
            ))
            .execute(conn)?;
    }
    for (item, body) in comments {
        diesel::insert_into(response_comments::table)
            .values((
                response_comments::id.eq(ResponseId::random().to_string()),
                response_comments::round_id.eq(round.to_string()),
                response_comments::rater_group_id.eq(group.to_string()),
                response_comments::item_id.eq(item.to_string()),
                response_comments::body.eq(body),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// PostgreSQL appends new rows to the heap, so physical order (`ctid`) and
/// `xmin` would tell the order of submissions. Rewriting the round's rows in
/// key order, in the submitting transaction (which holds the round lock),
/// leaves every row with the same `xmin` and a position given by its random
/// key. SQLite tables are `WITHOUT ROWID` and already stored in key order.
pub fn reshuffle_round(conn: &mut DbConnection, round: RoundId) -> QueryResult<()> {
    if conn.backend() != Backend::Postgres {
        return Ok(());
    }
    // The round id is a UUID we generated (parsed, never user text).
    let r = round.to_string();
    conn.batch_execute(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS kb_shuffle_scores (response_id TEXT, item_id TEXT, value INTEGER) ON COMMIT DELETE ROWS;
         CREATE TEMP TABLE IF NOT EXISTS kb_shuffle_responses (id TEXT, round_id TEXT, rater_group_id TEXT) ON COMMIT DELETE ROWS;
         CREATE TEMP TABLE IF NOT EXISTS kb_shuffle_comments (id TEXT, round_id TEXT, rater_group_id TEXT, item_id TEXT, body TEXT) ON COMMIT DELETE ROWS;
         INSERT INTO kb_shuffle_responses SELECT id, round_id, rater_group_id FROM responses WHERE round_id = '{r}';
         INSERT INTO kb_shuffle_scores SELECT s.response_id, s.item_id, s.value FROM response_scores s JOIN kb_shuffle_responses t ON t.id = s.response_id;
         INSERT INTO kb_shuffle_comments SELECT id, round_id, rater_group_id, item_id, body FROM response_comments WHERE round_id = '{r}';
         DELETE FROM response_scores WHERE response_id IN (SELECT id FROM kb_shuffle_responses);
         DELETE FROM responses WHERE round_id = '{r}';
         DELETE FROM response_comments WHERE round_id = '{r}';
         INSERT INTO responses SELECT id, round_id, rater_group_id FROM kb_shuffle_responses ORDER BY id;
         INSERT INTO response_scores SELECT response_id, item_id, value FROM kb_shuffle_scores ORDER BY response_id, item_id;
         INSERT INTO response_comments SELECT id, round_id, rater_group_id, item_id, body FROM kb_shuffle_comments ORDER BY id;"
    ))
}

/// Number of responses per group of a round (headcounts, no answers).
pub fn counts_by_group(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<(String, i64)>> {
    responses::table
        .filter(responses::round_id.eq(round.to_string()))
        .group_by(responses::rater_group_id)
        .select((responses::rater_group_id, diesel::dsl::count_star()))
        .load(conn)
}

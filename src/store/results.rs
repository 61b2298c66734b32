//! Aggregates for publication (counts in SQL; single responses never leave
//! the database) and the stored released views.

use diesel::prelude::*;

use crate::domain::ids::RoundId;
use crate::store::DbConnection;
use crate::store::schema::{released_views, response_comments, response_scores, responses};

/// (group, item, value, count) for every answer given in a round.
pub fn score_counts(
    conn: &mut DbConnection,
    round: RoundId,
) -> QueryResult<Vec<(String, String, i32, i64)>> {
    response_scores::table
        .inner_join(responses::table)
        .filter(responses::round_id.eq(round.to_string()))
        .group_by((
            responses::rater_group_id,
            response_scores::item_id,
            response_scores::value,
        ))
        .select((
            responses::rater_group_id,
            response_scores::item_id,
            response_scores::value,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}

/// (comment id, group, item, body) of every comment in a round.
pub fn comments(
    conn: &mut DbConnection,
    round: RoundId,
) -> QueryResult<Vec<(String, String, String, String)>> {
    response_comments::table
        .filter(response_comments::round_id.eq(round.to_string()))
        .select((
            response_comments::id,
            response_comments::rater_group_id,
            response_comments::item_id,
            response_comments::body,
        ))
        .load(conn)
}

pub fn insert_view(
    conn: &mut DbConnection,
    round: RoundId,
    computed_at: i64,
    view: &str,
) -> QueryResult<()> {
    diesel::insert_into(released_views::table)
        .values((
            released_views::round_id.eq(round.to_string()),
            released_views::computed_at.eq(computed_at),
            released_views::view.eq(view),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn get_view(conn: &mut DbConnection, round: RoundId) -> QueryResult<Option<String>> {
    released_views::table
        .find(round.to_string())
        .select(released_views::view)
        .first(conn)
        .optional()
}

/// Replaces a released view after a comment was redacted (the figures stay
/// as computed at close).
pub fn replace_view(conn: &mut DbConnection, round: RoundId, view: &str) -> QueryResult<bool> {
    diesel::update(released_views::table.find(round.to_string()))
        .set(released_views::view.eq(view))
        .execute(conn)
        .map(|n| n == 1)
}

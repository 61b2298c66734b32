//! The stored released views: all that is kept of a round's answers after
//! it closed.

use diesel::prelude::*;

use crate::domain::ids::RoundId;
use crate::store::DbConnection;
use crate::store::schema::released_views;

pub fn insert_view(
    conn: &mut DbConnection,
    round: RoundId,
    computed_at: i64,
    view: &str,
) -> QueryResult<()> {
    diesel::insert_into(released_views::table)
        .values((
            released_views::round_id.eq(round),
            released_views::computed_at.eq(computed_at),
            released_views::view.eq(view),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn get_view(conn: &mut DbConnection, round: RoundId) -> QueryResult<Option<String>> {
    released_views::table
        .find(round)
        .select(released_views::view)
        .first(conn)
        .optional()
}

/// When the view was computed (the round's publication, in seconds).
pub fn published_at(conn: &mut DbConnection, round: RoundId) -> QueryResult<Option<i64>> {
    released_views::table
        .find(round)
        .select(released_views::computed_at)
        .first(conn)
        .optional()
}

/// Replaces a released view after a comment was redacted (the figures stay
/// as computed at close).
pub fn replace_view(conn: &mut DbConnection, round: RoundId, view: &str) -> QueryResult<bool> {
    diesel::update(released_views::table.find(round))
        .set(released_views::view.eq(view))
        .execute(conn)
        .map(|n| n == 1)
}

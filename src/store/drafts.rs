//! Sealed drafts (docs/anonymity-decisions.md, "Drafts"): a keyed-hash id,
//! the round and ciphertext — never an invitation, a rater, a group or a
//! time. The store neither seals nor opens: `security::draft_key` does.

use diesel::prelude::*;

use crate::domain::ids::RoundId;
use crate::store::DbConnection;
use crate::store::schema::drafts;

/// The sealed draft with this id, if any, as (round, ciphertext).
pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<(RoundId, Vec<u8>)>> {
    drafts::table
        .find(id)
        .select((drafts::round_id, drafts::sealed))
        .first(conn)
        .optional()
}

/// Writes the draft, replacing an earlier one with the same id.
pub fn put(conn: &mut DbConnection, id: &str, round: RoundId, sealed: &[u8]) -> QueryResult<()> {
    let updated = diesel::update(drafts::table.find(id))
        .set(drafts::sealed.eq(sealed))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(drafts::table)
            .values((
                drafts::id.eq(id),
                drafts::round_id.eq(round),
                drafts::sealed.eq(sealed),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Deletes the draft with this id (if there is one).
pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::delete(drafts::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// Deletes every draft of a round; returns how many there were.
pub fn delete_round(conn: &mut DbConnection, round: RoundId) -> QueryResult<usize> {
    diesel::delete(drafts::table.filter(drafts::round_id.eq(round))).execute(conn)
}

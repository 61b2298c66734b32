//! Changing a round's settings and its rater groups.

use diesel::prelude::*;

use crate::domain::ids::{GroupId, ItemId, RoundId};
use crate::domain::round::RoundKind;
use crate::store::DbConnection;
use crate::store::schema::{item_groups, items, nominations, rater_groups, raters, rounds};

/// The settings a griffier edits, as stored.
pub struct SettingsRow {
    pub kind: RoundKind,
    pub opens_on: String,
    pub closes_at: i64,
    pub meeting_on: String,
    pub mayor_sees_raters: i32,
}

pub fn update_settings(conn: &mut DbConnection, id: RoundId, s: &SettingsRow) -> QueryResult<()> {
    diesel::update(rounds::table.filter(rounds::id.eq(id)))
        .set((
            rounds::kind.eq(s.kind),
            rounds::opens_on.eq(&s.opens_on),
            rounds::closes_at.eq(s.closes_at),
            rounds::meeting_on.eq(&s.meeting_on),
            rounds::mayor_sees_raters.eq(s.mayor_sees_raters),
        ))
        .execute(conn)
        .map(|_| ())
}

/// (group id, referenten on the list) for the groups that have any.
pub fn raters_per_group(
    conn: &mut DbConnection,
    round: RoundId,
) -> QueryResult<Vec<(GroupId, i64)>> {
    raters::table
        .filter(raters::round_id.eq(round))
        .group_by(raters::rater_group_id)
        .select((raters::rater_group_id, diesel::dsl::count_star()))
        .load(conn)
}

/// Referenten and nominations that point at a group.
pub fn uses_of_group(conn: &mut DbConnection, group: GroupId) -> QueryResult<i64> {
    let r: i64 = raters::table
        .filter(raters::rater_group_id.eq(group))
        .count()
        .get_result(conn)?;
    let n: i64 = nominations::table
        .filter(nominations::rater_group_id.eq(group))
        .count()
        .get_result(conn)?;
    Ok(r + n)
}

pub fn next_group_position(conn: &mut DbConnection, round: RoundId) -> QueryResult<i32> {
    let max: Option<i32> = rater_groups::table
        .filter(rater_groups::round_id.eq(round))
        .select(diesel::dsl::max(rater_groups::position))
        .first(conn)?;
    Ok(max.map_or(0, |m| m + 1))
}

pub fn update_group(
    conn: &mut DbConnection,
    group: GroupId,
    name: &str,
    description: &str,
) -> QueryResult<()> {
    diesel::update(rater_groups::table.find(group))
        .set((
            rater_groups::name.eq(name),
            rater_groups::description.eq(description),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Deletes a group and which items it was targeted by.
pub fn delete_group(conn: &mut DbConnection, group: GroupId) -> QueryResult<()> {
    diesel::delete(item_groups::table.filter(item_groups::rater_group_id.eq(group)))
        .execute(conn)?;
    diesel::delete(rater_groups::table.find(group))
        .execute(conn)
        .map(|_| ())
}

/// (item id, group id) of every item targeting in a round.
pub fn item_targets(
    conn: &mut DbConnection,
    round: RoundId,
) -> QueryResult<Vec<(ItemId, GroupId)>> {
    item_groups::table
        .inner_join(items::table)
        .filter(items::round_id.eq(round))
        .select((item_groups::item_id, item_groups::rater_group_id))
        .load(conn)
}

pub fn add_targets(conn: &mut DbConnection, group: GroupId, items: &[ItemId]) -> QueryResult<()> {
    for item in items {
        diesel::insert_into(item_groups::table)
            .values((
                item_groups::item_id.eq(item),
                item_groups::rater_group_id.eq(group),
            ))
            .execute(conn)?;
    }
    Ok(())
}

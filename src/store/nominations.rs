//! Voordrachten: referenten suggested for a round, and the decisions on them.

use std::collections::HashSet;

use diesel::prelude::*;

use crate::domain::ids::{GroupId, NominationId, RoundId, StaffId};
use crate::domain::nomination::NominationStatus;
use crate::store::DbConnection;
use crate::store::schema::{nominations, rater_groups, staff};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = nominations)]
pub struct NominationRow {
    pub id: NominationId,
    pub round_id: RoundId,
    pub nominated_by: StaffId,
    pub name: String,
    pub email: String,
    pub rater_group_id: GroupId,
    pub reason: String,
    pub status: NominationStatus,
    pub decided_by: Option<StaffId>,
    pub decision_reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// A suggestion with the name of its group and of the person who made it.
#[derive(Queryable, Clone, Debug)]
pub struct NominationLineRow {
    #[diesel(embed)]
    pub nomination: NominationRow,
    pub group_name: String,
    pub nominated_by_name: String,
}

pub fn insert(conn: &mut DbConnection, row: &NominationRow) -> QueryResult<()> {
    diesel::insert_into(nominations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// One suggestion of a round (`None` if it is not of this round).
pub fn get(
    conn: &mut DbConnection,
    round: RoundId,
    id: NominationId,
) -> QueryResult<Option<NominationRow>> {
    nominations::table
        .filter(nominations::id.eq(id))
        .filter(nominations::round_id.eq(round))
        .select(NominationRow::as_select())
        .first(conn)
        .optional()
}

/// The suggestions of a round, newest first; only those of `by` if given.
pub fn of_round(
    conn: &mut DbConnection,
    round: RoundId,
    by: Option<StaffId>,
) -> QueryResult<Vec<NominationLineRow>> {
    let mut q = nominations::table
        .inner_join(rater_groups::table.on(rater_groups::id.eq(nominations::rater_group_id)))
        .inner_join(staff::table.on(staff::id.eq(nominations::nominated_by)))
        .filter(nominations::round_id.eq(round))
        .select((NominationRow::as_select(), rater_groups::name, staff::name))
        .order((nominations::created_at.desc(), nominations::id.asc()))
        .into_boxed();
    if let Some(by) = by {
        q = q.filter(nominations::nominated_by.eq(by));
    }
    q.load(conn)
}

/// Lower-cased addresses of the suggestions of a round in `status`.
pub fn emails_with_status(
    conn: &mut DbConnection,
    round: RoundId,
    status: NominationStatus,
) -> QueryResult<HashSet<String>> {
    let emails: Vec<String> = nominations::table
        .filter(nominations::round_id.eq(round))
        .filter(nominations::status.eq(status))
        .select(nominations::email)
        .load(conn)?;
    Ok(emails.into_iter().map(|e| e.to_lowercase()).collect())
}

/// Records a decision, only if the suggestion is still in `from`; whether it did.
pub fn decide(
    conn: &mut DbConnection,
    id: NominationId,
    from: NominationStatus,
    to: NominationStatus,
    by: StaffId,
    reason: Option<&str>,
    at: i64,
) -> QueryResult<bool> {
    diesel::update(
        nominations::table
            .filter(nominations::id.eq(id))
            .filter(nominations::status.eq(from)),
    )
    .set((
        nominations::status.eq(to),
        nominations::decided_by.eq(Some(by)),
        nominations::decision_reason.eq(reason),
        nominations::decided_at.eq(Some(at)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

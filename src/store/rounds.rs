//! Rounds and their rater groups.

use diesel::prelude::*;

use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, MayorId, MunicipalityId, RoundId};
use crate::domain::round::{RoundKind, RoundState};
use crate::domain::sharing::SharingMode;
use crate::store::municipalities::{MayorRow, MunicipalityRow};
use crate::store::schema::{rater_groups, rounds};
use crate::store::{Backend, DbConnection};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = rounds)]
pub struct RoundRow {
    pub id: RoundId,
    pub municipality_id: MunicipalityId,
    pub mayor_id: MayorId,
    pub kind: RoundKind,
    pub state: RoundState,
    pub opens_on: String,
    pub closes_at: i64,
    pub meeting_on: String,
    pub min_group_size: i32,
    pub sharing_mode: SharingMode,
    pub created_at: i64,
    /// 1 when the burgemeester sees the final list of referenten.
    pub mayor_sees_raters: i32,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = rater_groups)]
pub struct GroupRow {
    pub id: GroupId,
    pub round_id: RoundId,
    pub key: String,
    pub name: String,
    pub description: String,
    pub is_self: bool,
    pub position: i32,
}

impl GroupRow {
    pub fn into_domain(self) -> RaterGroup {
        RaterGroup {
            id: self.id,
            key: self.key,
            name: self.name,
            description: self.description,
            is_self: self.is_self,
        }
    }
}

pub fn insert_round(conn: &mut DbConnection, row: &RoundRow) -> QueryResult<()> {
    diesel::insert_into(rounds::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn get_round(conn: &mut DbConnection, id: RoundId) -> QueryResult<Option<RoundRow>> {
    rounds::table
        .find(id)
        .select(RoundRow::as_select())
        .first(conn)
        .optional()
}

/// The round with its municipality and mayor, in one query (every step of
/// a referent's path needs all three).
pub fn get_round_with_owners(
    conn: &mut DbConnection,
    id: RoundId,
) -> QueryResult<Option<(RoundRow, MunicipalityRow, MayorRow)>> {
    use crate::store::schema::{mayors, municipalities};
    rounds::table
        .inner_join(municipalities::table.on(municipalities::id.eq(rounds::municipality_id)))
        .inner_join(mayors::table.on(mayors::id.eq(rounds::mayor_id)))
        .filter(rounds::id.eq(id))
        .select((
            RoundRow::as_select(),
            MunicipalityRow::as_select(),
            MayorRow::as_select(),
        ))
        .first(conn)
        .optional()
}

pub fn list_rounds(
    conn: &mut DbConnection,
    municipality: Option<MunicipalityId>,
) -> QueryResult<Vec<RoundRow>> {
    let mut q = rounds::table
        .select(RoundRow::as_select())
        .order(rounds::closes_at.desc())
        .into_boxed();
    if let Some(m) = municipality {
        q = q.filter(rounds::municipality_id.eq(m));
    }
    q.load(conn)
}

/// The rounds of these municipalities, latest closing first.
pub fn rounds_of(
    conn: &mut DbConnection,
    municipalities: &[MunicipalityId],
) -> QueryResult<Vec<RoundRow>> {
    rounds::table
        .filter(rounds::municipality_id.eq_any(municipalities))
        .select(RoundRow::as_select())
        .order(rounds::closes_at.desc())
        .load(conn)
}

pub fn set_state(
    conn: &mut DbConnection,
    id: RoundId,
    from: RoundState,
    to: RoundState,
) -> QueryResult<bool> {
    diesel::update(
        rounds::table
            .filter(rounds::id.eq(id))
            .filter(rounds::state.eq(from)),
    )
    .set(rounds::state.eq(to))
    .execute(conn)
    .map(|n| n == 1)
}

/// Sets k, only while the round is still in `state` (its draft state).
pub fn set_min_group_size(
    conn: &mut DbConnection,
    id: RoundId,
    state: RoundState,
    k: i32,
) -> QueryResult<bool> {
    diesel::update(
        rounds::table
            .filter(rounds::id.eq(id))
            .filter(rounds::state.eq(state)),
    )
    .set(rounds::min_group_size.eq(k))
    .execute(conn)
    .map(|n| n == 1)
}

/// Rounds in `state` whose closing moment has passed.
pub fn due_to_close(
    conn: &mut DbConnection,
    state: RoundState,
    now: i64,
) -> QueryResult<Vec<RoundId>> {
    rounds::table
        .filter(rounds::state.eq(state))
        .filter(rounds::closes_at.le(now))
        .select(rounds::id)
        .load(conn)
}

/// Serialises writers of one round for the rest of the transaction
/// (PostgreSQL: a row lock; SQLite: the write transaction already holds the
/// database lock, nothing to do).
pub fn lock_round(conn: &mut DbConnection, id: RoundId) -> QueryResult<()> {
    row_lock(conn, id, "FOR UPDATE")
}

/// Keeps the round as it is for the rest of the transaction while letting
/// other holders of this lock run side by side (submits): a change that
/// takes [`lock_round`] (closing the round) waits for them, and they for it.
pub fn lock_round_shared(conn: &mut DbConnection, id: RoundId) -> QueryResult<()> {
    row_lock(conn, id, "FOR SHARE")
}

fn row_lock(conn: &mut DbConnection, id: RoundId, mode: &'static str) -> QueryResult<()> {
    match conn.backend() {
        Backend::Postgres => {
            #[derive(QueryableByName)]
            struct Locked {
                #[diesel(sql_type = diesel::sql_types::Text)]
                #[allow(dead_code)]
                id: String,
            }
            diesel::sql_query(format!("SELECT id FROM rounds WHERE id = $1 {mode}"))
                .bind::<diesel::sql_types::Text, _>(id)
                .load::<Locked>(conn)
                .map(|_| ())
        }
        Backend::Sqlite => Ok(()),
    }
}

pub fn insert_group(conn: &mut DbConnection, row: &GroupRow) -> QueryResult<()> {
    diesel::insert_into(rater_groups::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn groups_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<RaterGroup>> {
    rater_groups::table
        .filter(rater_groups::round_id.eq(round))
        .order(rater_groups::position.asc())
        .select(GroupRow::as_select())
        .load(conn)
        .map(|rows| rows.into_iter().map(GroupRow::into_domain).collect())
}

pub fn get_group(conn: &mut DbConnection, id: GroupId) -> QueryResult<RaterGroup> {
    rater_groups::table
        .find(id)
        .select(GroupRow::as_select())
        .first(conn)
        .map(GroupRow::into_domain)
}

pub fn set_sharing_mode(
    conn: &mut DbConnection,
    id: RoundId,
    mode: SharingMode,
) -> QueryResult<()> {
    diesel::update(rounds::table.filter(rounds::id.eq(id)))
        .set(rounds::sharing_mode.eq(mode))
        .execute(conn)
        .map(|_| ())
}

/// The rounds of one burgemeester's term, by meeting date (then creation).
pub fn of_mayor(conn: &mut DbConnection, mayor: MayorId) -> QueryResult<Vec<RoundRow>> {
    rounds::table
        .filter(rounds::mayor_id.eq(mayor))
        .order((
            rounds::meeting_on.asc(),
            rounds::created_at.asc(),
            rounds::id.asc(),
        ))
        .select(RoundRow::as_select())
        .load(conn)
}

//! Rounds and their rater groups.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, MunicipalityId, RoundId};
use crate::store::schema::{rater_groups, rounds};
use crate::store::{Backend, DbConnection, parse_id};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = rounds)]
pub struct RoundRow {
    pub id: String,
    pub municipality_id: String,
    pub mayor_id: String,
    pub kind: String,
    pub state: String,
    pub opens_on: String,
    pub closes_at: i64,
    pub meeting_on: String,
    pub min_group_size: i32,
    pub sharing_mode: String,
    pub created_at: i64,
    /// 1 when the burgemeester sees the final list of referenten.
    pub mayor_sees_raters: i32,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = rater_groups)]
pub struct GroupRow {
    pub id: String,
    pub round_id: String,
    pub key: String,
    pub name: String,
    pub description: String,
    pub is_self: bool,
    pub position: i32,
}

impl GroupRow {
    pub fn into_domain(self) -> QueryResult<RaterGroup> {
        Ok(RaterGroup {
            id: parse_id(&self.id)?,
            key: self.key,
            name: self.name,
            description: self.description,
            is_self: self.is_self,
        })
    }
}

pub fn insert_round(conn: &mut DbConnection, row: &RoundRow) -> QueryResult<()> {
    diesel::insert_into(rounds::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn get_round(conn: &mut DbConnection, id: RoundId) -> QueryResult<RoundRow> {
    rounds::table
        .find(id.to_string())
        .select(RoundRow::as_select())
        .first(conn)
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
        q = q.filter(rounds::municipality_id.eq(m.to_string()));
    }
    q.load(conn)
}

pub fn set_state(conn: &mut DbConnection, id: RoundId, from: &str, to: &str) -> QueryResult<bool> {
    diesel::update(
        rounds::table
            .filter(rounds::id.eq(id.to_string()))
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
    state: &str,
    k: i32,
) -> QueryResult<bool> {
    diesel::update(
        rounds::table
            .filter(rounds::id.eq(id.to_string()))
            .filter(rounds::state.eq(state)),
    )
    .set(rounds::min_group_size.eq(k))
    .execute(conn)
    .map(|n| n == 1)
}

/// Rounds in `state` whose closing moment has passed.
pub fn due_to_close(conn: &mut DbConnection, state: &str, now: i64) -> QueryResult<Vec<String>> {
    rounds::table
        .filter(rounds::state.eq(state))
        .filter(rounds::closes_at.le(now))
        .select(rounds::id)
        .load(conn)
}

/// Serialises writers of one round for the rest of the transaction
/// (PostgreSQL: a row lock; SQLite: the write transaction already holds the database lock).
pub fn lock_round(conn: &mut DbConnection, id: RoundId) -> QueryResult<()> {
    match conn.backend() {
        Backend::Postgres => {
            #[derive(QueryableByName)]
            struct Locked {
                #[diesel(sql_type = diesel::sql_types::Text)]
                #[allow(dead_code)]
                id: String,
            }
            diesel::sql_query("SELECT id FROM rounds WHERE id = $1 FOR UPDATE")
                .bind::<diesel::sql_types::Text, _>(id.to_string())
                .load::<Locked>(conn)
                .map(|_| ())
        }
        Backend::Sqlite => conn.batch_execute("SELECT 1"),
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
        .filter(rater_groups::round_id.eq(round.to_string()))
        .order(rater_groups::position.asc())
        .select(GroupRow::as_select())
        .load(conn)?
        .into_iter()
        .map(GroupRow::into_domain)
        .collect()
}

pub fn get_group(conn: &mut DbConnection, id: GroupId) -> QueryResult<RaterGroup> {
    rater_groups::table
        .find(id.to_string())
        .select(GroupRow::as_select())
        .first(conn)?
        .into_domain()
}

pub fn set_sharing_mode(conn: &mut DbConnection, id: RoundId, mode: &str) -> QueryResult<()> {
    diesel::update(rounds::table.filter(rounds::id.eq(id.to_string())))
        .set(rounds::sharing_mode.eq(mode))
        .execute(conn)
        .map(|_| ())
}

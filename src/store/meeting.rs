//! The meeting around a round: the burgemeester's reflection on the council,
//! the agenda and the agreements. No rules here.

use diesel::prelude::*;

use crate::domain::agenda::AgendaSide;
use crate::domain::agreement::AgreementStatus;
use crate::domain::council_reflection::CouncilTopic;
use crate::domain::ids::{AgendaItemId, AgreementId, MayorId, RoundId, StaffId};
use crate::store::DbConnection;
use crate::store::schema::{agenda_items, agreements, council_reflections, rounds};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = council_reflections)]
pub struct ReflectionRow {
    pub round_id: RoundId,
    pub topic: CouncilTopic,
    /// 1..=5, or NULL for "kan ik niet beoordelen".
    pub score: Option<i32>,
    pub remark: String,
    pub created_at: i64,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = agenda_items)]
pub struct AgendaRow {
    pub id: AgendaItemId,
    pub round_id: RoundId,
    pub added_by: StaffId,
    pub side: AgendaSide,
    pub text: String,
    pub position: i32,
    pub created_at: i64,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = agreements)]
pub struct AgreementRow {
    pub id: AgreementId,
    pub round_id: RoundId,
    pub what: String,
    pub responsible: String,
    pub monitor: String,
    pub due_on: String,
    pub status: AgreementStatus,
    pub status_note: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn insert_reflection(conn: &mut DbConnection, rows: &[ReflectionRow]) -> QueryResult<()> {
    for row in rows {
        diesel::insert_into(council_reflections::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

pub fn reflection_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<ReflectionRow>> {
    council_reflections::table
        .filter(council_reflections::round_id.eq(round))
        .select(ReflectionRow::as_select())
        .load(conn)
}

pub fn insert_agenda_item(conn: &mut DbConnection, row: &AgendaRow) -> QueryResult<()> {
    diesel::insert_into(agenda_items::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A round's agenda in order.
pub fn agenda_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<AgendaRow>> {
    agenda_items::table
        .filter(agenda_items::round_id.eq(round))
        .order((agenda_items::position.asc(), agenda_items::created_at.asc()))
        .select(AgendaRow::as_select())
        .load(conn)
}

pub fn set_agenda_position(
    conn: &mut DbConnection,
    round: RoundId,
    id: AgendaItemId,
    position: i32,
) -> QueryResult<()> {
    diesel::update(
        agenda_items::table
            .filter(agenda_items::round_id.eq(round))
            .filter(agenda_items::id.eq(id)),
    )
    .set(agenda_items::position.eq(position))
    .execute(conn)
    .map(|_| ())
}

/// Removes an item of this round; whether there was one.
pub fn delete_agenda_item(
    conn: &mut DbConnection,
    round: RoundId,
    id: AgendaItemId,
) -> QueryResult<bool> {
    diesel::delete(
        agenda_items::table
            .filter(agenda_items::round_id.eq(round))
            .filter(agenda_items::id.eq(id)),
    )
    .execute(conn)
    .map(|n| n == 1)
}

pub fn insert_agreement(conn: &mut DbConnection, row: &AgreementRow) -> QueryResult<()> {
    diesel::insert_into(agreements::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A round's agreements in the order they were recorded.
pub fn agreements_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<AgreementRow>> {
    agreements::table
        .filter(agreements::round_id.eq(round))
        .order((agreements::created_at.asc(), agreements::id.asc()))
        .select(AgreementRow::as_select())
        .load(conn)
}

pub fn get_agreement(
    conn: &mut DbConnection,
    id: AgreementId,
) -> QueryResult<Option<AgreementRow>> {
    agreements::table
        .find(id)
        .select(AgreementRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_agreement_status(
    conn: &mut DbConnection,
    id: AgreementId,
    status: AgreementStatus,
    note: &str,
    now: i64,
) -> QueryResult<()> {
    diesel::update(agreements::table.find(id))
        .set((
            agreements::status.eq(status),
            agreements::status_note.eq(note),
            agreements::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The round for the same burgemeester created just before this one.
pub fn previous_round(conn: &mut DbConnection, round: RoundId) -> QueryResult<Option<RoundId>> {
    let (mayor, created_at): (MayorId, i64) = rounds::table
        .find(round)
        .select((rounds::mayor_id, rounds::created_at))
        .first(conn)?;
    rounds::table
        .filter(rounds::mayor_id.eq(mayor))
        .filter(rounds::created_at.lt(created_at))
        .order((rounds::created_at.desc(), rounds::id.desc()))
        .select(rounds::id)
        .first(conn)
        .optional()
}

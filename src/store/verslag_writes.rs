//! The verslag's working side (migration 000012): the griffier's text per
//! heading, the participants, versions, comments, kanttekeningen and
//! signatures as the verslag use cases write them. No rules here.

use diesel::prelude::*;

use crate::domain::ids::{KanttekeningId, StaffId, VerslagCommentId, VerslagId, VerslagVersionId};
use crate::domain::staff::Role;
use crate::domain::verslag::{CommentOutcome, VerslagState};
use crate::store::DbConnection;
use crate::store::schema::{
    staff, staff_sessions, verslag_comments, verslag_kanttekeningen, verslag_participants,
    verslag_sections, verslag_signatures, verslag_versions, verslagen,
};
use crate::store::verslagen::{VersionRow, VerslagRow};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = verslag_sections)]
pub struct SectionRow {
    pub verslag_id: VerslagId,
    pub position: i32,
    pub heading: String,
    pub body: String,
    pub agreements: i32,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = verslag_comments)]
pub struct CommentRow {
    pub id: VerslagCommentId,
    pub verslag_id: VerslagId,
    pub version_id: VerslagVersionId,
    pub section: i32,
    pub author_id: StaffId,
    pub body: String,
    pub named: i32,
    pub created_at: i64,
    pub outcome: Option<CommentOutcome>,
    pub reply: String,
    pub processed_at: Option<i64>,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = verslag_kanttekeningen)]
pub struct KanttekeningRow {
    pub id: KanttekeningId,
    pub verslag_id: VerslagId,
    pub section: i32,
    pub text: String,
    pub holder: Option<String>,
    pub comment_id: Option<VerslagCommentId>,
    pub created_at: i64,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = verslag_signatures)]
pub struct SignatureRow {
    pub version_id: VerslagVersionId,
    pub staff_id: StaffId,
    pub role: Role,
    pub hash: String,
    pub signed_at: i64,
    pub voided_at: Option<i64>,
}

pub fn insert_verslag(c: &mut DbConnection, row: &VerslagRow) -> QueryResult<()> {
    diesel::insert_into(verslagen::table)
        .values(row)
        .execute(c)
        .map(drop)
}

/// Takes the verslag's row lock (PostgreSQL; SQLite writes one at a time).
pub fn lock(c: &mut DbConnection, v: VerslagId) -> QueryResult<()> {
    diesel::update(verslagen::table.find(v))
        .set(verslagen::id.eq(verslagen::id))
        .execute(c)
        .map(drop)
}

pub fn get(c: &mut DbConnection, v: VerslagId) -> QueryResult<VerslagRow> {
    verslagen::table
        .find(v)
        .select(VerslagRow::as_select())
        .first(c)
}

pub fn set_state(
    c: &mut DbConnection,
    v: VerslagId,
    state: VerslagState,
    now: i64,
) -> QueryResult<()> {
    diesel::update(verslagen::table.find(v))
        .set((verslagen::state.eq(state), verslagen::updated_at.eq(now)))
        .execute(c)
        .map(drop)
}

/// Vastgesteld: the moment and the marking of that moment.
pub fn adopt(c: &mut DbConnection, v: VerslagId, marking: &str, now: i64) -> QueryResult<()> {
    diesel::update(verslagen::table.find(v))
        .set((
            verslagen::state.eq(VerslagState::Adopted),
            verslagen::updated_at.eq(now),
            verslagen::adopted_at.eq(Some(now)),
            verslagen::marking.eq(Some(marking)),
        ))
        .execute(c)
        .map(drop)
}

pub fn insert_participant(
    c: &mut DbConnection,
    v: VerslagId,
    person: StaffId,
    role: Role,
) -> QueryResult<()> {
    diesel::insert_into(verslag_participants::table)
        .values((
            verslag_participants::verslag_id.eq(v.to_string()),
            verslag_participants::staff_id.eq(person.to_string()),
            verslag_participants::role.eq(role.code()),
        ))
        .execute(c)
        .map(drop)
}

pub fn clear_participants(c: &mut DbConnection, v: VerslagId) -> QueryResult<()> {
    diesel::delete(
        verslag_participants::table.filter(verslag_participants::verslag_id.eq(v.to_string())),
    )
    .execute(c)
    .map(drop)
}

pub fn sections(c: &mut DbConnection, v: VerslagId) -> QueryResult<Vec<SectionRow>> {
    verslag_sections::table
        .filter(verslag_sections::verslag_id.eq(v))
        .order(verslag_sections::position.asc())
        .select(SectionRow::as_select())
        .load(c)
}

/// Replaces every heading (before writing starts, or when headings change).
pub fn replace_sections(
    c: &mut DbConnection,
    v: VerslagId,
    rows: &[SectionRow],
) -> QueryResult<()> {
    diesel::delete(verslag_sections::table.filter(verslag_sections::verslag_id.eq(v)))
        .execute(c)?;
    for row in rows {
        diesel::insert_into(verslag_sections::table)
            .values(row)
            .execute(c)?;
    }
    Ok(())
}

/// Whether the section existed.
pub fn set_body(
    c: &mut DbConnection,
    v: VerslagId,
    position: i32,
    body: &str,
) -> QueryResult<bool> {
    diesel::update(
        verslag_sections::table
            .filter(verslag_sections::verslag_id.eq(v))
            .filter(verslag_sections::position.eq(position)),
    )
    .set(verslag_sections::body.eq(body))
    .execute(c)
    .map(|n| n > 0)
}

pub fn insert_version(c: &mut DbConnection, row: &VersionRow) -> QueryResult<()> {
    diesel::insert_into(verslag_versions::table)
        .values(row)
        .execute(c)
        .map(drop)
}

pub fn insert_comment(c: &mut DbConnection, row: &CommentRow) -> QueryResult<()> {
    diesel::insert_into(verslag_comments::table)
        .values(row)
        .execute(c)
        .map(drop)
}

/// Every comment on a verslag, oldest first.
pub fn comments(c: &mut DbConnection, v: VerslagId) -> QueryResult<Vec<CommentRow>> {
    verslag_comments::table
        .filter(verslag_comments::verslag_id.eq(v))
        .order((
            verslag_comments::created_at.asc(),
            verslag_comments::id.asc(),
        ))
        .select(CommentRow::as_select())
        .load(c)
}

pub fn process_comment(
    c: &mut DbConnection,
    id: VerslagCommentId,
    outcome: CommentOutcome,
    reply: &str,
    now: i64,
) -> QueryResult<()> {
    diesel::update(verslag_comments::table.find(id))
        .set((
            verslag_comments::outcome.eq(Some(outcome)),
            verslag_comments::reply.eq(reply),
            verslag_comments::processed_at.eq(Some(now)),
        ))
        .execute(c)
        .map(drop)
}

pub fn kanttekeningen(c: &mut DbConnection, v: VerslagId) -> QueryResult<Vec<KanttekeningRow>> {
    verslag_kanttekeningen::table
        .filter(verslag_kanttekeningen::verslag_id.eq(v))
        .order((
            verslag_kanttekeningen::created_at.asc(),
            verslag_kanttekeningen::id.asc(),
        ))
        .select(KanttekeningRow::as_select())
        .load(c)
}

pub fn insert_kanttekening(c: &mut DbConnection, row: &KanttekeningRow) -> QueryResult<()> {
    diesel::insert_into(verslag_kanttekeningen::table)
        .values(row)
        .execute(c)
        .map(drop)
}

/// Whether the kanttekening belongs to the verslag (and was changed).
pub fn set_kanttekening_text(
    c: &mut DbConnection,
    v: VerslagId,
    id: KanttekeningId,
    text: &str,
) -> QueryResult<bool> {
    diesel::update(
        verslag_kanttekeningen::table
            .find(id)
            .filter(verslag_kanttekeningen::verslag_id.eq(v)),
    )
    .set(verslag_kanttekeningen::text.eq(text))
    .execute(c)
    .map(|n| n > 0)
}

pub fn insert_signature(c: &mut DbConnection, row: &SignatureRow) -> QueryResult<()> {
    diesel::insert_into(verslag_signatures::table)
        .values(row)
        .execute(c)
        .map(drop)
}

/// Voids every valid signature on the verslag's versions; how many.
pub fn void_signatures(c: &mut DbConnection, v: VerslagId, now: i64) -> QueryResult<usize> {
    let versions: Vec<VerslagVersionId> = verslag_versions::table
        .filter(verslag_versions::verslag_id.eq(v))
        .select(verslag_versions::id)
        .load(c)?;
    diesel::update(
        verslag_signatures::table
            .filter(verslag_signatures::version_id.eq_any(versions))
            .filter(verslag_signatures::voided_at.is_null()),
    )
    .set(verslag_signatures::voided_at.eq(Some(now)))
    .execute(c)
}

/// The name of a person.
pub fn name_of(c: &mut DbConnection, person: StaffId) -> QueryResult<String> {
    staff::table
        .find(person.to_string())
        .select(staff::name)
        .first(c)
}

/// When the session's second factor was last entered.
pub fn factor_at(c: &mut DbConnection, session_hash: &str) -> QueryResult<Option<i64>> {
    Ok(staff_sessions::table
        .find(session_hash)
        .select(staff_sessions::factor_at)
        .first::<Option<i64>>(c)
        .optional()?
        .flatten())
}

/// Records that the session's second factor was entered now.
pub fn set_factor_at(c: &mut DbConnection, session_hash: &str, now: i64) -> QueryResult<()> {
    diesel::update(staff_sessions::table.find(session_hash))
        .set(staff_sessions::factor_at.eq(Some(now)))
        .execute(c)
        .map(drop)
}

/// A right code while signing: the session's wrong codes count from zero.
pub fn clear_failures(c: &mut DbConnection, id_hash: &str) -> QueryResult<()> {
    diesel::update(staff_sessions::table.find(id_hash))
        .set(staff_sessions::failures.eq(0))
        .execute(c)
        .map(drop)
}

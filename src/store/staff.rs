//! Staff accounts, memberships, sign-in links, sessions and recovery codes
//! (the audit log is in `store::audit`). Links, session ids and recovery
//! codes are stored only as keyed hashes; TOTP secrets only sealed.

use diesel::backend::Backend as DieselBackend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::prelude::*;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use crate::domain::email::StaffEmail;
use crate::store::DbConnection;
use crate::store::schema::{memberships, recovery_codes, sign_in_links, staff, staff_sessions};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = staff)]
pub struct StaffRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub platform_admin: i32,
    pub totp_sealed: Option<String>,
    pub totp_last_step: Option<i64>,
    pub created_at: i64,
}

/// How far a staff session has come, stored as its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub enum Stage {
    /// The link was used; the second factor is still to come.
    SecondFactor,
    Active,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::SecondFactor => "tweede-stap",
            Stage::Active => "actief",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Stage::SecondFactor, Stage::Active]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// An unknown stored stage is an error, never a default.
impl<DB> FromSql<Text, DB> for Stage
where
    DB: DieselBackend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let code = String::from_sql(bytes)?;
        Stage::parse(&code).ok_or_else(|| {
            format!("unexpected value in column staff_sessions.stage: {code:?}").into()
        })
    }
}

impl<DB> ToSql<Text, DB> for Stage
where
    DB: DieselBackend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.code().to_sql(out)
    }
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = staff_sessions)]
pub struct SessionRow {
    pub id_hash: String,
    pub staff_id: String,
    pub stage: Stage,
    pub created_at: i64,
    pub last_seen: i64,
    /// Second-factor codes tried in this session (counted before each check).
    pub failures: i32,
}

pub fn insert(conn: &mut DbConnection, row: &StaffRow) -> QueryResult<()> {
    diesel::insert_into(staff::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn by_email(conn: &mut DbConnection, email: &StaffEmail) -> QueryResult<Option<StaffRow>> {
    staff::table
        .filter(staff::email.eq(email.as_str()))
        .select(StaffRow::as_select())
        .first(conn)
        .optional()
}

pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<StaffRow> {
    staff::table
        .find(id)
        .select(StaffRow::as_select())
        .first(conn)
}

/// Locks a person's row until the end of the transaction (PostgreSQL; on
/// SQLite the write transaction already holds the database).
pub fn lock(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    match conn {
        DbConnection::Postgres(pg) => staff::table
            .find(id)
            .select(staff::id)
            .for_update()
            .load::<String>(pg)
            .map(|_| ()),
        DbConnection::Sqlite(_) => Ok(()),
    }
}

pub fn add_membership(
    conn: &mut DbConnection,
    staff_id: &str,
    municipality: &str,
    role: &str,
) -> QueryResult<bool> {
    let exists = memberships::table
        .find((staff_id, municipality, role))
        .count()
        .get_result::<i64>(conn)?;
    if exists == 0 {
        diesel::insert_into(memberships::table)
            .values((
                memberships::staff_id.eq(staff_id),
                memberships::municipality_id.eq(municipality),
                memberships::role.eq(role),
            ))
            .execute(conn)?;
    }
    Ok(exists == 0)
}

/// (municipality, role) of every membership of a person.
pub fn memberships_of(
    conn: &mut DbConnection,
    staff_id: &str,
) -> QueryResult<Vec<(String, String)>> {
    memberships::table
        .filter(memberships::staff_id.eq(staff_id))
        .select((memberships::municipality_id, memberships::role))
        .order((memberships::municipality_id, memberships::role))
        .load(conn)
}

/// A person's memberships with the municipality's name, in one query:
/// (municipality id, its name, role code), by name and role.
pub fn memberships_named(
    conn: &mut DbConnection,
    staff_id: &str,
) -> QueryResult<Vec<(String, String, String)>> {
    use crate::store::schema::municipalities;
    memberships::table
        .inner_join(municipalities::table)
        .filter(memberships::staff_id.eq(staff_id))
        .select((
            memberships::municipality_id,
            municipalities::name,
            memberships::role,
        ))
        .order((municipalities::name, memberships::role))
        .load(conn)
}

pub fn set_totp(conn: &mut DbConnection, staff_id: &str, sealed: &str) -> QueryResult<()> {
    diesel::update(staff::table.find(staff_id))
        .set((
            staff::totp_sealed.eq(Some(sealed)),
            staff::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records an accepted TOTP step, only if it is later than the last one
/// (so one code cannot be used twice, also not by two instances at once).
pub fn accept_step(conn: &mut DbConnection, staff_id: &str, step: i64) -> QueryResult<bool> {
    diesel::update(
        staff::table.find(staff_id).filter(
            staff::totp_last_step
                .is_null()
                .or(staff::totp_last_step.lt(step)),
        ),
    )
    .set(staff::totp_last_step.eq(Some(step)))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn insert_link(
    conn: &mut DbConnection,
    token_hash: &str,
    staff_id: &str,
    expires_at: i64,
) -> QueryResult<()> {
    diesel::insert_into(sign_in_links::table)
        .values((
            sign_in_links::token_hash.eq(token_hash),
            sign_in_links::staff_id.eq(staff_id),
            sign_in_links::expires_at.eq(expires_at),
            sign_in_links::used.eq(0),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Uses a sign-in link once: the person it belongs to, if it was unused and
/// not expired.
pub fn consume_link(
    conn: &mut DbConnection,
    token_hash: &str,
    now: i64,
) -> QueryResult<Option<String>> {
    let used = diesel::update(
        sign_in_links::table
            .find(token_hash)
            .filter(sign_in_links::used.eq(0))
            .filter(sign_in_links::expires_at.gt(now)),
    )
    .set(sign_in_links::used.eq(1))
    .execute(conn)?;
    if used != 1 {
        return Ok(None);
    }
    sign_in_links::table
        .find(token_hash)
        .select(sign_in_links::staff_id)
        .first(conn)
        .optional()
}

/// Whether a person has a sign-in link that still works (unused, not expired).
pub fn has_working_link(conn: &mut DbConnection, staff_id: &str, now: i64) -> QueryResult<bool> {
    sign_in_links::table
        .filter(sign_in_links::staff_id.eq(staff_id))
        .filter(sign_in_links::used.eq(0))
        .filter(sign_in_links::expires_at.gt(now))
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}

pub fn prune_links(conn: &mut DbConnection, before: i64) -> QueryResult<usize> {
    diesel::delete(sign_in_links::table.filter(sign_in_links::expires_at.lt(before))).execute(conn)
}

pub fn insert_session(conn: &mut DbConnection, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(staff_sessions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn session(conn: &mut DbConnection, id_hash: &str) -> QueryResult<Option<SessionRow>> {
    staff_sessions::table
        .find(id_hash)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

pub fn touch_session(conn: &mut DbConnection, id_hash: &str, now: i64) -> QueryResult<()> {
    diesel::update(staff_sessions::table.find(id_hash))
        .set(staff_sessions::last_seen.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// Counts one second-factor attempt of a session, in one statement and only
/// while fewer than `limit` were made: the number of attempts including this
/// one, or `None` when the session is gone or has used up its attempts (so
/// of any number of concurrent attempts at most `limit` are ever checked).
/// Call it inside the transaction that checks the code: the row stays locked
/// until the end, so the count read back is this attempt's.
pub fn claim_attempt(
    conn: &mut DbConnection,
    id_hash: &str,
    limit: i32,
) -> QueryResult<Option<i32>> {
    let claimed = diesel::update(
        staff_sessions::table
            .find(id_hash)
            .filter(staff_sessions::failures.lt(limit)),
    )
    .set(staff_sessions::failures.eq(staff_sessions::failures + 1))
    .execute(conn)?;
    if claimed != 1 {
        return Ok(None);
    }
    staff_sessions::table
        .find(id_hash)
        .select(staff_sessions::failures)
        .first(conn)
        .optional()
}

pub fn delete_session(conn: &mut DbConnection, id_hash: &str) -> QueryResult<()> {
    diesel::delete(staff_sessions::table.find(id_hash))
        .execute(conn)
        .map(|_| ())
}

/// Removes sessions idle since `idle_before` or created before `created_before`.
pub fn prune_sessions(
    conn: &mut DbConnection,
    idle_before: i64,
    created_before: i64,
) -> QueryResult<usize> {
    diesel::delete(
        staff_sessions::table.filter(
            staff_sessions::last_seen
                .lt(idle_before)
                .or(staff_sessions::created_at.lt(created_before)),
        ),
    )
    .execute(conn)
}

pub fn replace_recovery_codes(
    conn: &mut DbConnection,
    staff_id: &str,
    hashes: &[String],
) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::staff_id.eq(staff_id)))
        .execute(conn)?;
    for h in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::code_hash.eq(h),
                recovery_codes::staff_id.eq(staff_id),
                recovery_codes::used.eq(0),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses a recovery code of this person once.
pub fn use_recovery_code(
    conn: &mut DbConnection,
    staff_id: &str,
    code_hash: &str,
) -> QueryResult<bool> {
    diesel::update(
        recovery_codes::table
            .find(code_hash)
            .filter(recovery_codes::staff_id.eq(staff_id))
            .filter(recovery_codes::used.eq(0)),
    )
    .set(recovery_codes::used.eq(1))
    .execute(conn)
    .map(|n| n == 1)
}

//! Staff accounts, memberships, sign-in links, sessions and recovery codes
//! (the audit log is in `store::audit`). Links, session ids and recovery
//! codes are stored only as keyed hashes; TOTP secrets only sealed.

use diesel::prelude::*;

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

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = staff_sessions)]
pub struct SessionRow {
    pub id_hash: String,
    pub staff_id: String,
    pub stage: String,
    pub created_at: i64,
    pub last_seen: i64,
    pub failures: i32,
}

pub fn insert(conn: &mut DbConnection, row: &StaffRow) -> QueryResult<()> {
    diesel::insert_into(staff::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<StaffRow>> {
    staff::table
        .filter(staff::email.eq(email))
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

pub fn session_failure(conn: &mut DbConnection, id_hash: &str) -> QueryResult<i32> {
    diesel::update(staff_sessions::table.find(id_hash))
        .set(staff_sessions::failures.eq(staff_sessions::failures + 1))
        .execute(conn)?;
    staff_sessions::table
        .find(id_hash)
        .select(staff_sessions::failures)
        .first(conn)
        .optional()
        .map(|f| f.unwrap_or(i32::MAX))
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

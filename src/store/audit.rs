//! The audit log: who did what in which municipality, written inside the
//! transaction of the use case it records (never answers or the content of
//! feedback).

use diesel::prelude::*;

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::ids::{AuditId, MunicipalityId};
use crate::store::DbConnection;
use crate::store::schema::{audit_log, staff};

/// Writes one line of the audit log, in the caller's transaction.
pub fn write(
    conn: &mut DbConnection,
    municipality: Option<MunicipalityId>,
    actor: Actor,
    action: AuditAction,
    detail: &str,
    at: i64,
) -> QueryResult<()> {
    let (person, system) = match actor {
        Actor::Person(p) => (Some(p.to_string()), None),
        Actor::System(s) => (None, Some(s.code())),
    };
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::id.eq(AuditId::random().to_string()),
            audit_log::municipality_id.eq(municipality.map(|m| m.to_string())),
            audit_log::staff_id.eq(person),
            audit_log::system_actor.eq(system),
            audit_log::action.eq(action.label()),
            audit_log::detail.eq(detail),
            audit_log::at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One line of the audit log: (at, staff name, system actor code, action, detail).
pub type AuditEntry = (i64, Option<String>, Option<String>, String, String);

/// A municipality's audit log, newest first.
pub fn audit_of(
    conn: &mut DbConnection,
    municipality: MunicipalityId,
    limit: i64,
) -> QueryResult<Vec<AuditEntry>> {
    audit_log::table
        .left_join(staff::table.on(audit_log::staff_id.eq(staff::id.nullable())))
        .filter(audit_log::municipality_id.eq(municipality.to_string()))
        .order(audit_log::at.desc())
        .limit(limit)
        .select((
            audit_log::at,
            staff::name.nullable(),
            audit_log::system_actor,
            audit_log::action,
            audit_log::detail,
        ))
        .load(conn)
}

//! Who holds which role in a municipality (the griffier's list of people).

use diesel::prelude::*;

use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::staff::Role;
use crate::store::DbConnection;
use crate::store::schema::{memberships, staff};

/// (staff id, name, e-mail, role) of one membership.
pub type MemberRow = (StaffId, String, String, Role);

/// Every membership of a municipality, by name.
pub fn members_of(
    conn: &mut DbConnection,
    municipality: MunicipalityId,
) -> QueryResult<Vec<MemberRow>> {
    memberships::table
        .inner_join(staff::table.on(memberships::staff_id.eq(staff::id)))
        .filter(memberships::municipality_id.eq(municipality))
        .order((
            staff::name.asc(),
            staff::email.asc(),
            memberships::role.asc(),
        ))
        .select((staff::id, staff::name, staff::email, memberships::role))
        .load(conn)
}

/// Removes one membership; whether there was one.
pub fn remove_membership(
    conn: &mut DbConnection,
    staff_id: StaffId,
    municipality: MunicipalityId,
    role: Role,
) -> QueryResult<bool> {
    diesel::delete(memberships::table.find((staff_id, municipality, role)))
        .execute(conn)
        .map(|n| n == 1)
}

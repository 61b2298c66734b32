//! The status history of agreements (migration 000013): one row when an
//! agreement is recorded and one per change of its status or note. No
//! rules here.

use diesel::prelude::*;

use crate::domain::agreement::AgreementStatus;
use crate::domain::ids::{AgreementId, AgreementStatusChangeId, StaffId};
use crate::store::DbConnection;
use crate::store::schema::{agreement_status_changes, staff};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = agreement_status_changes)]
pub struct StatusChangeRow {
    pub id: AgreementStatusChangeId,
    pub agreement_id: AgreementId,
    pub status: AgreementStatus,
    pub note: String,
    /// `None`: a system actor (or an agreement from before the history).
    pub changed_by: Option<StaffId>,
    pub changed_at: i64,
    /// 0, 1, 2, … per agreement (set by [`insert`]).
    pub position: i32,
}

/// Appends a change to the agreement's history (its `position` is the
/// next one; call it in the transaction that changes the agreement).
pub fn insert(conn: &mut DbConnection, row: &StatusChangeRow) -> QueryResult<()> {
    let count: i64 = agreement_status_changes::table
        .filter(agreement_status_changes::agreement_id.eq(row.agreement_id))
        .count()
        .get_result(conn)?;
    let row = StatusChangeRow {
        position: i32::try_from(count).unwrap_or(i32::MAX),
        ..row.clone()
    };
    diesel::insert_into(agreement_status_changes::table)
        .values(&row)
        .execute(conn)
        .map(|_| ())
}

/// The history of these agreements, per agreement oldest first, each with the name of
/// who made the change (`None` for a system actor).
pub fn history_of(
    conn: &mut DbConnection,
    agreements: &[AgreementId],
) -> QueryResult<Vec<(StatusChangeRow, Option<String>)>> {
    let ids: Vec<String> = agreements.iter().map(ToString::to_string).collect();
    agreement_status_changes::table
        .left_join(staff::table.on(agreement_status_changes::changed_by.eq(staff::id.nullable())))
        .filter(agreement_status_changes::agreement_id.eq_any(ids))
        .order((
            agreement_status_changes::agreement_id.asc(),
            agreement_status_changes::position.asc(),
        ))
        .select((StatusChangeRow::as_select(), staff::name.nullable()))
        .load(conn)
}

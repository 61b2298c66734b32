//! A municipality's own contact details (contact page, privacyverklaring).

use diesel::prelude::*;

use crate::domain::ids::MunicipalityId;
use crate::store::DbConnection;
use crate::store::schema::municipality_contacts;

#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = municipality_contacts)]
pub struct ContactsRow {
    pub municipality_id: String,
    pub griffie_email: Option<String>,
    pub griffie_phone: Option<String>,
    pub privacy_email: Option<String>,
    pub updated_at: i64,
}

pub fn find(conn: &mut DbConnection, m: MunicipalityId) -> QueryResult<Option<ContactsRow>> {
    municipality_contacts::table
        .find(m.to_string())
        .select(ContactsRow::as_select())
        .first(conn)
        .optional()
}

/// Replaces the row (call inside a transaction).
pub fn replace(conn: &mut DbConnection, row: &ContactsRow) -> QueryResult<()> {
    diesel::delete(municipality_contacts::table.find(&row.municipality_id)).execute(conn)?;
    diesel::insert_into(municipality_contacts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

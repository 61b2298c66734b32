//! Municipalities and their mayors.

use diesel::prelude::*;

use crate::domain::ids::{MayorId, MunicipalityId};
use crate::store::DbConnection;
use crate::store::schema::{mayors, municipalities};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = municipalities)]
pub struct MunicipalityRow {
    pub id: MunicipalityId,
    pub name: String,
    pub clerk_name: String,
    pub clerk_email: String,
    pub created_at: i64,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = mayors)]
pub struct MayorRow {
    pub id: MayorId,
    pub municipality_id: MunicipalityId,
    pub name: String,
    pub email: String,
    pub created_at: i64,
}

pub fn insert_municipality(conn: &mut DbConnection, row: &MunicipalityRow) -> QueryResult<()> {
    diesel::insert_into(municipalities::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_municipality_by_name(
    conn: &mut DbConnection,
    name: &str,
) -> QueryResult<Option<MunicipalityRow>> {
    municipalities::table
        .filter(municipalities::name.eq(name))
        .select(MunicipalityRow::as_select())
        .first(conn)
        .optional()
}

pub fn get_municipality(
    conn: &mut DbConnection,
    id: MunicipalityId,
) -> QueryResult<MunicipalityRow> {
    municipalities::table
        .find(id)
        .select(MunicipalityRow::as_select())
        .first(conn)
}

/// A municipality, or `None` for an unknown id.
pub fn find_municipality(
    conn: &mut DbConnection,
    id: MunicipalityId,
) -> QueryResult<Option<MunicipalityRow>> {
    municipalities::table
        .find(id)
        .select(MunicipalityRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_municipalities(conn: &mut DbConnection) -> QueryResult<Vec<MunicipalityRow>> {
    municipalities::table
        .order(municipalities::name.asc())
        .select(MunicipalityRow::as_select())
        .load(conn)
}

pub fn insert_mayor(conn: &mut DbConnection, row: &MayorRow) -> QueryResult<()> {
    diesel::insert_into(mayors::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn get_mayor(conn: &mut DbConnection, id: MayorId) -> QueryResult<MayorRow> {
    mayors::table
        .find(id)
        .select(MayorRow::as_select())
        .first(conn)
}

/// A mayor, or `None` for an unknown id.
pub fn find_mayor(conn: &mut DbConnection, id: MayorId) -> QueryResult<Option<MayorRow>> {
    mayors::table
        .find(id)
        .select(MayorRow::as_select())
        .first(conn)
        .optional()
}

pub fn mayors_of(
    conn: &mut DbConnection,
    municipality: MunicipalityId,
) -> QueryResult<Vec<MayorRow>> {
    mayors::table
        .filter(mayors::municipality_id.eq(municipality))
        .order(mayors::created_at.desc())
        .select(MayorRow::as_select())
        .load(conn)
}

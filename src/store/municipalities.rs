//! Municipalities and their mayors.

use diesel::prelude::*;

use crate::domain::ids::{MayorId, MunicipalityId};
use crate::store::DbConnection;
use crate::store::schema::{mayors, municipalities};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = municipalities)]
pub struct MunicipalityRow {
    pub id: String,
    pub name: String,
    pub clerk_name: String,
    pub clerk_email: String,
    pub created_at: i64,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = mayors)]
pub struct MayorRow {
    pub id: String,
    pub municipality_id: String,
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
        .find(id.to_string())
        .select(MunicipalityRow::as_select())
        .first(conn)
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
        .find(id.to_string())
        .select(MayorRow::as_select())
        .first(conn)
}

pub fn mayors_of(
    conn: &mut DbConnection,
    municipality: MunicipalityId,
) -> QueryResult<Vec<MayorRow>> {
    mayors::table
        .filter(mayors::municipality_id.eq(municipality.to_string()))
        .order(mayors::created_at.desc())
        .select(MayorRow::as_select())
        .load(conn)
}

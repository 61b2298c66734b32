//! A municipality's own look (*huisstijl*): its design tokens and logo, one
//! row per municipality.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use crate::domain::house_style::HouseStyleStamp;
use crate::domain::ids::MunicipalityId;
use crate::store::schema::house_styles as t;
use crate::store::{Backend, DbConnection};

#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone, Debug)]
#[diesel(table_name = t, treat_none_as_null = true)]
pub struct HouseStyleRow {
    pub municipality_id: MunicipalityId,
    pub tokens_css: Option<String>,
    pub logo: Option<Vec<u8>>,
    pub logo_type: Option<String>,
    pub version: i64,
    pub updated_at: i64,
}

/// Which parts a municipality has (one primary-key read, no logo or
/// tokens read): what every page needs for its links. `None` without any.
pub fn stamp(conn: &mut DbConnection, m: MunicipalityId) -> QueryResult<Option<HouseStyleStamp>> {
    t::table
        .find(m)
        .select((
            t::tokens_css.is_not_null(),
            t::logo.is_not_null(),
            t::version,
        ))
        .first::<(bool, bool, i64)>(conn)
        .optional()
        .map(|r| {
            r.filter(|(tokens, logo, _)| *tokens || *logo)
                .map(|(has_tokens, has_logo, version)| HouseStyleStamp {
                    municipality: m,
                    has_tokens,
                    has_logo,
                    version,
                })
        })
}

/// The whole row.
pub fn get(conn: &mut DbConnection, m: MunicipalityId) -> QueryResult<Option<HouseStyleRow>> {
    t::table
        .find(m)
        .select(HouseStyleRow::as_select())
        .first(conn)
        .optional()
}

/// The stored tokens and the version.
pub fn tokens(conn: &mut DbConnection, m: MunicipalityId) -> QueryResult<Option<(String, i64)>> {
    t::table
        .find(m)
        .filter(t::tokens_css.is_not_null())
        .select((t::tokens_css.assume_not_null(), t::version))
        .first(conn)
        .optional()
}

/// The stored logo, its content type and the version.
pub fn logo(
    conn: &mut DbConnection,
    m: MunicipalityId,
) -> QueryResult<Option<(Vec<u8>, String, i64)>> {
    t::table
        .find(m)
        .filter(t::logo.is_not_null().and(t::logo_type.is_not_null()))
        .select((
            t::logo.assume_not_null(),
            t::logo_type.assume_not_null(),
            t::version,
        ))
        .first(conn)
        .optional()
}

/// Locks the municipality's house style for this transaction (PostgreSQL: the
/// municipality row; SQLite's write transaction is already exclusive), so
/// two uploads at once do not both insert.
pub fn lock(conn: &mut DbConnection, m: MunicipalityId) -> QueryResult<()> {
    match conn.backend() {
        Backend::Postgres => {
            #[derive(QueryableByName)]
            struct Locked {
                #[diesel(sql_type = diesel::sql_types::Text)]
                #[allow(dead_code)]
                id: String,
            }
            diesel::sql_query("SELECT id FROM municipalities WHERE id = $1 FOR UPDATE")
                .bind::<diesel::sql_types::Text, _>(m)
                .load::<Locked>(conn)
                .map(|_| ())
        }
        Backend::Sqlite => conn.batch_execute("SELECT 1"),
    }
}

/// Writes the row (insert or replace). A row with neither part stays, so
/// its version keeps growing and no old link is served anew.
pub fn save(conn: &mut DbConnection, row: &HouseStyleRow) -> QueryResult<()> {
    let exists = t::table
        .find(row.municipality_id)
        .select(t::version)
        .first::<i64>(conn)
        .optional()?
        .is_some();
    if exists {
        diesel::update(t::table.find(row.municipality_id))
            .set(row)
            .execute(conn)?;
    } else {
        diesel::insert_into(t::table).values(row).execute(conn)?;
    }
    Ok(())
}

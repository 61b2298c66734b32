//! Identity providers per municipality (OpenID Connect), the people linked
//! to a staff account by (issuer, subject), and one-time link invitations
//! (only their keyed hash). No client secret is ever stored here.

use diesel::prelude::*;

use crate::store::DbConnection;
use crate::store::schema::{
    identity_link_invitations, identity_providers, municipalities, staff_identities,
};

#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = identity_providers)]
pub struct ProviderRow {
    pub municipality_id: String,
    pub issuer: String,
    pub client_id: String,
    pub secret_file: String,
    pub mfa_acr: String,
    pub updated_at: i64,
}

pub fn provider(conn: &mut DbConnection, municipality: &str) -> QueryResult<Option<ProviderRow>> {
    identity_providers::table
        .find(municipality)
        .select(ProviderRow::as_select())
        .first(conn)
        .optional()
}

/// The municipalities with a provider, with their names, by name.
pub fn with_provider(conn: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    identity_providers::table
        .inner_join(
            municipalities::table.on(municipalities::id.eq(identity_providers::municipality_id)),
        )
        .select((municipalities::id, municipalities::name))
        .order(municipalities::name.asc())
        .load(conn)
}

/// Sets (or replaces) a municipality's provider.
pub fn set_provider(conn: &mut DbConnection, row: &ProviderRow) -> QueryResult<()> {
    diesel::delete(identity_providers::table.find(&row.municipality_id)).execute(conn)?;
    diesel::insert_into(identity_providers::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The staff account a person at a provider is linked to.
pub fn linked_staff(
    conn: &mut DbConnection,
    issuer: &str,
    subject: &str,
) -> QueryResult<Option<String>> {
    staff_identities::table
        .find((issuer, subject))
        .select(staff_identities::staff_id)
        .first(conn)
        .optional()
}

/// Whether a staff account is linked to someone at this issuer already.
pub fn staff_linked_at(conn: &mut DbConnection, staff_id: &str, issuer: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        staff_identities::table
            .filter(staff_identities::staff_id.eq(staff_id))
            .filter(staff_identities::issuer.eq(issuer)),
    ))
    .get_result(conn)
}

pub fn link(
    conn: &mut DbConnection,
    issuer: &str,
    subject: &str,
    staff_id: &str,
    now: i64,
) -> QueryResult<()> {
    diesel::insert_into(staff_identities::table)
        .values((
            staff_identities::issuer.eq(issuer),
            staff_identities::subject.eq(subject),
            staff_identities::staff_id.eq(staff_id),
            staff_identities::linked_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Removes a person's links at an issuer (the griffier undoes a link).
pub fn unlink(conn: &mut DbConnection, staff_id: &str, issuer: &str) -> QueryResult<usize> {
    diesel::delete(
        staff_identities::table
            .filter(staff_identities::staff_id.eq(staff_id))
            .filter(staff_identities::issuer.eq(issuer)),
    )
    .execute(conn)
}

/// A new link invitation; older ones of the same person in the same
/// municipality stop working.
pub fn insert_invitation(
    conn: &mut DbConnection,
    token_hash: &str,
    staff_id: &str,
    municipality: &str,
    created_by: &str,
    expires_at: i64,
) -> QueryResult<()> {
    diesel::delete(
        identity_link_invitations::table
            .filter(identity_link_invitations::staff_id.eq(staff_id))
            .filter(identity_link_invitations::municipality_id.eq(municipality)),
    )
    .execute(conn)?;
    diesel::insert_into(identity_link_invitations::table)
        .values((
            identity_link_invitations::token_hash.eq(token_hash),
            identity_link_invitations::staff_id.eq(staff_id),
            identity_link_invitations::municipality_id.eq(municipality),
            identity_link_invitations::created_by.eq(created_by),
            identity_link_invitations::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The person and municipality of a link invitation that still works.
pub fn invitation(
    conn: &mut DbConnection,
    token_hash: &str,
    now: i64,
) -> QueryResult<Option<(String, String)>> {
    identity_link_invitations::table
        .find(token_hash)
        .filter(identity_link_invitations::expires_at.gt(now))
        .select((
            identity_link_invitations::staff_id,
            identity_link_invitations::municipality_id,
        ))
        .first(conn)
        .optional()
}

/// Uses a link invitation up: whether it still existed (only one of two
/// requests at once gets `true`).
pub fn consume_invitation(conn: &mut DbConnection, token_hash: &str) -> QueryResult<bool> {
    diesel::delete(identity_link_invitations::table.find(token_hash))
        .execute(conn)
        .map(|n| n == 1)
}

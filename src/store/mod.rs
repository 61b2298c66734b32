//! Persistence: one diesel schema for SQLite and PostgreSQL. Functions here
//! take a connection (the service layer owns the transaction) and return
//! rows or domain values; no business rules.

pub mod agreement_status_changes;
pub mod audit;
pub mod backup;
pub mod connection;
pub mod drafts;
pub mod error;
pub mod house_styles;
pub mod identity_providers;
pub mod invitations;
pub mod meeting;
pub mod memberships;
pub mod municipalities;
pub mod municipality_contacts;
pub mod nominations;
pub mod outbox;
pub mod provinces;
pub mod questionnaire;
pub mod rate_limits;
pub mod results;
pub mod retention;
pub mod round_setup;
pub mod rounds;
pub mod schema;
pub mod sealed;
pub mod sql_types;
pub mod staff;
pub mod verslag_writes;
pub mod verslagen;

pub use connection::{
    Backend, DbConnection, Pool, PooledConnection, read_snapshot, write_transaction,
};

pub use error::StoreError;
pub(crate) use error::corrupt;

/// Parses an id stored as text in the staff tables (whose rows still hold
/// strings); a malformed id in the database is a data error.
pub(crate) fn parse_id<T: std::str::FromStr>(s: &str) -> Result<T, diesel::result::Error> {
    s.parse().map_err(|_| {
        diesel::result::Error::DeserializationError(
            format!("malformed id in the database: {} chars", s.len()).into(),
        )
    })
}

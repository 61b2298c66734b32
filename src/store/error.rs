//! The store's errors, classified for what the service needs to know. Diesel's
//! own error stays inside `store/`: the service matches on these.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique key (or primary key) already holds this value.
    #[error("unique violation: {0}")]
    UniqueViolation(String),
    /// The disk (or the database's size limit) is full: nothing was written.
    #[error("database or disk is full: {0}")]
    DiskFull(String),
    /// The database cannot be reached or is out of resources for now.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A stored value is not what the schema promises (an unknown state, a
    /// malformed id): a data error, never read as a default.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Other(DieselError),
}

/// Messages of a full disk: SQLite's `SQLITE_FULL`, and PostgreSQL's
/// `disk_full` (SQLSTATE 53100), which diesel does not expose as a code and
/// which PostgreSQL words with the system's ENOSPC text.
const DISK_FULL: &[&str] = &["database or disk is full", "No space left on device"];

/// Messages of PostgreSQL's other resource errors (SQLSTATE class 53) and of
/// a server that is starting up or shutting down (57P01–57P03).
const UNAVAILABLE: &[&str] = &[
    "out of memory",
    "too many clients",
    "too many connections",
    "the database system is",
    "terminating connection due to administrator command",
];

impl From<DieselError> for StoreError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => Self::NotFound,
            DieselError::DeserializationError(why) => Self::Corrupt(why.to_string()),
            DieselError::DatabaseError(kind, info) => {
                let message = info.message().to_owned();
                match kind {
                    DatabaseErrorKind::UniqueViolation => Self::UniqueViolation(message),
                    DatabaseErrorKind::ClosedConnection => Self::Unavailable(message),
                    _ if DISK_FULL.iter().any(|m| message.contains(m)) => Self::DiskFull(message),
                    _ if UNAVAILABLE.iter().any(|m| message.contains(m)) => {
                        Self::Unavailable(message)
                    }
                    kind => Self::Other(DieselError::DatabaseError(kind, info)),
                }
            }
            DieselError::BrokenTransactionManager => {
                Self::Unavailable("broken transaction manager".into())
            }
            e => Self::Other(e),
        }
    }
}

/// A stored value that does not fit its column's meaning.
pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("unexpected value in column {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Info(&'static str);
    impl diesel::result::DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn db(kind: DatabaseErrorKind, message: &'static str) -> StoreError {
        DieselError::DatabaseError(kind, Box::new(Info(message))).into()
    }

    #[test]
    fn a_full_disk_on_either_backend_is_classified_as_such() {
        let sqlite = db(DatabaseErrorKind::Unknown, "database or disk is full");
        assert!(matches!(sqlite, StoreError::DiskFull(_)));
        let pg = db(
            DatabaseErrorKind::Unknown,
            "could not extend file \"base/16384/2619\": No space left on device",
        );
        assert!(matches!(pg, StoreError::DiskFull(_)));
        let clients = db(
            DatabaseErrorKind::Unknown,
            "sorry, too many clients already",
        );
        assert!(matches!(clients, StoreError::Unavailable(_)));
        let other = db(DatabaseErrorKind::Unknown, "syntax error");
        assert!(matches!(other, StoreError::Other(_)));
        let unique = db(DatabaseErrorKind::UniqueViolation, "duplicate key");
        assert!(matches!(unique, StoreError::UniqueViolation(_)));
    }
}

//! The service layer's errors. Messages of the user-facing variants are Dutch
//! and safe to show; the others are logged and shown as a generic page.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Something the user asked for does not exist (Dutch, safe to show).
    #[error("{0}")]
    NotFound(String),
    /// The request cannot be done in the current state (Dutch, safe to show).
    #[error("{0}")]
    Conflict(String),
    /// The person may not do or see this (Dutch, safe to show).
    #[error("{0}")]
    Forbidden(String),
    /// The input is not valid (Dutch, safe to show).
    #[error("{0}")]
    Invalid(String),
    /// The database or another dependency is not reachable.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A rater import with bad rows (nothing was imported).
    #[error("{0}")]
    Import(#[from] crate::domain::rater_import::ImportError),
    /// A store error other than a full disk or an unreachable database
    /// (those are [`ServiceError::Unavailable`]); logged, a generic page.
    #[error(transparent)]
    Store(StoreError),
}

/// The one conversion from the store's errors: a full disk or an unreachable
/// database is "unavailable" (nothing was stored, nothing was lost); every
/// other store error is internal.
impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::DiskFull(_) | StoreError::Unavailable(_) => {
                Self::Unavailable(e.to_string())
            }
            e => Self::Store(e),
        }
    }
}

/// Diesel errors from a transaction or a query reach the service only
/// through the store's classification.
impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        StoreError::from(e).into()
    }
}

impl ServiceError {
    /// Whether the message may be shown to a user as is.
    pub fn is_user_facing(&self) -> bool {
        matches!(
            self,
            Self::NotFound(_)
                | Self::Conflict(_)
                | Self::Forbidden(_)
                | Self::Invalid(_)
                | Self::Import(_)
        )
    }
}

//! Keyed hashing, token derivation and sealed cookies with the server key.

pub mod keys;
pub mod seal;
pub mod totp;

pub use keys::ServerKey;

//! Keyed hashing, token derivation and sealed cookies with the server key.

pub mod keys;
pub mod seal;

pub use keys::ServerKey;

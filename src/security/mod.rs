//! Keyed hashing, token derivation and sealed cookies with the server key;
//! the round keys that seal a round's responses while it is open; the
//! sign-in secrets and the one constant-time comparison.

pub mod compare;
pub mod digest;
pub mod draft_key;
pub mod keys;
pub mod round_key;
pub mod seal;
pub mod secret;
pub mod totp;

pub use compare::constant_time_eq;
pub use keys::ServerKey;
pub use round_key::RoundKey;

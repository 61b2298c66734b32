//! Secrets of staff sign-in held in memory (the session id in the cookie, the
//! token in the mailed link, the recovery codes shown once) and the one
//! constant-time comparison every check of a secret uses.
//!
//! Each secret is a newtype whose `Debug` prints `[verborgen]`, so a struct
//! holding one can derive `Debug` without leaking it into a log line. The
//! value itself is reached only through `expose`, which reads as what it is.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::security::keys::random_bytes;

/// Bytes of randomness in a session id and a sign-in token (256 bits).
const RANDOM_BYTES: usize = 32;
/// Length of a session id or sign-in token as text (base64url, no padding).
pub const RANDOM_CHARS: usize = 43;

fn random_text() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<RANDOM_BYTES>())
}

/// Whether `s` has the shape of [`random_text`]'s output.
fn plausible(s: &str) -> bool {
    s.len() == RANDOM_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

macro_rules! redacted_debug {
    ($name:ident) => {
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([verborgen])"))
            }
        }
    };
}

/// The raw id of a staff session, as it travels in the cookie. The database
/// holds only its keyed hash.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionSecret(String);
redacted_debug!(SessionSecret);

impl SessionSecret {
    pub fn random() -> Self {
        Self(random_text())
    }

    /// The value for the cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The token in a mailed sign-in link. The database holds only its keyed hash.
#[derive(Clone, PartialEq, Eq)]
pub struct SignInToken(String);
redacted_debug!(SignInToken);

impl SignInToken {
    pub fn random() -> Self {
        Self(random_text())
    }

    /// A link segment that could be a token (43 base64url characters).
    pub fn parse(s: &str) -> Option<Self> {
        plausible(s).then(|| Self(s.to_owned()))
    }

    /// The value for the link.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A recovery code for the second factor (`xxxxx-xxxxx`), shown once. The
/// database holds only its keyed hash.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);
redacted_debug!(RecoveryCode);

impl RecoveryCode {
    pub fn random() -> Self {
        let raw = data_encoding::BASE32_NOPAD
            .encode(&random_bytes::<7>())
            .to_ascii_lowercase();
        Self(format!("{}-{}", &raw[..5], &raw[5..10]))
    }

    /// The code as shown on the page.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_secret_shows_in_debug() {
        let session = SessionSecret::random();
        let token = SignInToken::random();
        let code = RecoveryCode::random();
        for (shown, secret) in [
            (format!("{session:?}"), session.expose()),
            (format!("{token:?}"), token.expose()),
            (format!("{code:?}"), code.expose()),
            (format!("{:?}", Some(vec![code.clone()])), code.expose()),
        ] {
            assert!(shown.contains("[verborgen]"), "{shown}");
            assert!(!shown.contains(secret), "{shown}");
        }
        assert_eq!(token.expose().len(), RANDOM_CHARS);
        assert_eq!(SignInToken::parse(token.expose()), Some(token.clone()));
        assert_eq!(SignInToken::parse("kort"), None);
        assert_eq!(SignInToken::parse(&"!".repeat(RANDOM_CHARS)), None);
        assert_eq!(code.expose().len(), 11);
    }
}

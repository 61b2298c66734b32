//! Invitation tokens: the secret in the mailed link. Only a keyed hash is stored.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Bytes in a token (256 bits; at least 128 are required).
pub const TOKEN_BYTES: usize = 32;
/// Length of a token in the link (base64url without padding).
pub const TOKEN_CHARS: usize = 43;

/// The raw token as it appears in a link. Never stored, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct InvitationToken([u8; TOKEN_BYTES]);

impl InvitationToken {
    pub fn from_bytes(bytes: [u8; TOKEN_BYTES]) -> Self {
        Self(bytes)
    }

    /// Parses the link segment; anything but 43 base64url characters is not a token.
    pub fn parse(s: &str) -> Option<Self> {
        if s.len() != TOKEN_CHARS {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(s).ok()?;
        bytes.try_into().ok().map(Self)
    }

    pub fn as_bytes(&self) -> &[u8; TOKEN_BYTES] {
        &self.0
    }

    /// The form used in links.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }
}

impl fmt::Debug for InvitationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InvitationToken([redacted])")
    }
}

/// The keyed hash (HMAC-SHA256 with the server key) of a token: what the database holds.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TokenHash([u8; 32]);

impl TokenHash {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenHash([redacted])")
    }
}

/// The random seed from which an invitation's token is derived with the server
/// key. Stored with the invitation; useless without the key, which never is.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSeed([u8; 32]);

impl TokenSeed {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
    pub fn from_hex(s: &str) -> Option<Self> {
        unhex(s)?.try_into().ok().map(Self)
    }
}

impl fmt::Debug for TokenSeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSeed([redacted])")
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_through_links_and_never_print() {
        let t = InvitationToken::from_bytes([7; 32]);
        let s = t.encode();
        assert_eq!(s.len(), TOKEN_CHARS);
        assert_eq!(InvitationToken::parse(&s), Some(t.clone()));
        assert!(!format!("{t:?}").contains(&s));
    }

    #[test]
    fn malformed_link_segments_are_not_tokens() {
        assert!(InvitationToken::parse("kort").is_none());
        assert!(InvitationToken::parse(&"!".repeat(TOKEN_CHARS)).is_none());
        assert!(InvitationToken::parse(&"A".repeat(TOKEN_CHARS + 1)).is_none());
    }

    #[test]
    fn hex_round_trips() {
        let seed = TokenSeed::from_bytes([0xab; 32]);
        assert_eq!(TokenSeed::from_hex(&seed.to_hex()), Some(seed));
        assert!(unhex("zz").is_none());
    }
}

//! The key that seals a referent's draft (docs/anonymity-decisions.md,
//! "Drafts"). It is derived from the raw invitation token alone, which only
//! the referent's link carries: the server holds it in memory while it
//! serves a request and stores neither the token nor this key.
//!
//! The draft's row id is a keyed hash of the same token under a label of its
//! own, so it matches nothing stored with the invitation (whose token hash
//! uses another label).

use std::fmt;

use ring::hmac;

use crate::domain::ids::RoundId;
use crate::domain::token::{InvitationToken, hex};
use crate::security::keys::ServerKey;
use crate::security::round_key::SealError;
use crate::security::seal::{open_bytes, seal_bytes};

const KEY_LABEL: &[u8] = b"klankbord/draft-key/v1";
const ID_LABEL: &str = "klankbord/draft-id/v1";
const SEAL_LABEL: &[u8] = b"klankbord/sealed-draft/v1";

/// A draft's sealing key. `Debug` is redacted and the bytes are overwritten
/// when the value is dropped.
pub struct DraftKey([u8; 32]);

impl fmt::Debug for DraftKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DraftKey([redacted])")
    }
}

impl Drop for DraftKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// The row id of the draft of `token`'s invitation (hex).
pub fn draft_id(server: &ServerKey, token: &InvitationToken) -> String {
    hex(&server.mac(ID_LABEL, &[token.as_bytes()]))
}

/// What a sealed draft is bound to: its label, its round and its row id.
fn binding(round: RoundId, id: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(SEAL_LABEL.len() + 16 + id.len());
    aad.extend_from_slice(SEAL_LABEL);
    aad.extend_from_slice(round.as_uuid().as_bytes());
    aad.extend_from_slice(id.as_bytes());
    aad
}

impl DraftKey {
    /// HMAC-SHA256 keyed with the raw token over the label.
    pub fn from_token(token: &InvitationToken) -> Self {
        let key = hmac::Key::new(hmac::HMAC_SHA256, token.as_bytes());
        let tag = hmac::sign(&key, KEY_LABEL);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(tag.as_ref());
        Self(bytes)
    }

    /// The draft's bytes, sealed for its round and row.
    pub fn seal(&self, round: RoundId, id: &str, plain: &[u8]) -> Result<Vec<u8>, SealError> {
        seal_bytes(&self.0, &binding(round, id), plain).ok_or(SealError)
    }

    /// The bytes of a draft sealed for this round and row.
    pub fn open(&self, round: RoundId, id: &str, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        open_bytes(&self.0, &binding(round, id), sealed).ok_or(SealError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_opens_only_with_its_own_token_round_and_row() {
        let token = InvitationToken::from_bytes([1; 32]);
        let other = InvitationToken::from_bytes([2; 32]);
        let round = RoundId::random();
        let server = ServerKey::random();
        let id = draft_id(&server, &token);
        assert_ne!(id, draft_id(&server, &other));
        assert_ne!(
            id,
            server.token_hash(&token).to_hex(),
            "the row id is not the invitation's token hash"
        );
        let sealed = DraftKey::from_token(&token)
            .seal(round, &id, b"concept")
            .unwrap();
        assert!(!sealed.windows(7).any(|w| w == b"concept"));
        assert_eq!(
            DraftKey::from_token(&token)
                .open(round, &id, &sealed)
                .unwrap(),
            b"concept"
        );
        assert!(
            DraftKey::from_token(&other)
                .open(round, &id, &sealed)
                .is_err()
        );
        assert!(
            DraftKey::from_token(&token)
                .open(RoundId::random(), &id, &sealed)
                .is_err()
        );
        assert!(
            DraftKey::from_token(&token)
                .open(round, "x", &sealed)
                .is_err()
        );
    }
}

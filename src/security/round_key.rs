//! A round's own data key (anonymity.md, Storage): 256 random bits that seal
//! every response of one round while it is open. The key is stored only
//! sealed by the server key, bound to its round; at close it is used once to
//! open the responses and then destroyed with them.

use std::fmt;

use crate::domain::ids::RoundId;
use crate::security::keys::{ServerKey, random_bytes};
use crate::security::seal::{open_bytes, seal_bytes};

const KEY_LABEL: &[u8] = b"klankbord/round-key/v1";
const RESPONSE_LABEL: &[u8] = b"klankbord/sealed-response/v1";

/// A round's data key. `Debug` is redacted and the bytes are overwritten
/// when the value is dropped.
pub struct RoundKey([u8; 32]);

impl fmt::Debug for RoundKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RoundKey([redacted])")
    }
}

impl Drop for RoundKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// What a sealed value is bound to: a label and the round, length-prefixed.
fn binding(label: &[u8], round: RoundId) -> Vec<u8> {
    let mut aad = Vec::with_capacity(label.len() + 17);
    aad.push(u8::try_from(label.len()).unwrap_or(u8::MAX));
    aad.extend_from_slice(label);
    aad.extend_from_slice(round.as_uuid().as_bytes());
    aad
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a sealed value could not be opened with this key for this round")]
pub struct SealError;

impl RoundKey {
    pub fn random() -> Self {
        Self(random_bytes())
    }

    /// The key sealed by the server key for storage next to its round.
    pub fn seal(&self, server: &ServerKey, round: RoundId) -> Result<Vec<u8>, SealError> {
        seal_bytes(
            &server.round_key_sealing_bytes(),
            &binding(KEY_LABEL, round),
            &self.0,
        )
        .ok_or(SealError)
    }

    /// A stored key of `round`, opened with the server key.
    pub fn open(server: &ServerKey, round: RoundId, sealed: &[u8]) -> Result<Self, SealError> {
        let plain = open_bytes(
            &server.round_key_sealing_bytes(),
            &binding(KEY_LABEL, round),
            sealed,
        )
        .ok_or(SealError)?;
        let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| SealError)?;
        Ok(Self(bytes))
    }

    /// A response's bytes, sealed for this round.
    pub fn seal_response(&self, round: RoundId, plain: &[u8]) -> Result<Vec<u8>, SealError> {
        seal_bytes(&self.0, &binding(RESPONSE_LABEL, round), plain).ok_or(SealError)
    }

    /// The bytes of a response sealed for this round.
    pub fn open_response(&self, round: RoundId, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        open_bytes(&self.0, &binding(RESPONSE_LABEL, round), sealed).ok_or(SealError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_key_opens_only_its_own_rounds_responses_and_only_with_the_server_key() {
        let server = ServerKey::random();
        let round = RoundId::random();
        let key = RoundKey::random();
        let stored = key.seal(&server, round).unwrap();
        let again = RoundKey::open(&server, round, &stored).unwrap();
        let sealed = key.seal_response(round, b"marker-17").unwrap();
        assert_eq!(again.open_response(round, &sealed).unwrap(), b"marker-17");
        assert!(again.open_response(RoundId::random(), &sealed).is_err());
        assert!(RoundKey::open(&ServerKey::random(), round, &stored).is_err());
        assert!(RoundKey::open(&server, RoundId::random(), &stored).is_err());
        assert!(RoundKey::random().open_response(round, &sealed).is_err());
        assert!(!sealed.windows(9).any(|w| w == b"marker-17"));
        assert_eq!(format!("{key:?}"), "RoundKey([redacted])");
    }
}

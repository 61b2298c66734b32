//! The server key: loaded from a file (never the database) and used for every
//! keyed hash. Each use has its own domain-separation label.

use std::fmt;
use std::io::Write;
use std::path::Path;

use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

use crate::domain::token::{InvitationToken, TOKEN_BYTES, TokenHash, TokenSeed};
use crate::security::compare::constant_time_eq;

pub const KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct ServerKey {
    bytes: [u8; KEY_BYTES],
    hmac: hmac::Key,
}

impl fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ServerKey([redacted])")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("het sleutelbestand {path} kan niet worden gelezen: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("het sleutelbestand {path} kan niet worden aangemaakt: {source}")]
    Create {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "het sleutelbestand {path} is ongeldig: het moet precies {KEY_BYTES} willekeurige bytes bevatten (het heeft er {len})"
    )]
    WrongLength { path: String, len: usize },
    #[error(
        "het sleutelbestand {path} is leesbaar voor anderen (rechten {mode:o}); zet de rechten op 0600"
    )]
    TooOpen { path: String, mode: u32 },
    #[error("de systeemrandom is niet beschikbaar")]
    Random,
}

/// Fills `buf` from the operating system's CSPRNG (ring's `SystemRandom`).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // SystemRandom only fails if the OS has no entropy source at all; there is no safe fallback.
    if SystemRandom::new().fill(&mut buf).is_err() {
        std::process::abort();
    }
    buf
}

impl ServerKey {
    pub fn from_bytes(bytes: [u8; KEY_BYTES]) -> Self {
        Self {
            bytes,
            hmac: hmac::Key::new(hmac::HMAC_SHA256, &bytes),
        }
    }

    pub fn random() -> Self {
        Self::from_bytes(random_bytes())
    }

    /// Reads the key file, or creates it with mode 0600 if it does not exist.
    pub fn load_or_create(path: &Path) -> Result<Self, KeyFileError> {
        let shown = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = std::fs::metadata(path)
                        .map_err(|source| KeyFileError::Read {
                            path: shown.clone(),
                            source,
                        })?
                        .permissions()
                        .mode()
                        & 0o777;
                    if mode & 0o077 != 0 {
                        return Err(KeyFileError::TooOpen { path: shown, mode });
                    }
                }
                let len = bytes.len();
                let arr: [u8; KEY_BYTES] = bytes
                    .try_into()
                    .map_err(|_| KeyFileError::WrongLength { path: shown, len })?;
                Ok(Self::from_bytes(arr))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::random();
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                let mut file = options.open(path).map_err(|source| KeyFileError::Create {
                    path: shown.clone(),
                    source,
                })?;
                file.write_all(&key.bytes)
                    .and_then(|()| file.sync_all())
                    .map_err(|source| KeyFileError::Create {
                        path: shown,
                        source,
                    })?;
                Ok(key)
            }
            Err(source) => Err(KeyFileError::Read {
                path: shown,
                source,
            }),
        }
    }

    /// HMAC-SHA256 over a label and the parts, each length-prefixed so that
    /// no two different inputs share a message.
    pub fn mac(&self, label: &str, parts: &[&[u8]]) -> [u8; 32] {
        let mut ctx = hmac::Context::with_key(&self.hmac);
        for part in std::iter::once(label.as_bytes()).chain(parts.iter().copied()) {
            ctx.update(&(part.len() as u64).to_be_bytes());
            ctx.update(part);
        }
        let tag = ctx.sign();
        let mut out = [0u8; 32];
        out.copy_from_slice(tag.as_ref());
        out
    }

    /// Constant-time check of a tag made by [`Self::mac`].
    pub fn verify(&self, label: &str, parts: &[&[u8]], tag: &[u8]) -> bool {
        constant_time_eq(&self.mac(label, parts), tag)
    }

    /// The invitation token is derived from a random seed, so the raw token
    /// never needs to be stored: not in the invitation, not in the outbox.
    pub fn invitation_token(&self, seed: &TokenSeed) -> InvitationToken {
        let bytes: [u8; TOKEN_BYTES] =
            self.mac("klankbord/invitation-token/v1", &[seed.as_bytes()]);
        InvitationToken::from_bytes(bytes)
    }

    pub fn token_hash(&self, token: &InvitationToken) -> TokenHash {
        TokenHash::from_bytes(self.mac("klankbord/token-hash/v1", &[token.as_bytes()]))
    }

    pub fn new_seed() -> TokenSeed {
        TokenSeed::from_bytes(random_bytes())
    }

    pub(crate) fn aead_key_bytes(&self) -> [u8; 32] {
        self.mac("klankbord/cookie-seal/v1", &[])
    }

    /// The key that seals round keys (never used for anything else).
    pub(crate) fn round_key_sealing_bytes(&self) -> [u8; 32] {
        self.mac("klankbord/round-key-seal/v1", &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_file_is_private_and_reloads_to_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let a = ServerKey::load_or_create(&path).unwrap();
        let b = ServerKey::load_or_create(&path).unwrap();
        assert_eq!(a.mac("x", &[]), b.mac("x", &[]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    #[test]
    fn a_key_file_of_the_wrong_size_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        std::fs::write(&path, b"short").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(matches!(
            ServerKey::load_or_create(&path),
            Err(KeyFileError::WrongLength { .. })
        ));
    }

    #[test]
    fn tokens_depend_on_seed_and_key() {
        let k1 = ServerKey::random();
        let k2 = ServerKey::random();
        let seed = ServerKey::new_seed();
        assert_eq!(k1.invitation_token(&seed), k1.invitation_token(&seed));
        assert_ne!(k1.invitation_token(&seed), k2.invitation_token(&seed));
        assert_ne!(
            k1.invitation_token(&seed),
            k1.invitation_token(&ServerKey::new_seed())
        );
        let t = k1.invitation_token(&seed);
        assert_ne!(k1.token_hash(&t), k2.token_hash(&t));
    }

    #[test]
    fn verify_accepts_only_the_exact_tag() {
        let k = ServerKey::random();
        let tag = k.mac("l", &[b"x"]);
        assert!(k.verify("l", &[b"x"], &tag));
        assert!(!k.verify("l", &[b"y"], &tag));
        assert!(!k.verify("l", &[b"x"], &tag[..31]));
        let mut changed = tag;
        changed[31] ^= 1;
        assert!(!k.verify("l", &[b"x"], &changed));
    }

    #[test]
    fn mac_parts_are_unambiguous() {
        let k = ServerKey::random();
        assert_ne!(k.mac("l", &[b"ab", b"c"]), k.mac("l", &[b"a", b"bc"]));
    }
}

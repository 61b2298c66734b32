//! Authenticated encryption (ChaCha20-Poly1305, random 96-bit nonces): the
//! short-lived cookie that replaces the token in the URL (sealed with a key
//! derived from the server key), and the raw form that round keys and
//! sealed responses use (`security::round_key`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::aead::{self, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

use crate::security::keys::{ServerKey, random_bytes};

/// The longest sealed cookie value accepted.
const MAX_SEALED_TEXT: usize = 512;

/// `nonce ‖ ciphertext ‖ tag` of `plain` under `key`, bound to `aad`.
pub(crate) fn seal_bytes(key: &[u8; 32], aad: &[u8], plain: &[u8]) -> Option<Vec<u8>> {
    let sealing = LessSafeKey::new(UnboundKey::new(&aead::CHACHA20_POLY1305, key).ok()?);
    let nonce_bytes: [u8; NONCE_LEN] = random_bytes();
    let mut out = Vec::with_capacity(NONCE_LEN + plain.len() + aead::MAX_TAG_LEN);
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(plain);
    let tag = sealing
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce_bytes),
            Aad::from(aad),
            &mut out[NONCE_LEN..],
        )
        .ok()?;
    out.extend_from_slice(tag.as_ref());
    Some(out)
}

/// The plain bytes of [`seal_bytes`]' output, or `None` if it was not sealed
/// under this key for this `aad` (or was changed).
pub(crate) fn open_bytes(key: &[u8; 32], aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let opening = LessSafeKey::new(UnboundKey::new(&aead::CHACHA20_POLY1305, key).ok()?);
    let mut buf = ciphertext.to_vec();
    let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
    let plain = opening
        .open_in_place(nonce, Aad::from(aad), &mut buf)
        .ok()?;
    Some(plain.to_vec())
}

/// Encrypts and authenticates `plain`; `purpose` binds the result to one use.
pub fn seal(key: &ServerKey, purpose: &str, plain: &[u8]) -> String {
    seal_bytes(&key.aead_key_bytes(), purpose.as_bytes(), plain)
        .map(|b| URL_SAFE_NO_PAD.encode(b))
        .unwrap_or_default()
}

/// The plain bytes, or `None` if the value was not sealed by this key for this purpose.
pub fn open(key: &ServerKey, purpose: &str, sealed: &str) -> Option<Vec<u8>> {
    open_up_to(key, purpose, sealed, MAX_SEALED_TEXT)
}

/// [`open`] for a value that may be up to `max_len` characters long.
pub fn open_up_to(key: &ServerKey, purpose: &str, sealed: &str, max_len: usize) -> Option<Vec<u8>> {
    if sealed.len() > max_len {
        return None;
    }
    let raw = URL_SAFE_NO_PAD.decode(sealed).ok()?;
    open_bytes(&key.aead_key_bytes(), purpose.as_bytes(), &raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_the_same_key_and_purpose() {
        let k = ServerKey::random();
        let s = seal(&k, "a", b"geheim");
        assert_eq!(open(&k, "a", &s).as_deref(), Some(&b"geheim"[..]));
        assert_eq!(open(&k, "b", &s), None);
        assert_eq!(open(&ServerKey::random(), "a", &s), None);
        assert_eq!(open(&k, "a", "rommel"), None);
        assert!(!s.contains("geheim"));
    }

    #[test]
    fn a_changed_byte_or_another_binding_is_refused() {
        let key = [7u8; 32];
        let mut s = seal_bytes(&key, b"ronde-1", b"antwoorden").unwrap();
        assert_eq!(
            open_bytes(&key, b"ronde-1", &s).as_deref(),
            Some(&b"antwoorden"[..])
        );
        assert_eq!(open_bytes(&key, b"ronde-2", &s), None);
        s[NONCE_LEN] ^= 1;
        assert_eq!(open_bytes(&key, b"ronde-1", &s), None);
    }
}

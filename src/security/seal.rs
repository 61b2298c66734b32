//! Sealed values (ChaCha20-Poly1305 with a key derived from the server key),
//! used for the short-lived cookie that replaces the token in the URL.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::aead::{self, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};

use crate::security::keys::{ServerKey, random_bytes};

/// Encrypts and authenticates `plain`; `purpose` binds the result to one use.
pub fn seal(key: &ServerKey, purpose: &str, plain: &[u8]) -> String {
    let Ok(unbound) = UnboundKey::new(&aead::CHACHA20_POLY1305, &key.aead_key_bytes()) else {
        return String::new();
    };
    let sealing = LessSafeKey::new(unbound);
    let nonce_bytes: [u8; NONCE_LEN] = random_bytes();
    let mut buf = plain.to_vec();
    if sealing
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce_bytes),
            Aad::from(purpose.as_bytes()),
            &mut buf,
        )
        .is_err()
    {
        return String::new();
    }
    let mut out = nonce_bytes.to_vec();
    out.extend_from_slice(&buf);
    URL_SAFE_NO_PAD.encode(out)
}

/// The plain bytes, or `None` if the value was not sealed by this key for this purpose.
pub fn open(key: &ServerKey, purpose: &str, sealed: &str) -> Option<Vec<u8>> {
    if sealed.len() > 512 {
        return None;
    }
    let raw = URL_SAFE_NO_PAD.decode(sealed).ok()?;
    if raw.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = raw.split_at(NONCE_LEN);
    let opening =
        LessSafeKey::new(UnboundKey::new(&aead::CHACHA20_POLY1305, &key.aead_key_bytes()).ok()?);
    let mut buf = ciphertext.to_vec();
    let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
    let plain = opening
        .open_in_place(nonce, Aad::from(purpose.as_bytes()), &mut buf)
        .ok()?;
    Some(plain.to_vec())
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
}

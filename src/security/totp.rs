//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps,
//! 6 digits), as authenticator apps expect them.

use ring::hmac;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

pub const STEP_SECS: i64 = 30;
pub const DIGITS: u32 = 6;
pub const SECRET_BYTES: usize = 20;
/// Steps accepted before and after the current one (clock drift).
pub const WINDOW: i64 = 1;

/// The code for one time step (RFC 4226 dynamic truncation).
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let tag = hmac::sign(&key, &step.to_be_bytes());
    let h = tag.as_ref();
    let offset = usize::from(h[h.len() - 1] & 0x0f);
    let bin = (u32::from(h[offset]) & 0x7f) << 24
        | u32::from(h[offset + 1]) << 16
        | u32::from(h[offset + 2]) << 8
        | u32::from(h[offset + 3]);
    bin % 10u32.pow(DIGITS)
}

pub fn step_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The step a typed code belongs to, within the window around `now` and
/// after `last_used` (a code is accepted once); `None` if it is wrong.
pub fn verify(secret: &[u8], typed: &str, now: i64, last_used: Option<i64>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: u32 = typed.parse().ok()?;
    let current = step_of(now);
    // Every step of the window is computed and compared in constant time,
    // without an early exit, so timing says nothing about the digits or
    // about which step matched. (Which steps are skipped as used depends
    // only on `last_used`, not on the code.)
    let mut matched = Choice::from(0);
    let mut step = 0i64;
    for s in
        (current - WINDOW..=current + WINDOW).filter(|s| last_used.is_none_or(|last| *s > last))
    {
        let equal = code_at(secret, s).ct_eq(&value) & !matched;
        step = i64::conditional_select(&step, &s, equal);
        matched |= equal;
    }
    bool::from(matched).then_some(step)
}

/// The secret as authenticator apps want it typed (base32, no padding).
pub fn secret_base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// The `otpauth://` URI for the QR code.
pub fn provisioning_uri(secret: &[u8], account: &str, issuer: &str) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        enc(issuer),
        enc(account),
        secret_base32(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA1 with the secret "12345678901234567890"
    /// (8-digit values; the 6-digit code is their last six digits).
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (t, expected) in [
            (59, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
        ] {
            assert_eq!(code_at(secret, step_of(t)), expected % 1_000_000, "t = {t}");
        }
    }

    #[test]
    fn a_code_is_accepted_once_and_only_near_its_time() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let code = format!("{:06}", code_at(secret, step_of(now)));
        let step = verify(secret, &code, now, None).unwrap();
        assert_eq!(verify(secret, &code, now, Some(step)), None, "replayed");
        assert!(
            verify(secret, &code, now + 30, None).is_some(),
            "one step late is fine"
        );
        assert_eq!(verify(secret, &code, now + 120, None), None, "too late");
        assert_eq!(
            verify(secret, &code, now - 30, None),
            Some(step),
            "one step early is fine"
        );
        let late = format!("{:06}", code_at(secret, step_of(now) + 1));
        assert_eq!(verify(secret, &late, now, None), Some(step + 1));
        assert_eq!(verify(secret, &late, now, Some(step + 1)), None);
        assert_eq!(verify(secret, "12345", now, None), None);
        assert_eq!(verify(secret, "abcdef", now, None), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(
            verify(secret, &spaced, now, None).is_some(),
            "spaces are ignored"
        );
    }

    #[test]
    fn the_uri_holds_the_base32_secret() {
        let uri = provisioning_uri(b"12345678901234567890", "g@x.nl", "Klankbord Teststad");
        assert!(uri.starts_with(
            "otpauth://totp/Klankbord+Teststad:g%40x.nl?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&"
        ));
    }
}

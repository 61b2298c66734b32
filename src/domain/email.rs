//! `EmailAddress`: parsed once at the edge, trusted inside.

use std::fmt;

/// The longest address we accept (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EmailError {
    #[error("Vul een e-mailadres in.")]
    Empty,
    #[error("Het e-mailadres is te lang (meer dan {MAX_EMAIL_LEN} tekens).")]
    TooLong,
    #[error("Dit is geen geldig e-mailadres. Een e-mailadres ziet eruit als naam@voorbeeld.nl.")]
    Invalid,
}

impl EmailAddress {
    /// Parses an address: one `@`, a non-empty local part, a domain with a dot,
    /// no spaces or control characters. The domain is lower-cased.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.len() > MAX_EMAIL_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Invalid)?;
        let bad_char = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c);
        if local.is_empty()
            || local.len() > 64
            || domain.contains('@')
            || local.chars().any(bad_char)
            || domain.chars().any(bad_char)
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
            || local.starts_with('.')
            || local.ends_with('.')
        {
            return Err(EmailError::Invalid);
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Addresses are personal data: `Debug` (and so every log line) shows only the domain.
impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let domain = self.0.split_once('@').map(|(_, d)| d).unwrap_or("");
        write!(f, "EmailAddress(…@{domain})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_lowercases_the_domain() {
        let e = EmailAddress::parse("  J.de.Vries@Gemeente.NL ").unwrap();
        assert_eq!(e.as_str(), "J.de.Vries@gemeente.nl");
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "geen-apenstaart",
            "a@b",
            "a@@b.nl",
            "a b@c.nl",
            "@c.nl",
            "a@.nl",
            "a@c..nl",
            "a@c.nl.",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad} accepted");
        }
        assert_eq!(
            EmailAddress::parse(&format!("{}@x.nl", "a".repeat(300))),
            Err(EmailError::TooLong)
        );
    }

    #[test]
    fn debug_hides_the_local_part() {
        let e = EmailAddress::parse("geheim@gemeente.nl").unwrap();
        assert!(!format!("{e:?}").contains("geheim"));
    }
}

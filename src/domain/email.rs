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
    /// Parses an address strictly: one `@`; a local part of ASCII letters,
    /// digits and `. _ - + '` (no leading, trailing or double dot); a domain
    /// of dot-separated labels of ASCII letters, digits and inner hyphens
    /// (1-63 characters each) with at least two labels and a top-level label
    /// of letters only. Nothing else: no `?`, `&`, `=` or `%` that would
    /// smuggle headers into a `mailto:` link, no quotes, comments or spaces.
    /// The domain is lower-cased.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.len() > MAX_EMAIL_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-+'".contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        let domain_ok = labels.len() >= 2
            && labels.iter().all(label_ok)
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if !local_ok || !domain_ok {
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

/// A staff member's identity: the whole address lower-cased. Mail servers
/// treat the local part of an address as one mailbox whatever its case, so
/// `J.Jansen@gemeente.nl` and `j.jansen@gemeente.nl` are one person with one
/// account. Used when an account is made, looked up and signed in with.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StaffEmail(String);

impl StaffEmail {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&EmailAddress> for StaffEmail {
    fn from(email: &EmailAddress) -> Self {
        Self(email.as_str().to_ascii_lowercase())
    }
}

impl fmt::Display for StaffEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StaffEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let domain = self.0.split_once('@').map(|(_, d)| d).unwrap_or("");
        write!(f, "StaffEmail(…@{domain})")
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
    fn refuses_what_would_change_a_mailto_link_or_the_display() {
        for bad in [
            "griffie?bcc=aanvaller@kwaad.example@gemeente.nl",
            "griffie?bcc=x@gemeente.nl",
            "a&cc=b@gemeente.nl",
            "a%0Abcc@gemeente.nl",
            "a=b@gemeente.nl",
            "\"quoted\"@gemeente.nl",
            "naam@gemeente..nl",
            "naam@-gemeente.nl",
            "naam@gemeente.n1",
            "naam@localhost",
            "na\u{202e}am@gemeente.nl",
            "naam@gemeénte.nl",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        for good in [
            "j.o'brien+klankbord@sub.gemeente-x.nl",
            "a_b-c@raad.example",
        ] {
            assert!(EmailAddress::parse(good).is_ok(), "{good}");
        }
    }

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
        assert!(!format!("{:?}", StaffEmail::from(&e)).contains("geheim"));
    }

    #[test]
    fn a_staff_identity_is_the_whole_address_in_lower_case() {
        let upper = StaffEmail::from(&EmailAddress::parse(" J.de.Vries@Gemeente.NL").unwrap());
        let lower = StaffEmail::from(&EmailAddress::parse("j.de.vries@gemeente.nl").unwrap());
        assert_eq!(upper.as_str(), "j.de.vries@gemeente.nl");
        assert_eq!(upper, lower);
    }
}

//! A municipality's contact details for its contact page and its
//! privacyverklaring: the griffie's e-mail address and telephone number and
//! the privacy contact. Each may be left empty (the griffier contact stored
//! on the municipality is shown instead).

use crate::domain::email::{EmailAddress, EmailError};

/// The most characters a telephone number may have.
pub const MAX_PHONE_LEN: usize = 30;

/// A telephone number as people write it: digits with spaces, `+`, `-`,
/// `(`, `)` and `.` between them; 5 to 15 digits (a municipality's short
/// number `14 030` has five).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneNumber(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhoneError {
    #[error(
        "Dit is geen geldig telefoonnummer. Gebruik cijfers, met eventueel spaties, + of -, bijvoorbeeld 030 123 45 67."
    )]
    Invalid,
}

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let s = input.trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let allowed = s
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let plus_only_first = s.char_indices().all(|(i, c)| c != '+' || i == 0);
        if s.len() > MAX_PHONE_LEN || !allowed || !plus_only_first || !(5..=15).contains(&digits) {
            return Err(PhoneError::Invalid);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For a `tel:` link: the digits and a leading `+`.
    pub fn dial(&self) -> String {
        self.0
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }
}

/// What the griffier fills in; `None` is "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactDetails {
    pub griffie_email: Option<EmailAddress>,
    pub griffie_phone: Option<PhoneNumber>,
    pub privacy_email: Option<EmailAddress>,
}

/// The fields of the form, and the error of each that is wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactForm {
    pub griffie_email: String,
    pub griffie_phone: String,
    pub privacy_email: String,
}

impl ContactForm {
    /// The details, or (field name, Dutch message) for every bad field. An
    /// empty field is "not set".
    pub fn parse(&self) -> Result<ContactDetails, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let mut email = |field: &'static str, v: &str| -> Option<EmailAddress> {
            if v.trim().is_empty() {
                return None;
            }
            EmailAddress::parse(v)
                .map_err(|e: EmailError| errors.push((field, e.to_string())))
                .ok()
        };
        let griffie_email = email("griffie_email", &self.griffie_email);
        let privacy_email = email("privacy_email", &self.privacy_email);
        let griffie_phone = if self.griffie_phone.trim().is_empty() {
            None
        } else {
            PhoneNumber::parse(&self.griffie_phone)
                .map_err(|e| errors.push(("griffie_phone", e.to_string())))
                .ok()
        };
        if errors.is_empty() {
            Ok(ContactDetails {
                griffie_email,
                griffie_phone,
                privacy_email,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_as_people_write_them() {
        for ok in [
            "030 123 45 67",
            "+31 30 123 4567",
            "(030) 123-4567",
            "14 030",
        ] {
            assert!(PhoneNumber::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "1234",
            "030 12a 45 67",
            "tel:0301234567",
            "30+1234567",
            "1234567890123456",
        ] {
            assert_eq!(PhoneNumber::parse(bad), Err(PhoneError::Invalid), "{bad}");
        }
        assert_eq!(
            PhoneNumber::parse("+31 (0)30-123").map(|p| p.dial()),
            Ok("+31030123".into())
        );
    }

    #[test]
    fn empty_fields_are_not_set_and_every_bad_field_is_named() {
        assert_eq!(
            ContactForm::default().parse(),
            Ok(ContactDetails::default())
        );
        let errors = ContactForm {
            griffie_email: "griffie@".into(),
            griffie_phone: "bel maar".into(),
            privacy_email: "fg@gemeente.nl".into(),
        }
        .parse()
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["griffie_email", "griffie_phone"]);
    }
}

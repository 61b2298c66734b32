//! Bewaartermijnen: how long a municipality keeps what of a round.
//!
//! Two kinds of data, two kinds of rule:
//! - **Contact data of referenten** (names, e-mail addresses, invitations,
//!   the round's outbox messages, voordrachten with their reasons, any draft
//!   left): needed only to invite and remind. Deleted automatically
//!   [`RetentionPolicy::contact_months`] months after the round **closed**.
//!   The clock starts at the close — the moment the results were fixed and
//!   stored as the released view — and not at the vaststelling of the
//!   verslag: that comes after the close, needs none of this data, and may
//!   never happen (a verslag that is never vastgesteld must not keep
//!   addresses forever).
//! - **Archive**: the released view, the verslag and the audit log are
//!   archiefbescheiden. The Archiefwet and the municipality's selectielijst
//!   decide how long they are kept; the periods are settings (years, or none
//!   set). Klankbord never destroys archive items itself: destruction needs
//!   the municipality's own procedure (a verklaring van vernietiging), so the
//!   periods are shown, not enforced.
//!
//! Staff sign-in links, sessions and rate-limit rows are not per round: the
//! retention job deletes them as soon as they can no longer be used.

use jiff::{Timestamp, ToSpan};

use crate::domain::round::amsterdam;

/// Defaults and bounds; `docs/dpia.md` names the defaults (a test compares).
pub const DEFAULT_CONTACT_MONTHS: u32 = 3;
pub const MIN_CONTACT_MONTHS: u32 = 1;
pub const MAX_CONTACT_MONTHS: u32 = 24;
/// The most years an archive period may be set to.
pub const MAX_ARCHIVE_YEARS: u32 = 120;

/// A municipality's retention policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Months after the close before referenten' contact data is deleted.
    pub contact_months: u32,
    /// Archive periods in years; `None`: none set (kept until the
    /// municipality destroys it by its own procedure).
    pub view_years: Option<u32>,
    pub verslag_years: Option<u32>,
    pub audit_years: Option<u32>,
}

impl RetentionPolicy {
    /// The safe default: contact data 3 months after the close; no archive
    /// period set (the municipality's archivist sets it from its selectielijst).
    pub const DEFAULT: RetentionPolicy = RetentionPolicy {
        contact_months: DEFAULT_CONTACT_MONTHS,
        view_years: None,
        verslag_years: None,
        audit_years: None,
    };

    /// When the contact data of a round closed at `closed_at` is due for
    /// deletion (calendar months in Amsterdam time).
    pub fn contact_due(&self, closed_at: Timestamp) -> Timestamp {
        let zoned = closed_at.to_zoned(amsterdam());
        zoned
            .checked_add(i64::from(self.contact_months).months())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::MAX)
    }

    /// When an archive item dated `from` may be destroyed under `years`.
    pub fn archive_until(from: Timestamp, years: Option<u32>) -> Option<Timestamp> {
        let years = years?;
        from.to_zoned(amsterdam())
            .checked_add(i64::from(years).years())
            .ok()
            .map(|z| z.timestamp())
    }
}

/// The settings form as typed: whole numbers; an archive field may be empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionForm {
    pub contact_months: String,
    pub view_years: String,
    pub verslag_years: String,
    pub audit_years: String,
}

impl RetentionForm {
    pub fn of(p: &RetentionPolicy) -> Self {
        let years = |y: Option<u32>| y.map(|y| y.to_string()).unwrap_or_default();
        Self {
            contact_months: p.contact_months.to_string(),
            view_years: years(p.view_years),
            verslag_years: years(p.verslag_years),
            audit_years: years(p.audit_years),
        }
    }

    /// The policy, or (field, Dutch message) for every wrong field.
    pub fn parse(&self) -> Result<RetentionPolicy, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let months = match self.contact_months.trim().parse::<u32>() {
            Ok(m) if (MIN_CONTACT_MONTHS..=MAX_CONTACT_MONTHS).contains(&m) => m,
            _ => {
                errors.push((
                    "contact_months".to_owned(),
                    format!(
                        "Vul een aantal maanden in van {MIN_CONTACT_MONTHS} tot en met {MAX_CONTACT_MONTHS}."
                    ),
                ));
                DEFAULT_CONTACT_MONTHS
            }
        };
        let mut years = |field: &str, v: &str| -> Option<u32> {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            match v.parse::<u32>() {
                Ok(y) if (1..=MAX_ARCHIVE_YEARS).contains(&y) => Some(y),
                _ => {
                    errors.push((
                        field.to_owned(),
                        format!(
                            "Vul een aantal jaren in van 1 tot en met {MAX_ARCHIVE_YEARS}, of laat het veld leeg."
                        ),
                    ));
                    None
                }
            }
        };
        let view_years = years("view_years", &self.view_years);
        let verslag_years = years("verslag_years", &self.verslag_years);
        let audit_years = years("audit_years", &self.audit_years);
        if errors.is_empty() {
            Ok(RetentionPolicy {
                contact_months: months,
                view_years,
                verslag_years,
                audit_years,
            })
        } else {
            Err(errors)
        }
    }
}

/// What the retention job deleted of one round (counts only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    pub raters: u32,
    pub invitations: u32,
    pub messages: u32,
    pub nominations: u32,
    pub drafts: u32,
}

impl PurgeCounts {
    /// The audit log's detail: categories and counts, no content.
    pub fn summary(&self) -> String {
        format!(
            "{} referenten (naam en e-mailadres), {} uitnodigingen, {} berichten, {} voordrachten, {} concepten",
            self.raters, self.invitations, self.messages, self.nominations, self.drafts
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_form_parses_to_the_default_policy() {
        assert_eq!(
            RetentionForm::of(&RetentionPolicy::DEFAULT).parse(),
            Ok(RetentionPolicy::DEFAULT)
        );
    }

    #[test]
    fn every_wrong_field_is_named() {
        let errors = RetentionForm {
            contact_months: "0".into(),
            view_years: "tien".into(),
            verslag_years: "20".into(),
            audit_years: "121".into(),
        }
        .parse()
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["contact_months", "view_years", "audit_years"]);
    }

    #[test]
    fn the_contact_clock_counts_calendar_months_in_amsterdam() {
        let closed: Timestamp = "2026-11-30T22:59:00Z".parse().unwrap(); // 23:59 on 30 Nov
        let due = RetentionPolicy::DEFAULT.contact_due(closed);
        // 3 months later: 28 Feb 2027 is clamped (no 30 Feb), still 23:59 local.
        assert_eq!(due.to_string(), "2027-02-28T22:59:00Z");
    }
}

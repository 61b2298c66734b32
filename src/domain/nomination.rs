//! Voordrachten: referenten suggested by the burgemeester or a member of the
//! klankbordcommissie, approved or declined by the commissie (or the
//! griffier on its behalf).

use std::fmt;

use crate::domain::email::EmailAddress;
use crate::domain::staff::Role;
use crate::domain::text::{PersonName, TextError, parse_comment};

/// The longest reason, for a suggestion and for a decision.
pub const MAX_REASON_CHARS: usize = 500;

/// Where a suggestion stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NominationStatus {
    /// Suggested; waiting for the commissie's decision.
    Proposed,
    /// Approved: the referent is on the list of the round.
    Approved,
    /// Declined, with a reason.
    Declined,
}

impl NominationStatus {
    pub const ALL: [NominationStatus; 3] = [Self::Proposed, Self::Approved, Self::Declined];

    pub fn code(self) -> &'static str {
        match self {
            Self::Proposed => "voorgesteld",
            Self::Approved => "goedgekeurd",
            Self::Declined => "afgewezen",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The words on the screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::Proposed => "wacht op besluit",
            Self::Approved => "goedgekeurd",
            Self::Declined => "afgewezen",
        }
    }
}

/// A reason: multi-line, trimmed, not empty, at most [`MAX_REASON_CHARS`].
#[derive(Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub fn parse(input: &str) -> Result<Self, TextError> {
        Self::parse_optional(input)?.ok_or(TextError::Empty)
    }

    /// An empty field is no reason (allowed when approving).
    pub fn parse_optional(input: &str) -> Result<Option<Self>, TextError> {
        Ok(parse_comment(input, MAX_REASON_CHARS)?.map(Self))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reason({} chars)", self.0.chars().count())
    }
}

/// Why a decision cannot be taken.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecisionError {
    #[error("Over deze voordracht is al besloten: {}.", .0.label())]
    AlreadyDecided(NominationStatus),
    #[error("Schrijf op waarom u deze voordracht afwijst. De burgemeester ziet deze reden.")]
    ReasonRequired,
}

/// The transition rule: only a pending suggestion can be decided, and a
/// decline needs a reason (an approval may have one).
pub fn decide(
    current: NominationStatus,
    approve: bool,
    reason: Option<&Reason>,
) -> Result<NominationStatus, DecisionError> {
    if current != NominationStatus::Proposed {
        return Err(DecisionError::AlreadyDecided(current));
    }
    match (approve, reason) {
        (true, _) => Ok(NominationStatus::Approved),
        (false, Some(_)) => Ok(NominationStatus::Declined),
        (false, None) => Err(DecisionError::ReasonRequired),
    }
}

/// Who may suggest referenten: the burgemeester and the commissie.
pub const NOMINATORS: [Role; 3] = [Role::Mayor, Role::Chair, Role::DelegationMember];

/// Who decides: the commissie, or the griffier on its behalf. They also see
/// every suggestion and who made it; the burgemeester sees only their own.
pub const DECIDERS: [Role; 3] = [Role::Clerk, Role::Chair, Role::DelegationMember];

/// Everyone who has something to do with suggestions (and may ask for the
/// final list): nominators and deciders.
pub const INVOLVED: [Role; 4] = [
    Role::Mayor,
    Role::Chair,
    Role::DelegationMember,
    Role::Clerk,
];

pub fn may_nominate(roles: &[Role]) -> bool {
    roles.iter().any(|r| NOMINATORS.contains(r))
}

pub fn may_decide(roles: &[Role]) -> bool {
    roles.iter().any(|r| DECIDERS.contains(r))
}

/// Who sees the final list of referenten (names and groups): the commissie
/// and the griffier always, the burgemeester if the round's setting says so.
pub fn may_see_rater_list(roles: &[Role], mayor_sees_raters: bool) -> bool {
    may_decide(roles) || (mayor_sees_raters && roles.contains(&Role::Mayor))
}

/// A suggestion as typed in the form, checked field by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNomination {
    pub name: PersonName,
    pub email: EmailAddress,
    /// The key of one of the round's groups of referenten.
    pub group_key: String,
    pub reason: Reason,
}

impl NewNomination {
    /// Parses the form; on failure every bad field with its Dutch message
    /// (field names: naam, email, groep, reden).
    pub fn parse(
        name: &str,
        email: &str,
        group_key: &str,
        reason: &str,
    ) -> Result<Self, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let name = PersonName::parse(name)
            .map_err(|e| errors.push(("naam", format!("Naam: {e}"))))
            .ok();
        let email = EmailAddress::parse(email)
            .map_err(|e| errors.push(("email", e.to_string())))
            .ok();
        let group_key = group_key.trim();
        if group_key.is_empty() {
            errors.push(("groep", "Kies de groep van de referent.".into()));
        }
        let reason = Reason::parse(reason)
            .map_err(|e| match e {
                TextError::Empty => errors.push((
                    "reden",
                    "Schrijf op waarom u deze referent voordraagt.".into(),
                )),
                e => errors.push(("reden", format!("Reden: {e}"))),
            })
            .ok();
        match (name, email, reason) {
            (Some(name), Some(email), Some(reason)) if errors.is_empty() => Ok(Self {
                name,
                email,
                group_key: group_key.to_owned(),
                reason,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(s: &str) -> Reason {
        Reason::parse(s).unwrap()
    }

    #[test]
    fn statuses_round_trip_their_codes() {
        for s in NominationStatus::ALL {
            assert_eq!(NominationStatus::parse(s.code()), Some(s));
        }
        assert_eq!(NominationStatus::parse("misschien"), None);
    }

    #[test]
    fn only_a_pending_suggestion_can_be_decided() {
        let why = reason("Te weinig contact");
        assert_eq!(
            decide(NominationStatus::Proposed, true, None),
            Ok(NominationStatus::Approved)
        );
        assert_eq!(
            decide(NominationStatus::Proposed, false, Some(&why)),
            Ok(NominationStatus::Declined)
        );
        for done in [NominationStatus::Approved, NominationStatus::Declined] {
            for approve in [true, false] {
                assert_eq!(
                    decide(done, approve, Some(&why)),
                    Err(DecisionError::AlreadyDecided(done))
                );
            }
        }
    }

    #[test]
    fn a_decline_needs_a_reason() {
        assert_eq!(
            decide(NominationStatus::Proposed, false, None),
            Err(DecisionError::ReasonRequired)
        );
        assert_eq!(Reason::parse_optional(" \r\n "), Ok(None));
    }

    #[test]
    fn reasons_are_bounded_in_characters() {
        assert!(Reason::parse(&"é".repeat(MAX_REASON_CHARS)).is_ok());
        assert_eq!(
            Reason::parse(&"é".repeat(MAX_REASON_CHARS + 1)),
            Err(TextError::TooLong {
                max: MAX_REASON_CHARS,
                actual: MAX_REASON_CHARS + 1
            })
        );
        assert_eq!(Reason::parse("  "), Err(TextError::Empty));
        assert_eq!(reason(" a\r\nb ").as_str(), "a\nb");
    }

    #[test]
    fn a_form_reports_every_bad_field() {
        let errors = NewNomination::parse("", "geen-adres", " ", "").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["naam", "email", "groep", "reden"]);
        let ok = NewNomination::parse(
            " Anna ",
            "a@X.example",
            "college",
            "Werkt elke week met haar",
        )
        .unwrap();
        assert_eq!(ok.name.as_str(), "Anna");
        assert_eq!(ok.email.as_str(), "a@x.example");
        assert_eq!(ok.group_key, "college");
    }

    #[test]
    fn who_may_do_what() {
        use Role::*;
        assert!(!may_see_rater_list(&[CouncilMember], true));
        for role in Role::ALL {
            let r = [role];
            assert_eq!(
                may_nominate(&r),
                matches!(role, Mayor | Chair | DelegationMember)
            );
            assert_eq!(
                may_decide(&r),
                matches!(role, Clerk | Chair | DelegationMember)
            );
            assert_eq!(
                may_see_rater_list(&r, false),
                matches!(role, Clerk | Chair | DelegationMember),
                "{role:?}"
            );
            assert_eq!(
                may_see_rater_list(&r, true),
                matches!(role, Clerk | Chair | DelegationMember | Mayor),
                "{role:?}"
            );
        }
    }
}

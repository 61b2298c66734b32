//! The agenda of the klankbordgesprek: the delegation and the burgemeester
//! both add items (the conversation is two-way); the griffier orders them.
//! Items can change until the day of the meeting.

use jiff::civil::Date;

use crate::domain::staff::Role;
use crate::domain::text::{TextError, parse_comment};

/// Who brought an item in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgendaSide {
    /// The klankbordcommissie (chair or member).
    Delegation,
    Mayor,
}

impl AgendaSide {
    pub fn code(self) -> &'static str {
        match self {
            Self::Delegation => "commissie",
            Self::Mayor => "burgemeester",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Delegation, Self::Mayor]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// "van de commissie", "van de burgemeester".
    pub fn label(self) -> &'static str {
        match self {
            Self::Delegation => "van de commissie",
            Self::Mayor => "van de burgemeester",
        }
    }

    /// The side a person adds items for: the burgemeester for themself,
    /// a delegation member for the commissie; others add none.
    pub fn of(roles: &[Role]) -> Option<Self> {
        if roles.contains(&Role::Mayor) {
            Some(Self::Mayor)
        } else if roles.iter().any(|r| r.is_delegation()) {
            Some(Self::Delegation)
        } else {
            None
        }
    }
}

/// The text of an agenda item: trimmed, not empty, at most [`AgendaText::MAX`]
/// characters (line breaks allowed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaText(String);

impl AgendaText {
    pub const MAX: usize = 500;

    pub fn parse(input: &str) -> Result<Self, TextError> {
        parse_comment(input, Self::MAX)?
            .map(Self)
            .ok_or(TextError::Empty)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The agenda can change until the day of the meeting (in Amsterdam).
pub fn agenda_open(meeting_on: Date, today: Date) -> bool {
    today < meeting_on
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn text_is_required_and_bounded() {
        assert_eq!(AgendaText::parse("  \n "), Err(TextError::Empty));
        assert_eq!(
            AgendaText::parse(" Rol in crises ").unwrap().as_str(),
            "Rol in crises"
        );
        assert!(AgendaText::parse(&"é".repeat(500)).is_ok());
        assert_eq!(
            AgendaText::parse(&"é".repeat(501)),
            Err(TextError::TooLong {
                max: 500,
                actual: 501
            })
        );
    }

    #[test]
    fn the_agenda_closes_on_the_day_of_the_meeting() {
        let meeting = date(2026, 12, 18);
        assert!(agenda_open(meeting, date(2026, 12, 17)));
        assert!(!agenda_open(meeting, meeting));
    }

    #[test]
    fn the_burgemeester_and_the_delegation_add_for_their_side_others_not() {
        assert_eq!(AgendaSide::of(&[Role::Mayor]), Some(AgendaSide::Mayor));
        assert_eq!(AgendaSide::of(&[Role::Chair]), Some(AgendaSide::Delegation));
        assert_eq!(
            AgendaSide::of(&[Role::DelegationMember]),
            Some(AgendaSide::Delegation)
        );
        assert_eq!(AgendaSide::of(&[Role::Clerk, Role::CouncilMember]), None);
        for s in [AgendaSide::Delegation, AgendaSide::Mayor] {
            assert_eq!(AgendaSide::parse(s.code()), Some(s));
        }
    }
}

//! Agreements (afspraken) from a klankbordgesprek: recorded by the griffier
//! after the meeting, reviewed at the start of the next round for the same
//! burgemeester.

use jiff::civil::Date;

use crate::domain::text::{Line, TextError, parse_comment};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgreementStatus {
    Open,
    /// Loopt: being worked on.
    InProgress,
    /// Afgerond.
    Done,
    /// Vervallen: no longer relevant.
    Lapsed,
}

impl AgreementStatus {
    pub const ALL: [AgreementStatus; 4] = [Self::Open, Self::InProgress, Self::Done, Self::Lapsed];

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "loopt",
            Self::Done => "afgerond",
            Self::Lapsed => "vervallen",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::InProgress => "Loopt",
            Self::Done => "Afgerond",
            Self::Lapsed => "Vervallen",
        }
    }
}

/// Agreements are recorded once the meeting day has come (in Amsterdam).
pub fn agreements_open(meeting_on: Date, today: Date) -> bool {
    today >= meeting_on
}

/// Who is responsible, who monitors: a name or a role, one line.
pub type Party = Line<120>;
/// The short note with a status.
pub const NOTE_MAX: usize = 300;
/// The longest text of an agreement.
pub const WHAT_MAX: usize = 500;

/// A new agreement, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAgreement {
    pub what: String,
    pub responsible: Party,
    pub monitor: Party,
    pub due_on: Date,
}

/// The form fields of a new agreement, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgreementForm {
    pub what: String,
    pub responsible: String,
    pub monitor: String,
    pub due_on: String,
}

/// A date as typed: `2027-03-01` (the date field) or `1-3-2027`.
pub fn parse_day(input: &str) -> Option<Date> {
    let s = input.trim();
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

impl AgreementForm {
    /// The agreement, or (field, Dutch message) for every field that is not right.
    pub fn parse(&self) -> Result<NewAgreement, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let what = match parse_comment(&self.what, WHAT_MAX) {
            Ok(Some(w)) => Some(w),
            Ok(None) => {
                errors.push(("wat", "Beschrijf de afspraak.".to_owned()));
                None
            }
            Err(e) => {
                errors.push(("wat", format!("De afspraak: {e}")));
                None
            }
        };
        let mut party = |field: &'static str, what: &str, raw: &str| match Party::parse(raw) {
            Ok(p) => Some(p),
            Err(TextError::Empty) => {
                errors.push((field, format!("Vul in {what}.")));
                None
            }
            Err(e) => {
                errors.push((field, format!("{}: {e}", capital(what))));
                None
            }
        };
        let responsible = party(
            "verantwoordelijk",
            "wie verantwoordelijk is",
            &self.responsible,
        );
        let monitor = party("bewaakt", "wie de afspraak bewaakt", &self.monitor);
        let due_on = parse_day(&self.due_on);
        if due_on.is_none() {
            errors.push((
                "uiterlijk",
                "Vul een datum in waarop de afspraak klaar is, bijvoorbeeld 1-3-2027.".to_owned(),
            ));
        }
        match (what, responsible, monitor, due_on) {
            (Some(what), Some(responsible), Some(monitor), Some(due_on)) if errors.is_empty() => {
                Ok(NewAgreement {
                    what,
                    responsible,
                    monitor,
                    due_on,
                })
            }
            _ => Err(errors),
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The note with a status change: optional, at most [`NOTE_MAX`] characters.
pub fn parse_note(input: &str) -> Result<String, TextError> {
    parse_comment(input, NOTE_MAX).map(Option::unwrap_or_default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn form() -> AgreementForm {
        AgreementForm {
            what: "Elk kwartaal een informeel overleg".into(),
            responsible: "Burgemeester".into(),
            monitor: "Voorzitter klankbordcommissie".into(),
            due_on: "2027-03-01".into(),
        }
    }

    #[test]
    fn statuses_round_trip() {
        for s in AgreementStatus::ALL {
            assert_eq!(AgreementStatus::parse(s.code()), Some(s));
        }
        assert_eq!(AgreementStatus::parse("klaar"), None);
    }

    #[test]
    fn agreements_are_recorded_from_the_meeting_day_on() {
        let meeting = date(2026, 12, 18);
        assert!(!agreements_open(meeting, date(2026, 12, 17)));
        assert!(agreements_open(meeting, meeting));
        assert!(agreements_open(meeting, date(2027, 1, 5)));
    }

    #[test]
    fn a_complete_form_is_an_agreement() {
        let a = form().parse().unwrap();
        assert_eq!(a.due_on, date(2027, 3, 1));
        assert_eq!(a.responsible.as_str(), "Burgemeester");
    }

    #[test]
    fn dates_are_read_as_the_date_field_sends_them_or_as_people_type_them() {
        assert_eq!(parse_day("2027-03-01"), Some(date(2027, 3, 1)));
        assert_eq!(parse_day(" 1-3-2027 "), Some(date(2027, 3, 1)));
        assert_eq!(parse_day("01/03/2027"), Some(date(2027, 3, 1)));
        assert_eq!(parse_day("31-2-2027"), None);
        assert_eq!(parse_day("morgen"), None);
    }

    #[test]
    fn every_wrong_field_is_named() {
        let bad = AgreementForm {
            what: " ".into(),
            responsible: "".into(),
            monitor: "x".repeat(121),
            due_on: "binnenkort".into(),
        };
        let fields: Vec<&str> = bad
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["wat", "verantwoordelijk", "bewaakt", "uiterlijk"]);
    }

    #[test]
    fn a_note_is_optional_and_short() {
        assert_eq!(parse_note("  "), Ok(String::new()));
        assert!(parse_note(&"x".repeat(NOTE_MAX + 1)).is_err());
    }
}

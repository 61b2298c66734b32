//! Klankbordronde: kind, state, dates and the minimum group size.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Dates and times are shown and interpreted in this zone.
pub const TIME_ZONE: &str = "Europe/Amsterdam";

pub fn amsterdam() -> TimeZone {
    // The bundled tz database always has this zone; fall back to UTC+1 rather than panic.
    TimeZone::get(TIME_ZONE).unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(1)))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoundKind {
    HundredDays,
    FirstYear,
    Regular,
    Midterm,
    TowardsReappointment,
    Reappointment,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "Onbekende soort gesprek '{0}'. Kies uit: 100-dagen, eerste-jaar, regulier, midterm, richting-herbenoeming, herbenoeming."
)]
pub struct UnknownRoundKind(pub String);

impl RoundKind {
    pub const ALL: [RoundKind; 6] = [
        Self::HundredDays,
        Self::FirstYear,
        Self::Regular,
        Self::Midterm,
        Self::TowardsReappointment,
        Self::Reappointment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::HundredDays => "100-dagen",
            Self::FirstYear => "eerste-jaar",
            Self::Regular => "regulier",
            Self::Midterm => "midterm",
            Self::TowardsReappointment => "richting-herbenoeming",
            Self::Reappointment => "herbenoeming",
        }
    }

    pub fn parse(code: &str) -> Result<Self, UnknownRoundKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code.trim())
            .ok_or_else(|| UnknownRoundKind(code.trim().to_owned()))
    }

    /// How the conversation is called in Dutch ("het 100-dagengesprek").
    pub fn label(self) -> &'static str {
        match self {
            Self::HundredDays => "100-dagengesprek",
            Self::FirstYear => "klankbordgesprek na het eerste jaar",
            Self::Regular => "klankbordgesprek",
            Self::Midterm => "midterm-klankbordgesprek",
            Self::TowardsReappointment => "klankbordgesprek richting herbenoeming",
            Self::Reappointment => "herbenoemingsgesprek",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoundState {
    /// Being prepared: raters and questions can change; nothing sent yet.
    Draft,
    /// Invitations are out; referenten can answer until the closing time.
    Open,
    /// Closed: no more answers; results may be published.
    Closed,
}

impl RoundState {
    /// Whether referenten can answer in this state before `closes_at`, at `now`.
    pub fn accepts_answers(self, closes_at: Timestamp, now: Timestamp) -> bool {
        self == Self::Open && now < closes_at
    }

    /// Whether the questionnaire is fixed: it changes only in preparation
    /// (`service::questionnaire_edit` refuses otherwise), and a round never
    /// goes back to preparation (Draft → Open → Closed).
    pub fn questionnaire_fixed(self) -> bool {
        self != Self::Draft
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "voorbereiding",
            Self::Open => "open",
            Self::Closed => "gesloten",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Draft, Self::Open, Self::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// k: the fewest respondents behind any published figure. At least 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MinGroupSize(u32);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MinGroupSizeError {
    #[error("De minimale groepsgrootte moet minstens {min} zijn.")]
    TooSmall { min: u32 },
    #[error("De minimale groepsgrootte mag hoogstens {max} zijn.")]
    TooLarge { max: u32 },
}

impl MinGroupSize {
    pub const MIN: u32 = 3;
    pub const MAX: u32 = 50;
    pub const DEFAULT: MinGroupSize = MinGroupSize(3);

    pub fn new(k: u32) -> Result<Self, MinGroupSizeError> {
        if k < Self::MIN {
            Err(MinGroupSizeError::TooSmall { min: Self::MIN })
        } else if k > Self::MAX {
            Err(MinGroupSizeError::TooLarge { max: Self::MAX })
        } else {
            Ok(Self(k))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// The dates of a round as the griffier sets them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundDates {
    /// The day input is requested (invitations go out).
    pub opens_on: Date,
    /// The moment input closes.
    pub closes_at: Timestamp,
    /// The day of the klankbordgesprek.
    pub meeting_on: Date,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RoundDatesError {
    #[error("De sluitingsdatum moet na de openingsdatum liggen.")]
    ClosesBeforeOpening,
    #[error("Het klankbordgesprek moet na de sluitingsdatum van de vragenlijst zijn.")]
    MeetingBeforeClosing,
}

impl RoundDates {
    /// Input closes at the end of `closes_on` (23:59 in Amsterdam).
    pub fn new(opens_on: Date, closes_on: Date, meeting_on: Date) -> Result<Self, RoundDatesError> {
        if closes_on < opens_on {
            return Err(RoundDatesError::ClosesBeforeOpening);
        }
        if meeting_on <= closes_on {
            return Err(RoundDatesError::MeetingBeforeClosing);
        }
        let closes_at = end_of_day(closes_on);
        Ok(Self {
            opens_on,
            closes_at,
            meeting_on,
        })
    }
}

/// 23:59:59 of `day` in Amsterdam, as an instant.
pub fn end_of_day(day: Date) -> Timestamp {
    day.at(23, 59, 59, 0)
        .to_zoned(amsterdam())
        .map(|z| z.timestamp())
        .unwrap_or_else(|_| Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn only_an_open_round_before_its_closing_moment_takes_answers() {
        let closes = Timestamp::from_second(1_000).unwrap();
        let before = Timestamp::from_second(999).unwrap();
        assert!(RoundState::Open.accepts_answers(closes, before));
        assert!(!RoundState::Open.accepts_answers(closes, closes));
        assert!(!RoundState::Draft.accepts_answers(closes, before));
        assert!(!RoundState::Closed.accepts_answers(closes, before));
    }

    #[test]
    fn the_questionnaire_is_fixed_once_the_round_left_preparation() {
        assert!(!RoundState::Draft.questionnaire_fixed());
        assert!(RoundState::Open.questionnaire_fixed());
        assert!(RoundState::Closed.questionnaire_fixed());
    }

    #[test]
    fn k_is_at_least_three() {
        assert!(MinGroupSize::new(2).is_err());
        assert_eq!(MinGroupSize::new(5).map(MinGroupSize::get), Ok(5));
    }

    #[test]
    fn input_closes_at_the_end_of_the_day_in_amsterdam() {
        let d = RoundDates::new(date(2026, 11, 2), date(2026, 12, 11), date(2026, 12, 18)).unwrap();
        assert_eq!(d.closes_at.to_string(), "2026-12-11T22:59:59Z");
    }

    #[test]
    fn dates_in_the_wrong_order_are_refused() {
        assert_eq!(
            RoundDates::new(date(2026, 12, 2), date(2026, 11, 11), date(2026, 12, 18)),
            Err(RoundDatesError::ClosesBeforeOpening)
        );
        assert_eq!(
            RoundDates::new(date(2026, 11, 2), date(2026, 12, 11), date(2026, 12, 11)),
            Err(RoundDatesError::MeetingBeforeClosing)
        );
    }

    #[test]
    fn kinds_round_trip() {
        for k in RoundKind::ALL {
            assert_eq!(RoundKind::parse(k.code()), Ok(k));
        }
    }
}

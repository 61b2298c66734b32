//! Dutch public holidays and working days, for dates people will plan around:
//! a questionnaire that closes or a klankbordgesprek that takes place on a
//! day the town hall is shut looks careless.
//!
//! The holidays are those the Rijksoverheid lists as official (Nieuwjaarsdag,
//! Goede Vrijdag, Pasen, Koningsdag, Bevrijdingsdag, Hemelvaartsdag,
//! Pinksteren and Kerstmis); Easter by the Gregorian computus. Pure: no clock.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// The most days in a row that are not working days (a Christmas weekend
/// with Boxing Day is four); loops stop well after it.
const LONGEST_BREAK: i32 = 14;

/// An official Dutch public holiday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    NewYearsDay,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    KingsDay,
    LiberationDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    ChristmasDay,
    BoxingDay,
}

impl Holiday {
    /// Its Dutch name.
    pub fn name(self) -> &'static str {
        match self {
            Self::NewYearsDay => "Nieuwjaarsdag",
            Self::GoodFriday => "Goede Vrijdag",
            Self::EasterSunday => "Eerste Paasdag",
            Self::EasterMonday => "Tweede Paasdag",
            Self::KingsDay => "Koningsdag",
            Self::LiberationDay => "Bevrijdingsdag",
            Self::AscensionDay => "Hemelvaartsdag",
            Self::WhitSunday => "Eerste Pinksterdag",
            Self::WhitMonday => "Tweede Pinksterdag",
            Self::ChristmasDay => "Eerste Kerstdag",
            Self::BoxingDay => "Tweede Kerstdag",
        }
    }
}

/// Easter Sunday of `year` (the anonymous Gregorian algorithm).
pub fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let (b, c) = (y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// King's Day: 27 April, or the Saturday before when that is a Sunday.
fn kings_day(year: i16) -> Option<Date> {
    let day = Date::new(year, 4, 27).ok()?;
    if day.weekday() == Weekday::Sunday {
        day.yesterday().ok()
    } else {
        Some(day)
    }
}

/// The public holiday that falls on `day`, if any.
pub fn holiday(day: Date) -> Option<Holiday> {
    match (day.month(), day.day()) {
        (1, 1) => return Some(Holiday::NewYearsDay),
        (5, 5) => return Some(Holiday::LiberationDay),
        (12, 25) => return Some(Holiday::ChristmasDay),
        (12, 26) => return Some(Holiday::BoxingDay),
        _ => {}
    }
    if kings_day(day.year()) == Some(day) {
        return Some(Holiday::KingsDay);
    }
    let easter = easter_sunday(day.year())?;
    let after_easter = (day - easter).get_days();
    match after_easter {
        -2 => Some(Holiday::GoodFriday),
        0 => Some(Holiday::EasterSunday),
        1 => Some(Holiday::EasterMonday),
        39 => Some(Holiday::AscensionDay),
        49 => Some(Holiday::WhitSunday),
        50 => Some(Holiday::WhitMonday),
        _ => None,
    }
}

/// Monday to Friday and not a public holiday.
pub fn is_working_day(day: Date) -> bool {
    !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) && holiday(day).is_none()
}

/// `day` itself when it is a working day, else the first one after it.
pub fn working_day_on_or_after(day: Date) -> Date {
    step_to_working_day(day, 1)
}

/// `day` itself when it is a working day, else the last one before it.
pub fn working_day_on_or_before(day: Date) -> Date {
    step_to_working_day(day, -1)
}

fn step_to_working_day(day: Date, step: i32) -> Date {
    (0..=LONGEST_BREAK)
        .filter_map(|n| day.checked_add((n * step).days()).ok())
        .find(|d| is_working_day(*d))
        .unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn easter_falls_on_the_known_sundays() {
        for (year, month, day) in [
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), Some(date(year, month, day)), "{year}");
        }
    }

    #[test]
    fn the_holidays_of_2026_and_2027() {
        let named = |y, m, d| holiday(date(y, m, d)).map(Holiday::name);
        assert_eq!(named(2026, 1, 1), Some("Nieuwjaarsdag"));
        assert_eq!(named(2026, 4, 3), Some("Goede Vrijdag"));
        assert_eq!(named(2026, 4, 6), Some("Tweede Paasdag"));
        assert_eq!(named(2026, 4, 27), Some("Koningsdag"));
        assert_eq!(named(2026, 5, 5), Some("Bevrijdingsdag"));
        assert_eq!(named(2026, 5, 14), Some("Hemelvaartsdag"));
        assert_eq!(named(2026, 5, 25), Some("Tweede Pinksterdag"));
        assert_eq!(named(2026, 12, 25), Some("Eerste Kerstdag"));
        assert_eq!(named(2026, 12, 26), Some("Tweede Kerstdag"));
        assert_eq!(named(2027, 3, 29), Some("Tweede Paasdag"));
        assert_eq!(named(2027, 5, 6), Some("Hemelvaartsdag"));
        for ordinary in [
            date(2026, 4, 7),
            date(2026, 5, 13),
            date(2026, 12, 24),
            date(2026, 12, 31),
        ] {
            assert_eq!(holiday(ordinary), None, "{ordinary}");
        }
    }

    #[test]
    fn kings_day_moves_to_saturday_when_the_27th_is_a_sunday() {
        assert_eq!(holiday(date(2025, 4, 26)), Some(Holiday::KingsDay));
        assert_eq!(holiday(date(2025, 4, 27)), None);
        assert_eq!(holiday(date(2031, 4, 26)), Some(Holiday::KingsDay));
    }

    #[test]
    fn weekends_and_holidays_are_no_working_days() {
        assert!(is_working_day(date(2026, 12, 7)), "a Monday");
        assert!(!is_working_day(date(2026, 12, 12)), "a Saturday");
        assert!(!is_working_day(date(2026, 12, 13)), "a Sunday");
        assert!(!is_working_day(date(2026, 12, 25)), "Christmas, a Friday");
        assert!(!is_working_day(date(2027, 1, 1)), "New Year, a Friday");
    }

    #[test]
    fn the_nearest_working_day_skips_weekends_and_holidays() {
        // Christmas 2026 is a Friday: Thursday before, Monday 28th after.
        assert_eq!(
            working_day_on_or_before(date(2026, 12, 25)),
            date(2026, 12, 24)
        );
        assert_eq!(
            working_day_on_or_after(date(2026, 12, 25)),
            date(2026, 12, 28)
        );
        // Easter weekend 2027: Good Friday 26 March to Easter Monday 29 March.
        assert_eq!(
            working_day_on_or_after(date(2027, 3, 26)),
            date(2027, 3, 30)
        );
        assert_eq!(
            working_day_on_or_before(date(2027, 3, 29)),
            date(2027, 3, 25)
        );
        let monday = date(2026, 12, 7);
        assert_eq!(working_day_on_or_after(monday), monday);
        assert_eq!(working_day_on_or_before(monday), monday);
    }

    #[test]
    fn every_day_of_ten_years_finds_a_working_day_within_a_week() {
        let mut day = date(2026, 1, 1);
        for _ in 0..3653 {
            let after = working_day_on_or_after(day);
            let before = working_day_on_or_before(day);
            assert!(is_working_day(after) && is_working_day(before), "{day}");
            assert!((after - day).get_days() < 7 && (day - before).get_days() < 7);
            day = day.tomorrow().unwrap();
        }
    }
}

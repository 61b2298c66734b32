//! Dates and times as Dutch text ("vrijdag 11 december 2026 om 23:59 uur",
//! Amsterdam time), for everything that writes to people: pages, mails, the
//! command line and the service's Dutch messages. Pure; imports only jiff
//! and the Amsterdam zone.

use jiff::civil::Date;
use jiff::{Timestamp, Zoned};

use crate::domain::round::amsterdam;

/// "vrijdag 11 december 2026"
pub fn date(day: Date) -> String {
    const DAYS: [&str; 7] = [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ];
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let weekday = DAYS[day.weekday().to_monday_zero_offset() as usize];
    let month = MONTHS[(day.month() - 1) as usize];
    format!("{weekday} {} {month} {}", day.day(), day.year())
}

/// "vrijdag 11 december 2026 om 23:59 uur" in Amsterdam time.
pub fn instant(t: Timestamp) -> String {
    let z: Zoned = t.to_zoned(amsterdam());
    format!(
        "{} om {:02}:{:02} uur",
        date(z.date()),
        z.hour(),
        z.minute()
    )
}

/// A stored `YYYY-MM-DD` day in words ("maandag 30 november 2026"); as
/// stored if it is no date.
pub fn date_text(iso: &str) -> String {
    iso.parse().map(date).unwrap_or_else(|_| iso.to_owned())
}

/// A stored RFC 3339 moment in words, Amsterdam time; as stored if it is no
/// moment.
pub fn instant_text(rfc3339: &str) -> String {
    rfc3339
        .parse()
        .map(instant)
        .unwrap_or_else(|_| rfc3339.to_owned())
}

/// The questionnaire's closing moment in a sentence: never "sluit" once
/// it closed.
pub fn closing_sentence(c: crate::domain::schedule::Closing) -> String {
    use crate::domain::schedule::Closing;
    match c {
        Closing::At(t) => format!("De vragenlijst sluit {}.", instant(t)),
        Closing::Due(t) => format!(
            "De vragenlijst sloot {}; de ronde wordt zo gesloten.",
            instant(t)
        ),
        Closing::ClosedOn(t) => format!("De vragenlijst is gesloten op {}.", instant(t)),
        Closing::ClosedEarly => "De vragenlijst is gesloten, eerder dan gepland.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants_read_as_dutch() {
        let d = jiff::civil::date(2026, 12, 11);
        assert_eq!(date(d), "vrijdag 11 december 2026");
        let t = crate::domain::round::end_of_day(d);
        assert_eq!(instant(t), "vrijdag 11 december 2026 om 23:59 uur");
        assert_eq!(date_text("2026-12-11"), "vrijdag 11 december 2026");
        assert_eq!(date_text("later"), "later");
        // Winter: UTC + 1.
        assert_eq!(
            instant_text("2026-12-11T13:05:00Z"),
            "vrijdag 11 december 2026 om 14:05 uur"
        );
    }
}

//! Setting up a round from the screens: the dates proposed from the meeting
//! date (the handreiking's planning), the form's values parsed into domain
//! types, and which changes are still allowed once the first invitation is
//! out (it states the kind, the closing date and k).

use jiff::Timestamp;
use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::audit::AuditAction;
use crate::domain::round::{MinGroupSize, RoundDates, RoundDatesError, RoundKind, amsterdam};
use crate::domain::schedule::schedule;

/// The form fields, by name (also the ids the error summary links to).
pub mod field {
    pub const KIND: &str = "soort";
    pub const MEETING: &str = "gesprek";
    pub const OPENS: &str = "opent";
    pub const CLOSES: &str = "sluit";
    pub const MIN_GROUP_SIZE: &str = "k";
}

/// A form error: the field it is about and a Dutch message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

fn error(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// The meeting date a new form proposes: five weeks from today, so that today
/// is week 1 of the handreiking's planning (the commissie drafts the agenda).
pub fn proposed_meeting(today: Date) -> Date {
    today.checked_add(35.days()).unwrap_or(today)
}

/// The questionnaire's dates for a meeting, following the handreiking: the
/// referenten are asked in week 3, and input closes before week 6 (the
/// meeting). We close at the end of week 4, a week before the meeting, so
/// the commissie has week 5 to read the results. Returns (opens, closes).
pub fn proposed_dates(meeting: Date) -> (Date, Date) {
    let closes = meeting.checked_sub(7.days()).unwrap_or(meeting);
    let opens = schedule(meeting, closes)
        .into_iter()
        .find(|s| s.week == 3)
        .map(|s| s.on)
        .unwrap_or(closes);
    (opens, closes)
}

/// A day typed as `YYYY-MM-DD` (what `input type=date` sends).
pub fn parse_day(input: &str) -> Result<Date, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("Vul een datum in.".into());
    }
    let shaped = s.len() == 10
        && s.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    match (shaped, s.parse::<Date>()) {
        (true, Ok(d)) => Ok(d),
        (true, Err(_)) => Err(format!("De datum {s} bestaat niet.")),
        (false, _) => Err("Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2027-03-15.".into()),
    }
}

/// The day the questionnaire closes (in Amsterdam).
pub fn closing_day(dates: &RoundDates) -> Date {
    dates.closes_at.to_zoned(amsterdam()).date()
}

/// What the griffier sets for a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundSettings {
    pub kind: RoundKind,
    pub dates: RoundDates,
    pub min_group_size: MinGroupSize,
}

/// The form as typed.
#[derive(Clone, Debug, Default)]
pub struct SettingsInput {
    pub kind: String,
    pub meeting: String,
    pub opens: String,
    pub closes: String,
    pub min_group_size: String,
}

impl RoundSettings {
    /// Parses the form; every field's error at once.
    pub fn parse(input: &SettingsInput) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = RoundKind::parse(&input.kind)
            .map_err(|_| errors.push(error(field::KIND, "Kies het soort gesprek.")))
            .ok();
        let mut day = |name: &'static str, what: &str, value: &str| {
            parse_day(value)
                .map_err(|m| errors.push(error(name, format!("{what}: {m}"))))
                .ok()
        };
        let meeting = day(
            field::MEETING,
            "Datum van het klankbordgesprek",
            &input.meeting,
        );
        let opens = day(field::OPENS, "Vragenlijst open vanaf", &input.opens);
        let closes = day(field::CLOSES, "Vragenlijst sluit op", &input.closes);
        let k = match input.min_group_size.trim().parse::<u32>() {
            Ok(k) => MinGroupSize::new(k)
                .map_err(|e| errors.push(error(field::MIN_GROUP_SIZE, e.to_string())))
                .ok(),
            Err(_) => {
                errors.push(error(
                    field::MIN_GROUP_SIZE,
                    format!(
                        "Vul bij minimale groepsgrootte een heel getal in, minstens {}.",
                        MinGroupSize::MIN
                    ),
                ));
                None
            }
        };
        let dates = match (opens, closes, meeting) {
            (Some(o), Some(c), Some(m)) => RoundDates::new(o, c, m)
                .map_err(|e| {
                    let at = match e {
                        RoundDatesError::ClosesBeforeOpening => field::CLOSES,
                        RoundDatesError::MeetingBeforeClosing => field::MEETING,
                    };
                    errors.push(error(at, e.to_string()));
                })
                .ok(),
            _ => None,
        };
        match (kind, dates, k) {
            (Some(kind), Some(dates), Some(min_group_size)) if errors.is_empty() => Ok(Self {
                kind,
                dates,
                min_group_size,
            }),
            _ => Err(errors),
        }
    }
}

/// A round's settings with the one about the list of referenten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundSetup {
    pub settings: RoundSettings,
    /// Whether the burgemeester sees the final list of referenten.
    pub mayor_sees_raters: bool,
}

/// One change, for the audit log (old → new).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Kind(RoundKind, RoundKind),
    OpensOn(Date, Date),
    ClosesOn(Date, Date),
    MeetingOn(Date, Date),
    MinGroupSize(MinGroupSize, MinGroupSize),
    MayorSeesRaters(bool, bool),
}

fn yes_no(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

impl Change {
    /// (action, "old → new") as the audit log shows it.
    /// The audit line of the change: old → new, days written by `day` (the
    /// service passes the Dutch date text).
    pub fn audit_line(&self, day: fn(Date) -> String) -> (AuditAction, String) {
        let days = |a: &Date, b: &Date| format!("{} → {}", day(*a), day(*b));
        match self {
            Self::Kind(a, b) => (
                AuditAction::KindChanged,
                format!("{} → {}", a.code(), b.code()),
            ),
            Self::OpensOn(a, b) => (AuditAction::OpensOnChanged, days(a, b)),
            Self::ClosesOn(a, b) => (AuditAction::ClosesOnChanged, days(a, b)),
            Self::MeetingOn(a, b) => (AuditAction::MeetingOnChanged, days(a, b)),
            Self::MinGroupSize(a, b) => (
                AuditAction::MinGroupSizeChanged,
                format!("{} → {}", a.get(), b.get()),
            ),
            Self::MayorSeesRaters(a, b) => (
                AuditAction::MayorSeesRatersChanged,
                format!("{} → {}", yes_no(*a), yes_no(*b)),
            ),
        }
    }
}

/// Why k can no longer change (anonymity.md: parameters are fixed at the first invitation).
pub const K_FIXED: &str = "De minimale groepsgrootte ligt vast sinds de eerste uitnodiging is verstuurd: zo weten referenten vooraf hoe hun antwoorden worden beschermd.";

/// The changes from `current` to `wanted`, or why some are not allowed.
/// Before the first invitation everything may change (the closing day not
/// into the past). Afterwards the kind, the opening day and k are fixed, and
/// the closing day may only move later than the invitation said, and not
/// into the past; the meeting date and the list setting may still change.
pub fn changes(
    current: &RoundSetup,
    wanted: &RoundSetup,
    invited: bool,
    now: Timestamp,
) -> Result<Vec<Change>, Vec<FieldError>> {
    let (c, w) = (&current.settings, &wanted.settings);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    if c.kind != w.kind {
        if invited {
            errors.push(error(
                field::KIND,
                "Het soort gesprek ligt vast sinds de eerste uitnodiging: die noemt het gesprek.",
            ));
        }
        out.push(Change::Kind(c.kind, w.kind));
    }
    if c.dates.opens_on != w.dates.opens_on {
        if invited {
            errors.push(error(
                field::OPENS,
                "De openingsdatum ligt vast: de uitnodigingen zijn al verstuurd.",
            ));
        }
        out.push(Change::OpensOn(c.dates.opens_on, w.dates.opens_on));
    }
    let (old_close, new_close) = (closing_day(&c.dates), closing_day(&w.dates));
    if old_close != new_close {
        if w.dates.closes_at <= now {
            errors.push(error(
                field::CLOSES,
                "De sluitingsdatum ligt in het verleden.",
            ));
        } else if invited && w.dates.closes_at < c.dates.closes_at {
            errors.push(error(
                field::CLOSES,
                format!(
                    "De uitnodiging noemt {old_close} als laatste dag. U kunt de vragenlijst langer open laten, maar niet eerder sluiten."
                ),
            ));
        }
        out.push(Change::ClosesOn(old_close, new_close));
    }
    if c.dates.meeting_on != w.dates.meeting_on {
        out.push(Change::MeetingOn(c.dates.meeting_on, w.dates.meeting_on));
    }
    if c.min_group_size != w.min_group_size {
        if invited {
            errors.push(error(field::MIN_GROUP_SIZE, K_FIXED));
        }
        out.push(Change::MinGroupSize(c.min_group_size, w.min_group_size));
    }
    if current.mayor_sees_raters != wanted.mayor_sees_raters {
        out.push(Change::MayorSeesRaters(
            current.mayor_sees_raters,
            wanted.mayor_sees_raters,
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A rater group's name as the griffier types it.
pub type GroupName = crate::domain::text::Line<80>;
/// A rater group's description (may be empty).
pub const GROUP_DESCRIPTION_MAX: usize = 300;

/// The most rater groups a round may have (the self-assessment not counted).
/// Publication is bounded per statement whatever the number, but a round of
/// more groups than this cannot show them apart usefully, and the screens
/// and the benchmark are measured up to it.
pub const MAX_RATER_GROUPS: usize = 40;

/// A stable key for a new group (used in imports): its name in lower case
/// with dashes, made unique among `taken`.
pub fn new_group_key(name: &str, taken: &[&str]) -> String {
    let mut base = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('-') && !base.is_empty() {
            base.push('-');
        }
    }
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() { "groep" } else { base };
    let mut key = base.to_owned();
    let mut n = 2;
    while taken.contains(&key.as_str()) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::round::end_of_day;
    use jiff::civil::date;

    fn input(opens: &str, closes: &str, meeting: &str, k: &str) -> SettingsInput {
        SettingsInput {
            kind: "regulier".into(),
            meeting: meeting.into(),
            opens: opens.into(),
            closes: closes.into(),
            min_group_size: k.into(),
        }
    }

    fn setup(opens: Date, closes: Date, meeting: Date, k: u32) -> RoundSetup {
        RoundSetup {
            settings: RoundSettings {
                kind: RoundKind::Regular,
                dates: RoundDates::new(opens, closes, meeting).unwrap(),
                min_group_size: MinGroupSize::new(k).unwrap(),
            },
            mayor_sees_raters: true,
        }
    }

    fn fields(e: &[FieldError]) -> Vec<&'static str> {
        e.iter().map(|e| e.field).collect()
    }

    #[test]
    fn the_proposal_asks_in_week_three_and_closes_a_week_before_the_meeting() {
        assert_eq!(
            proposed_dates(date(2026, 12, 15)),
            (date(2026, 11, 24), date(2026, 12, 8))
        );
        assert_eq!(proposed_meeting(date(2026, 11, 10)), date(2026, 12, 15));
        // The proposal is always a valid set of dates.
        let (o, c) = proposed_dates(date(2027, 3, 1));
        assert!(RoundDates::new(o, c, date(2027, 3, 1)).is_ok());
    }

    #[test]
    fn days_are_typed_as_year_month_day() {
        assert_eq!(parse_day(" 2027-03-15 "), Ok(date(2027, 3, 15)));
        assert!(parse_day("").unwrap_err().contains("Vul een datum in"));
        assert!(parse_day("15-03-2027").unwrap_err().contains("jjjj-mm-dd"));
        assert!(
            parse_day("2027-02-30")
                .unwrap_err()
                .contains("bestaat niet")
        );
        assert!(parse_day("2027-03-15T10:00").is_err());
    }

    #[test]
    fn the_form_reports_every_bad_field_at_once() {
        let e = RoundSettings::parse(&SettingsInput {
            kind: "gezellig".into(),
            ..input("2027-03-01", "morgen", "2027-04-01", "2")
        })
        .unwrap_err();
        assert_eq!(fields(&e), vec!["soort", "sluit", "k"]);
        assert!(e[2].message.contains("minstens 3"));
    }

    #[test]
    fn dates_must_be_in_order_and_k_at_least_three() {
        let e = RoundSettings::parse(&input("2027-03-10", "2027-03-01", "2027-04-01", "3"))
            .unwrap_err();
        assert_eq!(fields(&e), vec!["sluit"]);
        let e = RoundSettings::parse(&input("2027-03-01", "2027-03-10", "2027-03-10", "3"))
            .unwrap_err();
        assert_eq!(fields(&e), vec!["gesprek"]);
        let ok =
            RoundSettings::parse(&input("2027-03-01", "2027-03-10", "2027-03-17", "5")).unwrap();
        assert_eq!(ok.min_group_size.get(), 5);
        assert_eq!(closing_day(&ok.dates), date(2027, 3, 10));
    }

    #[test]
    fn before_the_first_invitation_everything_may_change() {
        let now = end_of_day(date(2027, 1, 1));
        let old = setup(date(2027, 3, 1), date(2027, 3, 10), date(2027, 3, 17), 3);
        let mut new = setup(date(2027, 2, 1), date(2027, 2, 10), date(2027, 2, 17), 5);
        new.settings.kind = RoundKind::Midterm;
        new.mayor_sees_raters = false;
        let got = changes(&old, &new, false, now).unwrap();
        assert_eq!(got.len(), 6);
        let iso = |d: Date| d.to_string();
        assert_eq!(
            got[4].audit_line(iso),
            (AuditAction::MinGroupSizeChanged, "3 → 5".to_owned())
        );
        assert_eq!(got[5].audit_line(iso).1, "ja → nee");
        assert_eq!(
            got[1].audit_line(|d| format!("dag {}", d.day())),
            (AuditAction::OpensOnChanged, "dag 1 → dag 1".to_owned())
        );
        assert_eq!(changes(&old, &old, false, now), Ok(vec![]));
    }

    #[test]
    fn after_the_first_invitation_kind_opening_and_k_are_fixed_and_closing_only_moves_later() {
        let now = end_of_day(date(2027, 3, 3));
        let old = setup(date(2027, 3, 1), date(2027, 3, 10), date(2027, 3, 17), 3);
        let mut new = setup(date(2027, 3, 2), date(2027, 3, 8), date(2027, 3, 17), 4);
        new.settings.kind = RoundKind::Midterm;
        let e = changes(&old, &new, true, now).unwrap_err();
        assert_eq!(fields(&e), vec!["soort", "opent", "sluit", "k"]);
        assert_eq!(e[3].message, K_FIXED);
        // Later is fine, and so is moving the meeting and the list setting.
        let mut later = setup(date(2027, 3, 1), date(2027, 3, 12), date(2027, 3, 24), 3);
        later.mayor_sees_raters = false;
        assert_eq!(changes(&old, &later, true, now).unwrap().len(), 3);
        // Never into the past, before or after invitations.
        let past = setup(date(2027, 3, 1), date(2027, 3, 2), date(2027, 3, 17), 3);
        for invited in [false, true] {
            let e = changes(&old, &past, invited, now).unwrap_err();
            assert!(e[0].message.contains("verleden"));
        }
    }

    #[test]
    fn new_groups_get_a_unique_key_from_their_name() {
        assert_eq!(new_group_key("Pers & Media", &[]), "pers-media");
        assert_eq!(new_group_key("Pers", &["pers", "pers-2"]), "pers-3");
        assert_eq!(new_group_key(" !! ", &[]), "groep");
    }
}

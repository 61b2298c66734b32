//! The handreiking's cycle, counted back and forth from the meeting (week 6):
//! agenda in week 1, to the burgemeester in week 2, input asked in week 3,
//! input closed before week 6, the meeting and its verslag in week 6,
//! agreements secured in week 8, the verslag to the commissaris van de
//! Koning in week 9.

use jiff::ToSpan;
use jiff::civil::Date;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub week: u8,
    pub what: &'static str,
    pub on: Date,
}

/// The steps of a round with this meeting date and closing date.
pub fn schedule(meeting: Date, input_closes: Date) -> Vec<Step> {
    let at = |days: i64| meeting.checked_add(days.days()).unwrap_or(meeting);
    vec![
        Step {
            week: 1,
            what: "De commissie stelt de agenda op",
            on: at(-35),
        },
        Step {
            week: 2,
            what: "De agenda gaat naar de burgemeester, die punten kan toevoegen",
            on: at(-28),
        },
        Step {
            week: 3,
            what: "De referenten krijgen de vragenlijst",
            on: at(-21),
        },
        Step {
            week: 5,
            what: "De vragenlijst sluit",
            on: input_closes,
        },
        Step {
            week: 6,
            what: "Het klankbordgesprek, en het verslag",
            on: meeting,
        },
        Step {
            week: 8,
            what: "De afspraken zijn vastgelegd",
            on: at(14),
        },
        Step {
            week: 9,
            what: "Het verslag gaat naar de commissaris van de Koning",
            on: at(21),
        },
    ]
}

/// The first step that is still to come (today included).
pub fn next_step(steps: &[Step], today: Date) -> Option<usize> {
    steps.iter().position(|s| s.on >= today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_cycle_runs_from_five_weeks_before_to_three_weeks_after_the_meeting() {
        let steps = schedule(date(2026, 12, 15), date(2026, 12, 4));
        assert_eq!(steps[0].on, date(2026, 11, 10));
        assert_eq!(steps[2].on, date(2026, 11, 24));
        assert_eq!(steps[3].on, date(2026, 12, 4));
        assert_eq!(steps[6].on, date(2027, 1, 5));
        assert_eq!(next_step(&steps, date(2026, 11, 25)), Some(3));
        assert_eq!(next_step(&steps, date(2027, 2, 1)), None);
    }
}

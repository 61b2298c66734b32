//! The handreiking's cycle, counted back and forth from the meeting (week 6):
//! agenda in week 1, to the burgemeester in week 2, input asked in week 3,
//! input closed before week 6, the meeting and its verslag in week 6,
//! agreements secured in week 8, the verslag to the commissaris van de
//! Koning in week 9.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use crate::domain::province::CdkStep;
use crate::domain::round::RoundState;

/// The week-9 step; its state comes from [`CdkStep`].
pub const CDK_STEP: &str = "Verslag naar de commissaris van de Koning";
/// The index of the week-9 step in [`schedule`].
pub const CDK: usize = 6;

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
            what: CDK_STEP,
            on: at(21),
        },
    ]
}

/// Where a round stands, from its state and the calendar: what every
/// screen (and the command line) says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Being prepared: nothing sent yet.
    Preparation,
    /// The questionnaire is open.
    Open,
    /// The questionnaire is closed; the klankbordgesprek is today or to come.
    Closed,
    /// The klankbordgesprek was held (its day has passed).
    MeetingHeld,
}

impl Stage {
    pub fn of(state: RoundState, today: Date, meeting: Date) -> Stage {
        match state {
            RoundState::Draft => Stage::Preparation,
            RoundState::Open => Stage::Open,
            RoundState::Closed if today > meeting => Stage::MeetingHeld,
            RoundState::Closed => Stage::Closed,
        }
    }

    /// The round's state in words, for the top of its page.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Preparation => "In voorbereiding",
            Stage::Open => "Vragenlijst open",
            Stage::Closed => "Vragenlijst gesloten",
            Stage::MeetingHeld => "Gesprek gehouden",
        }
    }
}

/// Indexes into [`schedule`].
const INVITE: usize = 2;
const CLOSE: usize = 3;
const MEETING: usize = 4;
const AFTER: usize = 5;

/// The step that comes next in this stage: before the invitations only the
/// preparation steps (the invitations themselves at the latest), while open
/// the closing, once closed the meeting, after it the follow-up by date
/// (`None` when the cycle is done).
pub fn next_step(steps: &[Step], stage: Stage, today: Date) -> Option<usize> {
    let first_to_come = |from: usize, to: usize| {
        (from..=to.min(steps.len().saturating_sub(1))).find(|&i| steps[i].on >= today)
    };
    match stage {
        Stage::Preparation => first_to_come(0, INVITE).or(Some(INVITE)),
        Stage::Open => Some(CLOSE),
        Stage::Closed => Some(MEETING),
        Stage::MeetingHeld => first_to_come(AFTER, steps.len()),
    }
    .filter(|&i| i < steps.len())
}

/// [`next_step`], with the real state of the week-9 step: after the
/// meeting, a verslag that is ready to send stays the next step after its
/// date, and a sent one is done (also before its date).
pub fn next_step_with_cdk(
    steps: &[Step],
    stage: Stage,
    today: Date,
    cdk: CdkStep,
) -> Option<usize> {
    let next = next_step(steps, stage, today);
    match (next, cdk) {
        (Some(CDK), c) if c.done() => None,
        (None, CdkStep::Ready) if stage == Stage::MeetingHeld && steps.len() > CDK => Some(CDK),
        _ => next,
    }
}

/// [`next_step_with_cdk`], with the verslag: from the meeting day until it
/// is vastgesteld, writing it (week 6, "het klankbordgesprek, en het
/// verslag") is the next step, whatever the calendar says.
pub fn next_step_with_verslag(
    steps: &[Step],
    stage: Stage,
    today: Date,
    cdk: CdkStep,
    verslag_due: bool,
) -> Option<usize> {
    if verslag_due && matches!(stage, Stage::Closed | Stage::MeetingHeld) && steps.len() > MEETING {
        return Some(MEETING);
    }
    next_step_with_cdk(steps, stage, today, cdk)
}

/// What can be said about the questionnaire's closing moment: when it
/// closes, or that it closed (on its planned moment, or earlier by hand).
/// `dutch::closing_sentence` says it in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closing {
    /// Still to come (also in preparation).
    At(Timestamp),
    /// The planned moment passed; the background task closes it within a minute.
    Due(Timestamp),
    /// Closed on its planned moment.
    ClosedOn(Timestamp),
    /// Closed by hand before its planned moment.
    ClosedEarly,
}

impl Closing {
    pub fn of(state: RoundState, closes_at: Timestamp, now: Timestamp) -> Closing {
        match state {
            RoundState::Closed if closes_at <= now => Closing::ClosedOn(closes_at),
            RoundState::Closed => Closing::ClosedEarly,
            RoundState::Open if closes_at <= now => Closing::Due(closes_at),
            _ => Closing::At(closes_at),
        }
    }
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
    }

    #[test]
    fn the_next_step_follows_the_stage_not_only_the_calendar() {
        let steps = schedule(date(2026, 12, 15), date(2026, 12, 4));
        let early = date(2026, 11, 1);
        assert_eq!(next_step(&steps, Stage::Preparation, early), Some(0));
        assert_eq!(
            next_step(&steps, Stage::Preparation, date(2026, 11, 12)),
            Some(1)
        );
        // Late with the invitations: they stay the next step.
        assert_eq!(
            next_step(&steps, Stage::Preparation, date(2026, 12, 1)),
            Some(2)
        );
        // Open: the closing, never the week-1 agenda.
        assert_eq!(next_step(&steps, Stage::Open, early), Some(3));
        assert_eq!(next_step(&steps, Stage::Closed, early), Some(4));
        assert_eq!(
            next_step(&steps, Stage::MeetingHeld, date(2026, 12, 16)),
            Some(5)
        );
        assert_eq!(
            next_step(&steps, Stage::MeetingHeld, date(2026, 12, 30)),
            Some(6)
        );
        assert_eq!(
            next_step(&steps, Stage::MeetingHeld, date(2027, 2, 1)),
            None
        );
    }

    #[test]
    fn the_week_nine_step_follows_the_verslag() {
        let steps = schedule(date(2026, 12, 15), date(2026, 12, 4));
        assert_eq!(steps[CDK].what, CDK_STEP);
        let late = date(2027, 2, 1);
        let held = Stage::MeetingHeld;
        // Ready but not sent: it stays the next step after its date.
        assert_eq!(
            next_step_with_cdk(&steps, held, late, CdkStep::Ready),
            Some(CDK)
        );
        assert_eq!(
            next_step_with_cdk(&steps, held, late, CdkStep::NotYet),
            None
        );
        // Sent: done, even before its date.
        let sent = CdkStep::Sent(date(2026, 12, 28));
        assert_eq!(
            next_step_with_cdk(&steps, held, date(2026, 12, 30), sent),
            None
        );
        assert_eq!(
            next_step_with_cdk(&steps, held, date(2026, 12, 16), sent),
            Some(5)
        );
    }

    #[test]
    fn the_verslag_is_next_until_it_is_vastgesteld() {
        let meeting = date(2026, 12, 15);
        let steps = schedule(meeting, date(2026, 12, 1));
        let late = date(2027, 2, 1);
        let held = Stage::MeetingHeld;
        assert_eq!(
            next_step_with_verslag(&steps, held, late, CdkStep::NotYet, true),
            Some(MEETING)
        );
        assert_eq!(
            next_step_with_verslag(&steps, Stage::Closed, meeting, CdkStep::NotYet, true),
            Some(MEETING)
        );
        assert_eq!(
            next_step_with_verslag(&steps, held, date(2026, 12, 16), CdkStep::NotYet, false),
            next_step_with_cdk(&steps, held, date(2026, 12, 16), CdkStep::NotYet)
        );
        assert_eq!(
            next_step_with_verslag(&steps, Stage::Open, late, CdkStep::NotYet, true),
            Some(CLOSE)
        );
    }

    #[test]
    fn the_stage_follows_state_and_meeting_day() {
        let meeting = date(2026, 12, 15);
        assert_eq!(
            Stage::of(RoundState::Closed, meeting, meeting),
            Stage::Closed
        );
        assert_eq!(
            Stage::of(RoundState::Closed, date(2026, 12, 16), meeting),
            Stage::MeetingHeld
        );
        assert_eq!(
            Stage::of(RoundState::Open, date(2026, 12, 16), meeting),
            Stage::Open
        );
    }

    #[test]
    fn a_closed_questionnaire_never_says_when_it_closes() {
        let at = Timestamp::from_second(1_800_000_000).unwrap();
        let later = Timestamp::from_second(1_800_000_100).unwrap();
        assert_eq!(Closing::of(RoundState::Open, later, at), Closing::At(later));
        assert_eq!(Closing::of(RoundState::Open, at, later), Closing::Due(at));
        assert_eq!(
            Closing::of(RoundState::Closed, at, later),
            Closing::ClosedOn(at)
        );
        assert_eq!(
            Closing::of(RoundState::Closed, later, at),
            Closing::ClosedEarly
        );
    }
}

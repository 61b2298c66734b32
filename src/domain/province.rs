//! The commissaris van de Koning (handreiking, stap 5): who of a province's
//! kabinet may see what, the planning rule between the two cycles of
//! gesprekken, and where the week-9 step (the verslag to the CdK) stands.
//! Pure: the service feeds in the facts.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::ids::ProvinceId;

/// The klankbordgesprek should be held at least this many days before the
/// CdK's next voortgangsgesprek with the same burgemeester ("uiterlijk acht
/// weken"), so the CdK can take the vastgesteld verslag into it.
pub const PLANNING_GAP_DAYS: i64 = 8 * 7;

/// Whether someone who is kabinet van de CdK in `kabinet_of` may open the
/// pages of `province`. The kabinet role is separate from every
/// municipality role: a griffier, burgemeester or raadslid gets nothing
/// here, and a kabinet member only their own province.
pub fn may_open_province(kabinet_of: &[ProvinceId], province: ProvinceId) -> bool {
    kabinet_of.contains(&province)
}

/// The planning warning: the CdK's next voortgangsgesprek (on or after the
/// klankbordgesprek) comes less than eight weeks after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanningWarning {
    /// The CdK's next voortgangsgesprek.
    pub cdk_on: Date,
    /// Whole days between the klankbordgesprek and that voortgangsgesprek.
    pub days_between: i64,
}

/// The warning for a klankbordgesprek on `meeting_on`, given the dates of
/// the CdK's voortgangsgesprekken with the same burgemeester; `None` when
/// the next one is eight weeks or more away, or there is none to come.
pub fn planning_warning(meeting_on: Date, cdk_dates: &[Date]) -> Option<PlanningWarning> {
    let next = cdk_dates
        .iter()
        .copied()
        .filter(|d| *d >= meeting_on)
        .min()?;
    // A span between two civil dates is in whole days by default.
    let days_between = i64::from(meeting_on.until(next).ok()?.get_days());
    (days_between < PLANNING_GAP_DAYS).then_some(PlanningWarning {
        cdk_on: next,
        days_between,
    })
}

/// The latest day a klankbordgesprek may be held for a CdK gesprek on
/// `cdk_on` (eight weeks before it).
pub fn latest_meeting_for(cdk_on: Date) -> Date {
    cdk_on
        .checked_sub(PLANNING_GAP_DAYS.days())
        .unwrap_or(cdk_on)
}

/// Where the week-9 step (the verslag to the commissaris van de Koning) stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CdkStep {
    /// The municipality belongs to no province in Klankbord yet.
    NoProvince,
    /// There is no vastgesteld verslag yet.
    NotYet,
    /// The verslag is vastgesteld and can be sent.
    Ready,
    /// Sent on this day (in Amsterdam).
    Sent(Date),
}

impl CdkStep {
    /// From the facts: whether the round's current verslag is vastgesteld,
    /// whether the municipality belongs to a province, and when it was sent.
    pub fn of(adopted: bool, has_province: bool, sent_on: Option<Date>) -> CdkStep {
        match (sent_on, adopted, has_province) {
            (Some(day), _, _) => CdkStep::Sent(day),
            (None, _, false) => CdkStep::NoProvince,
            (None, false, true) => CdkStep::NotYet,
            (None, true, true) => CdkStep::Ready,
        }
    }

    /// The state in words (the date of a sent verslag is added by the view).
    pub fn label(self) -> &'static str {
        match self {
            CdkStep::NoProvince => {
                "nog niet mogelijk: de gemeente hoort in Klankbord nog niet bij een provincie"
            }
            CdkStep::NotYet => "nog niet mogelijk: het verslag is nog niet vastgesteld",
            CdkStep::Ready => "verslag vastgesteld, klaar om te versturen",
            CdkStep::Sent(_) => "verstuurd",
        }
    }

    /// Whether the step is done.
    pub fn done(self) -> bool {
        matches!(self, CdkStep::Sent(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn only_the_kabinet_of_the_province_opens_it() {
        let (a, b) = (ProvinceId::random(), ProvinceId::random());
        assert!(may_open_province(&[a], a));
        assert!(may_open_province(&[b, a], a));
        assert!(!may_open_province(&[b], a));
        assert!(!may_open_province(&[], a));
    }

    #[test]
    fn a_gesprek_less_than_eight_weeks_before_the_next_cdk_gesprek_is_warned() {
        let meeting = date(2027, 3, 1);
        // Exactly eight weeks: fine.
        assert_eq!(planning_warning(meeting, &[date(2027, 4, 26)]), None);
        // One day less: warned, with the date and the gap.
        assert_eq!(
            planning_warning(meeting, &[date(2027, 4, 25)]),
            Some(PlanningWarning {
                cdk_on: date(2027, 4, 25),
                days_between: 55
            })
        );
        // The same day counts as too close.
        assert_eq!(
            planning_warning(meeting, &[meeting]).map(|w| w.days_between),
            Some(0)
        );
    }

    #[test]
    fn only_the_next_cdk_gesprek_counts() {
        let meeting = date(2027, 3, 1);
        // An earlier gesprek is history; the next one is far enough.
        assert_eq!(
            planning_warning(meeting, &[date(2027, 2, 20), date(2027, 9, 1)]),
            None
        );
        // The nearest to come decides, whatever the order.
        assert_eq!(
            planning_warning(meeting, &[date(2027, 9, 1), date(2027, 3, 15)]).map(|w| w.cdk_on),
            Some(date(2027, 3, 15))
        );
        assert_eq!(planning_warning(meeting, &[]), None);
        assert_eq!(latest_meeting_for(date(2027, 4, 26)), meeting);
    }

    #[test]
    fn the_week_nine_step_follows_the_facts() {
        let day = date(2027, 3, 20);
        assert_eq!(CdkStep::of(false, false, None), CdkStep::NoProvince);
        assert_eq!(CdkStep::of(true, false, None), CdkStep::NoProvince);
        assert_eq!(CdkStep::of(false, true, None), CdkStep::NotYet);
        assert_eq!(CdkStep::of(true, true, None), CdkStep::Ready);
        assert_eq!(CdkStep::of(true, true, Some(day)), CdkStep::Sent(day));
        assert!(CdkStep::Sent(day).done() && !CdkStep::Ready.done());
    }
}

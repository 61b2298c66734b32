//! The demo: a municipality, a mayor, an open round with twenty raters whose
//! invitations are in the outbox, and a closed earlier round with varied
//! answers and published results, so a newcomer can try everything at once.
//! The earlier round is the midterm review of about a year ago, made with
//! the clock of then, so its meeting (and its agreements) lie in the past.
//! Closing days and meetings fall on working days outside the Christmas and
//! summer holidays, the way a griffier would plan them.

use std::sync::Arc;

use jiff::civil::{Date, Weekday};
use jiff::{SignedDuration, ToSpan};

use crate::domain::audit::System;
use crate::domain::email::EmailAddress;
use crate::domain::group::DefaultGroup;
use crate::domain::holidays::is_working_day;
use crate::domain::ids::RoundId;
use crate::domain::invitation::InvitationStatus;
use crate::domain::round::{MinGroupSize, RoundDates, RoundKind, RoundState, amsterdam};
use crate::domain::sharing::SharingMode;
use crate::domain::text::{PersonName, PlaceName};
use crate::service::setup::{NewMunicipality, NewRound};
use crate::service::{Klankbord, ServiceError};
use crate::store::{invitations, municipalities};

pub const DEMO_MUNICIPALITY: &str = "Voorbeeldrecht";

/// About how long ago the earlier round (the midterm review) opened.
const EARLIER_DAYS_AGO: i64 = 364;

/// How far the demo looks for a fitting day.
const SEARCH_DAYS: i64 = 70;

/// When most councils are in recess: the Christmas holidays and the summer.
fn in_recess(day: Date) -> bool {
    matches!(
        (day.month(), day.day()),
        (12, 20..) | (1, ..=4) | (7, 15..) | (8, ..=25)
    )
}

/// A day a griffier would plan a closing day or a meeting on.
fn plannable(day: Date) -> bool {
    is_working_day(day) && !in_recess(day)
}

/// The first plannable `weekday` from `from` on (or, failing that, the first
/// plannable day; or `from` itself).
fn first_plannable(from: Date, weekday: Weekday) -> Date {
    let days = || (0..SEARCH_DAYS).filter_map(|n| from.checked_add(n.days()).ok());
    days()
        .find(|d| d.weekday() == weekday && plannable(*d))
        .or_else(|| days().find(|d| plannable(*d)))
        .unwrap_or(from)
}

/// The last plannable day on or before `day` (or `day` itself).
pub(crate) fn last_plannable(day: Date) -> Date {
    (0..SEARCH_DAYS)
        .filter_map(|n| day.checked_sub(n.days()).ok())
        .find(|d| plannable(*d))
        .unwrap_or(day)
}

/// A round's (closing day, meeting day) when it opens on `opens`: input
/// closes on a Friday at least three weeks later, the meeting is on the
/// Tuesday at least 1.5 weeks after that.
pub(crate) fn demo_dates(opens: Date) -> Result<(Date, Date), ServiceError> {
    let closes = first_plannable(
        opens.checked_add(21.days()).map_err(parse_err)?,
        Weekday::Friday,
    );
    let meeting = first_plannable(
        closes.checked_add(11.days()).map_err(parse_err)?,
        Weekday::Tuesday,
    );
    Ok((closes, meeting))
}

/// Whole days from `earlier` to `later`.
pub(crate) fn days_between(earlier: Date, later: Date) -> i64 {
    i64::from((later - earlier).get_days())
}

/// (name, group, domain of the e-mail address).
const RATERS: &[(&str, DefaultGroup, &str)] = &[
    (
        "Fatima el Amrani",
        DefaultGroup::Council,
        "raad.voorbeeldrecht.example",
    ),
    (
        "Kees Brouwer",
        DefaultGroup::Council,
        "raad.voorbeeldrecht.example",
    ),
    (
        "Ingrid Mulder",
        DefaultGroup::Council,
        "raad.voorbeeldrecht.example",
    ),
    (
        "Sander de Boer",
        DefaultGroup::Council,
        "raad.voorbeeldrecht.example",
    ),
    (
        "Ayse Yilmaz",
        DefaultGroup::Council,
        "raad.voorbeeldrecht.example",
    ),
    (
        "Willem Visser",
        DefaultGroup::Council,
        "raad.voorbeeldrecht.example",
    ),
    (
        "Marloes Hendriks",
        DefaultGroup::Executive,
        "voorbeeldrecht.example",
    ),
    (
        "Ruud van Leeuwen",
        DefaultGroup::Executive,
        "voorbeeldrecht.example",
    ),
    (
        "Priya Ramdin",
        DefaultGroup::Executive,
        "voorbeeldrecht.example",
    ),
    (
        "Thomas Bos",
        DefaultGroup::Executive,
        "voorbeeldrecht.example",
    ),
    (
        "Linda Kok",
        DefaultGroup::CivilService,
        "voorbeeldrecht.example",
    ),
    (
        "Johan Smits",
        DefaultGroup::CivilService,
        "voorbeeldrecht.example",
    ),
    (
        "Esther Peters",
        DefaultGroup::CivilService,
        "voorbeeldrecht.example",
    ),
    (
        "Daan Jacobs",
        DefaultGroup::CivilService,
        "voorbeeldrecht.example",
    ),
    (
        "Hanneke de Wit",
        DefaultGroup::SafetyPartners,
        "politie.example",
    ),
    (
        "Mohamed Bakkali",
        DefaultGroup::SafetyPartners,
        "politie.example",
    ),
    (
        "Gerrit Dekker",
        DefaultGroup::SafetyPartners,
        "veiligheidsregio.example",
    ),
    (
        "Yvonne Meijer",
        DefaultGroup::ExternalPartners,
        "woonstichting.example",
    ),
    (
        "Bart Schouten",
        DefaultGroup::ExternalPartners,
        "ondernemersvereniging.example",
    ),
    (
        "Nicole Vermeulen",
        DefaultGroup::ExternalPartners,
        "zorggroep.example",
    ),
];

/// More referenten in the earlier round, so that most groups are shown by name.
const EXTRA_RATERS: &[(&str, DefaultGroup, &str)] = &[
    (
        "Joost Verbeek",
        DefaultGroup::Council,
        "raad.voorbeeldrecht.example",
    ),
    (
        "Sanne Koster",
        DefaultGroup::Council,
        "raad.voorbeeldrecht.example",
    ),
    (
        "Rik Timmermans",
        DefaultGroup::Executive,
        "voorbeeldrecht.example",
    ),
    (
        "Mirjam Post",
        DefaultGroup::CivilService,
        "voorbeeldrecht.example",
    ),
    (
        "Erik Lammers",
        DefaultGroup::CivilService,
        "voorbeeldrecht.example",
    ),
    ("Saskia Bosman", DefaultGroup::SafetyPartners, "om.example"),
    (
        "Harm Kuipers",
        DefaultGroup::SafetyPartners,
        "veiligheidsregio.example",
    ),
    (
        "Lotte Wolters",
        DefaultGroup::ExternalPartners,
        "roc.example",
    ),
];

#[derive(Debug)]
pub struct DemoReport {
    pub created: bool,
    /// The open round with invitations in the outbox.
    pub round: RoundId,
    /// The closed round with published results.
    pub closed_round: Option<RoundId>,
    pub municipality: String,
    /// (rater name, group name, link) for raters who can still answer.
    pub open_links: Vec<(String, String, String)>,
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '.' })
        .collect::<String>()
        .split('.')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// The demo raters as the CSV a griffier would import.
pub(crate) fn raters_csv<'a>(
    raters: impl Iterator<Item = &'a (&'a str, DefaultGroup, &'a str)>,
) -> String {
    let mut csv = String::from("naam,email,groep\n");
    for (name, group, domain) in raters {
        csv.push_str(&format!("{name},{}@{domain},{}\n", slug(name), group.key()));
    }
    csv
}

fn parse_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(e.to_string())
}

impl Klankbord {
    /// This installation with its clock `days` back, for what happened then.
    pub(crate) fn days_ago(&self, days: i64) -> Klankbord {
        let clock = self.clock.clone();
        let back = SignedDuration::from_hours(24 * days);
        Klankbord {
            clock: Arc::new(move || {
                let now = clock();
                now.checked_sub(back).unwrap_or(now)
            }),
            ..self.clone()
        }
    }

    /// Creates the demo once (later calls find it) and queues its invitations.
    pub fn demo(&self) -> Result<DemoReport, ServiceError> {
        let existing = {
            let mut conn = self.conn()?;
            municipalities::find_municipality_by_name(&mut conn, DEMO_MUNICIPALITY)?
        };
        let created = existing.is_none();
        if created {
            self.create_demo()?;
        }
        // Again for a demo made before an account was added: finds the rest.
        self.create_demo_staff()?;
        let rounds = self
            .list_rounds()?
            .into_iter()
            .filter(|r| r.municipality == DEMO_MUNICIPALITY);
        let (mut round, mut closed_round) = (None, None);
        for r in rounds {
            match r.state {
                RoundState::Closed => closed_round = closed_round.or(Some(r.id)),
                _ => round = round.or(Some(r.id)),
            }
        }
        let round = round.ok_or_else(|| {
            ServiceError::NotFound("De demogemeente heeft geen open ronde.".into())
        })?;
        Ok(DemoReport {
            created,
            round,
            closed_round,
            municipality: DEMO_MUNICIPALITY.into(),
            open_links: self.demo_links(round)?,
        })
    }

    fn create_demo(&self) -> Result<RoundId, ServiceError> {
        let municipality = self.create_municipality(
            System::Demo,
            NewMunicipality {
                name: PlaceName::parse(DEMO_MUNICIPALITY).map_err(parse_err)?,
                clerk_name: PersonName::parse("Petra Bakker").map_err(parse_err)?,
                clerk_email: EmailAddress::parse("griffie@voorbeeldrecht.example")
                    .map_err(parse_err)?,
            },
        )?;
        let mayor = self.create_mayor(
            System::Demo,
            municipality,
            PersonName::parse("Marieke Smit").map_err(parse_err)?,
            EmailAddress::parse("burgemeester@voorbeeldrecht.example").map_err(parse_err)?,
        )?;
        let people = self.create_demo_staff()?;
        // First the earlier round: the midterm review, about a year ago,
        // opened on a plannable day. Answered, the burgemeester's
        // reflection, closed by the griffier on its closing day; the
        // agreements recorded a few days after its meeting.
        let today = self.now().to_zoned(amsterdam()).date();
        let opened = last_plannable(
            today
                .checked_sub(EARLIER_DAYS_AGO.days())
                .map_err(parse_err)?,
        );
        let (earlier_closes, earlier_meeting) = demo_dates(opened)?;
        let then = self.days_ago(days_between(opened, today));
        let earlier = then
            .create_round(
                System::Demo,
                NewRound {
                    municipality,
                    mayor: None,
                    kind: RoundKind::Midterm,
                    dates: RoundDates::new(opened, earlier_closes, earlier_meeting)
                        .map_err(parse_err)?,
                    min_group_size: MinGroupSize::DEFAULT,
                    sharing: SharingMode::AlsoMayor,
                },
            )?
            .into_result()?;
        then.import_raters(
            System::Demo,
            earlier,
            raters_csv(RATERS.iter().chain(EXTRA_RATERS)).as_bytes(),
        )?;
        then.send_invitations(System::Demo, earlier)?;
        then.demo_answers(earlier)?;
        then.demo_self_assessment(earlier)?;
        then.demo_reflection(earlier, people.mayor)?;
        self.days_ago(days_between(earlier_closes, today))
            .close_round(System::Demo, earlier)?;
        let recorded = earlier_meeting.checked_add(3.days()).map_err(parse_err)?;
        self.days_ago(days_between(recorded, today))
            .demo_agreements(earlier, people.clerk, today)?;
        self.demo_agreement_progress(earlier, people.clerk)?;
        // Steps 4 and 5 of the earlier round: the province and its kabinet,
        // the verslag vastgesteld and sent to the commissaris van de Koning.
        let (province, kabinet) = self.demo_province(municipality)?;
        self.demo_verslag(earlier, &people, earlier_meeting, today)?;
        // A second municipality in the province, whose verslag is a concept
        // with a comment (the state between writing and signing).
        self.demo_second_municipality(province, today)?;

        // Then the open round, from today: the regular conversation a year
        // after the midterm review.
        let (closes, meeting) = demo_dates(today)?;
        let round = self
            .create_round(
                System::Demo,
                NewRound {
                    municipality,
                    mayor: None,
                    kind: RoundKind::Regular,
                    dates: RoundDates::new(today, closes, meeting).map_err(parse_err)?,
                    min_group_size: MinGroupSize::DEFAULT,
                    sharing: SharingMode::AlsoMayor,
                },
            )?
            .into_result()?;
        self.import_raters(System::Demo, round, raters_csv(RATERS.iter()).as_bytes())?;
        self.send_invitations(System::Demo, round)?;
        self.demo_nominations(round, &people)?;
        self.demo_agenda(round, &people)?;
        // The kabinet's voortgangsgesprekken: a month after the earlier
        // gesprek, and six weeks after the open round's meeting (the round
        // page warns: less than the eight weeks the handreiking advises).
        self.demo_cdk_meetings(
            province,
            kabinet,
            mayor.to_string(),
            [
                earlier_meeting.checked_add(30.days()).map_err(parse_err)?,
                meeting.checked_add(42.days()).map_err(parse_err)?,
            ],
        )?;
        Ok(round)
    }

    /// The links of the demo round's raters who can still answer. Only for
    /// the demo municipality: real links exist only in the mails.
    fn demo_links(&self, round: RoundId) -> Result<Vec<(String, String, String)>, ServiceError> {
        let mut conn = self.conn()?;
        let info = crate::service::round_info::load(&mut conn, round)?;
        if info.municipality != DEMO_MUNICIPALITY {
            return Err(ServiceError::Conflict("Alleen de demo toont links.".into()));
        }
        let mut links = Vec::new();
        for id in invitations::ids_with_status(&mut conn, round, InvitationStatus::Invited)? {
            let inv = invitations::for_mail(&mut conn, id)?;
            let link = self.link_for(&self.token_from_seed(&inv.token_seed)?);
            links.push((inv.rater_name, inv.group_name, link));
        }
        links.sort();
        Ok(links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_round_opened_in_december_closes_and_meets_after_the_christmas_holidays() {
        // Three weeks after 7 December is New Year's Day, a Friday.
        let (closes, meeting) = demo_dates(date(2026, 12, 7)).unwrap();
        assert_eq!(closes, date(2027, 1, 8));
        assert_eq!(meeting, date(2027, 1, 19));
    }

    #[test]
    fn closing_days_and_meetings_are_plannable_whatever_the_day_the_demo_runs() {
        let mut opens = date(2026, 1, 1);
        for _ in 0..(3 * 366) {
            let (closes, meeting) = demo_dates(opens).unwrap();
            for day in [closes, meeting] {
                assert!(is_working_day(day) && !in_recess(day), "{opens}: {day}");
            }
            assert!(days_between(opens, closes) >= 21, "{opens}");
            assert!(days_between(closes, meeting) >= 11, "{opens}");
            assert!(days_between(opens, meeting) <= 80, "{opens}");
            let earlier = last_plannable(opens);
            assert!(plannable(earlier) && earlier <= opens, "{opens}");
            opens = opens.tomorrow().unwrap();
        }
    }

    #[test]
    fn recess_is_christmas_and_summer() {
        for day in [
            date(2026, 12, 20),
            date(2027, 1, 4),
            date(2027, 7, 20),
            date(2027, 8, 25),
        ] {
            assert!(in_recess(day), "{day}");
        }
        for day in [
            date(2026, 12, 18),
            date(2027, 1, 5),
            date(2027, 7, 14),
            date(2027, 8, 26),
        ] {
            assert!(!in_recess(day), "{day}");
        }
    }
}

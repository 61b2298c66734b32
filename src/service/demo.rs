//! The demo: a municipality, a mayor, an open round with twenty raters whose
//! invitations are in the outbox, and a closed earlier round with varied
//! answers and published results, so a newcomer can try everything at once.
//! The earlier round is made with the clock of seven weeks ago, so its
//! meeting (and its agreements) lie in the past.

use std::sync::Arc;

use jiff::civil::Weekday;
use jiff::{SignedDuration, ToSpan};

use crate::domain::audit::System;
use crate::domain::email::EmailAddress;
use crate::domain::group::DefaultGroup;
use crate::domain::ids::RoundId;
use crate::domain::invitation::InvitationStatus;
use crate::domain::round::{MinGroupSize, RoundDates, RoundKind, RoundState, amsterdam};
use crate::domain::sharing::SharingMode;
use crate::domain::text::{PersonName, PlaceName};
use crate::service::setup::{NewMunicipality, NewRound};
use crate::service::{Klankbord, ServiceError};
use crate::store::{invitations, municipalities};

pub const DEMO_MUNICIPALITY: &str = "Voorbeeldrecht";

/// How long ago the earlier round opened.
const EARLIER_DAYS_AGO: i64 = 49;

const RATERS: &[(&str, DefaultGroup)] = &[
    ("Fatima el Amrani", DefaultGroup::Council),
    ("Kees Brouwer", DefaultGroup::Council),
    ("Ingrid Mulder", DefaultGroup::Council),
    ("Sander de Boer", DefaultGroup::Council),
    ("Ayse Yilmaz", DefaultGroup::Council),
    ("Willem Visser", DefaultGroup::Council),
    ("Marloes Hendriks", DefaultGroup::Executive),
    ("Ruud van Leeuwen", DefaultGroup::Executive),
    ("Priya Ramdin", DefaultGroup::Executive),
    ("Thomas Bos", DefaultGroup::Executive),
    ("Linda Kok", DefaultGroup::CivilService),
    ("Johan Smits", DefaultGroup::CivilService),
    ("Esther Peters", DefaultGroup::CivilService),
    ("Daan Jacobs", DefaultGroup::CivilService),
    ("Hanneke de Wit", DefaultGroup::SafetyPartners),
    ("Mohamed Bakkali", DefaultGroup::SafetyPartners),
    ("Gerrit Dekker", DefaultGroup::SafetyPartners),
    ("Yvonne Meijer", DefaultGroup::ExternalPartners),
    ("Bart Schouten", DefaultGroup::ExternalPartners),
    ("Nicole Vermeulen", DefaultGroup::ExternalPartners),
];

/// More referenten in the earlier round, so that most groups are shown by name.
const EXTRA_RATERS: &[(&str, DefaultGroup)] = &[
    ("Joost Verbeek", DefaultGroup::Council),
    ("Sanne Koster", DefaultGroup::Council),
    ("Rik Timmermans", DefaultGroup::Executive),
    ("Mirjam Post", DefaultGroup::CivilService),
    ("Erik Lammers", DefaultGroup::CivilService),
    ("Saskia Bosman", DefaultGroup::SafetyPartners),
    ("Harm Kuipers", DefaultGroup::SafetyPartners),
    ("Lotte Wolters", DefaultGroup::ExternalPartners),
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
fn raters_csv<'a>(raters: impl Iterator<Item = &'a (&'a str, DefaultGroup)>) -> String {
    let mut csv = String::from("naam,email,groep\n");
    for (name, group) in raters {
        csv.push_str(&format!(
            "{name},{}@voorbeeldrecht.example,{}\n",
            slug(name),
            group.key()
        ));
    }
    csv
}

fn parse_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(e.to_string())
}

impl Klankbord {
    /// This installation with its clock `days` back, for what happened then.
    fn days_ago(&self, days: i64) -> Klankbord {
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
        self.create_mayor(
            System::Demo,
            municipality,
            PersonName::parse("Marieke Smit").map_err(parse_err)?,
            EmailAddress::parse("burgemeester@voorbeeldrecht.example").map_err(parse_err)?,
        )?;
        let people = self.create_demo_staff()?;
        // First the earlier round (midterm), seven weeks ago: answered, the
        // burgemeester's reflection, closed early so its results are
        // published; its meeting was four days after closing.
        let then = self.days_ago(EARLIER_DAYS_AGO);
        let opened = then.now().to_zoned(amsterdam()).date();
        let earlier_closes = opened.nth_weekday(1, Weekday::Friday).map_err(parse_err)?;
        let earlier = then
            .create_round(
                System::Demo,
                NewRound {
                    municipality,
                    mayor: None,
                    kind: RoundKind::Midterm,
                    dates: RoundDates::new(
                        opened,
                        earlier_closes,
                        earlier_closes.checked_add(4.days()).map_err(parse_err)?,
                    )
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
        then.close_round(System::Demo, earlier)?;
        self.demo_agreements(earlier, people.clerk)?;

        // Then the open round: input closes on a Friday three weeks out;
        // the meeting is on the Tuesday 1.5 weeks later.
        let today = self.now().to_zoned(amsterdam()).date();
        let closes = today
            .checked_add(21.days())
            .and_then(|d| d.nth_weekday(1, Weekday::Friday))
            .map_err(parse_err)?;
        let meeting = closes.checked_add(11.days()).map_err(parse_err)?;
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

//! The demo's second municipality, Voorbeeldveen, in the same province as
//! Voorbeeldrecht. Its klankbordgesprek was a few weeks ago; its verslag is
//! a concept the griffier shared, with a comment of the voorzitter that
//! waits to be processed. So a newcomer sees the verslag between writing
//! and signing too: Voorbeeldrecht's open round has its meeting ahead, and
//! its earlier round's verslag is vastgesteld.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::audit::System;
use crate::domain::email::EmailAddress;
use crate::domain::group::DefaultGroup;
use crate::domain::ids::{ProvinceId, RoundId};
use crate::domain::round::{MinGroupSize, RoundDates, RoundKind};
use crate::domain::sharing::SharingMode;
use crate::domain::staff::Role;
use crate::domain::text::{PersonName, PlaceName};
use crate::service::demo::{days_between, demo_dates, last_plannable, raters_csv};
use crate::service::setup::{NewMunicipality, NewRound};
use crate::service::verslag::VerslagEdit;
use crate::service::{Klankbord, ServiceError};

pub const DEMO_SECOND_MUNICIPALITY: &str = "Voorbeeldveen";

/// (e-mail, name, role) of the demo's staff in Voorbeeldveen.
pub const DEMO_SECOND_STAFF: &[(&str, &str, Role)] = &[
    (
        "griffie@voorbeeldveen.example",
        "Joost Hendriks",
        Role::Clerk,
    ),
    (
        "voorzitter@voorbeeldveen.example",
        "Anouk de Vries",
        Role::Chair,
    ),
    (
        "burgemeester@voorbeeldveen.example",
        "Hans Kuipers",
        Role::Mayor,
    ),
];

/// Voorbeeldveen's referenten: (name, group, domain of the e-mail address).
const RATERS: &[(&str, DefaultGroup, &str)] = &[
    (
        "Lotte Bos",
        DefaultGroup::Council,
        "raad.voorbeeldveen.example",
    ),
    (
        "Ahmed Bakkali",
        DefaultGroup::Council,
        "raad.voorbeeldveen.example",
    ),
    (
        "Wim Koster",
        DefaultGroup::Council,
        "raad.voorbeeldveen.example",
    ),
    (
        "Els van Dam",
        DefaultGroup::Council,
        "raad.voorbeeldveen.example",
    ),
    (
        "Marco Prins",
        DefaultGroup::Executive,
        "voorbeeldveen.example",
    ),
    (
        "Naima Ouali",
        DefaultGroup::Executive,
        "voorbeeldveen.example",
    ),
    (
        "Geert Smits",
        DefaultGroup::Executive,
        "voorbeeldveen.example",
    ),
    (
        "Sandra Vos",
        DefaultGroup::CivilService,
        "voorbeeldveen.example",
    ),
    (
        "Tim Dekker",
        DefaultGroup::CivilService,
        "voorbeeldveen.example",
    ),
    (
        "Iris Maas",
        DefaultGroup::CivilService,
        "voorbeeldveen.example",
    ),
    (
        "Rik Willems",
        DefaultGroup::SafetyPartners,
        "politie.example",
    ),
    ("Mirjam Kok", DefaultGroup::SafetyPartners, "om.example"),
    (
        "Bas Peters",
        DefaultGroup::SafetyPartners,
        "vrvoorbeeld.example",
    ),
];

/// The concept's text per heading (the agreements heading, the sixth, is
/// filled from the agreements: none were recorded).
const TEXT: [&str; 5] = [
    "Dit is het eerste klankbordgesprek met burgemeester Kuipers na zijn eerste jaar. Er waren nog geen eerdere afspraken.",
    "De referenten waarderen de rust die de burgemeester brengt in de samenwerking met de politie. Zij vragen om meer zichtbaarheid bij bewonersavonden.\n\nDe burgemeester herkent dat en wil in het voorjaar de kernen langsgaan.",
    "De burgemeester vraagt de raad om vroeger in het jaar de kaders voor de begroting mee te geven.",
    "Voor de komende jaren noemen commissie en burgemeester de herindeling met de buurgemeente en de opvang van statushouders.",
    "De burgemeester is sinds de zomer ook voorzitter van het regionale veiligheidsoverleg. Dat vraagt een dag per week; de commissie vraagt hem de raad daarover twee keer per jaar bij te praten.",
];

/// The voorzitter's comment on the concept's second heading.
const COMMENT: &str =
    "Kunnen we ook opnemen dat de raad zelf de bewonersavonden wil helpen organiseren?";

fn parse_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(e.to_string())
}

/// The rounds' dates: opened a while back so that the meeting lies at
/// least eight days behind `today` (the verslag was written and shared
/// since), on plannable days whatever day the demo runs.
fn past_dates(today: Date) -> Result<(Date, Date, Date), ServiceError> {
    for weeks_ago in 8..30_i64 {
        let opened = last_plannable(
            today
                .checked_sub((weeks_ago * 7).days())
                .map_err(parse_err)?,
        );
        let (closes, meeting) = demo_dates(opened)?;
        if days_between(meeting, today) >= 8 {
            return Ok((opened, closes, meeting));
        }
    }
    Err(ServiceError::Conflict(
        "demo: no past meeting day for Voorbeeldveen".into(),
    ))
}

impl Klankbord {
    /// Voorbeeldveen with its griffier, voorzitter and burgemeester (demo
    /// accounts), in the demo province; its round closed with answers, the
    /// gesprek held, and the verslag a concept with the voorzitter's
    /// comment.
    pub(crate) fn demo_second_municipality(
        &self,
        province: ProvinceId,
        today: Date,
    ) -> Result<RoundId, ServiceError> {
        let (clerk_email, clerk_name, _) = DEMO_SECOND_STAFF[0];
        let municipality = self.create_municipality(
            System::Demo,
            NewMunicipality {
                name: PlaceName::parse(DEMO_SECOND_MUNICIPALITY).map_err(parse_err)?,
                clerk_name: PersonName::parse(clerk_name).map_err(parse_err)?,
                clerk_email: EmailAddress::parse(clerk_email).map_err(parse_err)?,
            },
        )?;
        let (mayor_email, mayor_name, _) = DEMO_SECOND_STAFF[2];
        self.create_mayor(
            System::Demo,
            municipality,
            PersonName::parse(mayor_name).map_err(parse_err)?,
            EmailAddress::parse(mayor_email).map_err(parse_err)?,
        )?;
        let of = self.demo_members(DEMO_SECOND_STAFF, municipality)?;
        let (clerk, chair) = (of(Role::Clerk)?, of(Role::Chair)?);
        self.link_municipality_to_province(System::Demo, province, municipality)?;

        let (opened, closes, meeting) = past_dates(today)?;
        let then = self.days_ago(days_between(opened, today));
        let round = then
            .create_round(
                System::Demo,
                NewRound {
                    municipality,
                    mayor: None,
                    kind: RoundKind::FirstYear,
                    dates: RoundDates::new(opened, closes, meeting).map_err(parse_err)?,
                    min_group_size: MinGroupSize::DEFAULT,
                    sharing: SharingMode::DelegationOnly,
                },
            )?
            .into_result()?;
        let csv = raters_csv(RATERS.iter());
        then.import_raters(System::Demo, round, csv.as_bytes())?;
        then.send_invitations(System::Demo, round)?;
        then.demo_answers(round)?;
        self.days_ago(days_between(closes, today))
            .close_round(System::Demo, round)?;

        // The verslag: written two days after the gesprek, shared on the
        // fourth, commented on by the voorzitter on the sixth.
        let on = |days: i64| -> Result<Klankbord, ServiceError> {
            let day = meeting.checked_add(days.days()).map_err(parse_err)?;
            Ok(self.days_ago(days_between(day, today)))
        };
        let writing = on(2)?;
        writing.start_verslag(clerk, round)?;
        for (position, text) in TEXT.iter().enumerate() {
            let position = i32::try_from(position).map_err(parse_err)?;
            if writing.save_verslag_section(clerk, round, position, text, false)?
                != VerslagEdit::Done
            {
                return Err(ServiceError::Conflict("demo: a section was refused".into()));
            }
        }
        on(4)?.share_verslag_concept(clerk, round)?;
        if on(6)?.comment_on_verslag(chair, round, Some(1), COMMENT, true)? != VerslagEdit::Done {
            return Err(ServiceError::Conflict(
                "demo: the comment was refused".into(),
            ));
        }
        Ok(round)
    }
}

//! The demo's staff content, made with the same use cases the screens use:
//! voordrachten and agenda items in the open round; the burgemeester's
//! reflection on the council and two agreements in the earlier round, which
//! the open round (same burgemeester, created after it) shows as the
//! agreements of the previous conversation.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::agreement::{AgreementForm, AgreementStatus};
use crate::domain::council_reflection::CouncilTopic;
use crate::domain::group::DefaultGroup;
use crate::domain::ids::{RoundId, StaffId};
use crate::domain::nomination::{NewNomination, Reason};
use crate::service::demo_staff::DemoPeople;
use crate::service::meeting::{AgendaChange, Edit, ReflectionOutcome};
use crate::service::nominations::Nominated;
use crate::service::{Klankbord, ServiceError};

/// Why the commissie declined a voordracht (the burgemeester reads it).
pub const DEMO_DECLINE_REASON: &str = "De gemeenteraad heeft al zes referenten uit alle fracties; een zevende raadslid voegt weinig toe.";

/// (name, group, reason) of the voordrachten in the open round.
const NOMINATIONS: [(&str, DefaultGroup, &str); 3] = [
    (
        "Anouk de Graaf",
        DefaultGroup::CivilService,
        "Werkt als gemeentesecretaris dagelijks met de burgemeester samen.",
    ),
    (
        "Pieter Hoekstra",
        DefaultGroup::ExternalPartners,
        "Directeur van de woningcorporatie; kent de burgemeester uit het wijkenoverleg.",
    ),
    (
        "Jeroen Vos",
        DefaultGroup::Council,
        "Is sinds dit jaar raadslid en maakte de burgemeester mee in de commissie Bestuur.",
    ),
];

/// The agenda of the open round: (from the commissie, from the burgemeester).
pub const DEMO_AGENDA: [&str; 2] = [
    "Hoe houdt de burgemeester de raad eerder op de hoogte bij besluiten over de openbare orde?",
    "Mijn rol in de veiligheidsregio en wat de raad daarvan merkt.",
];

/// The agreements of the earlier round: (what, responsible, monitor, days
/// from today until due, status, note).
const AGREEMENTS: [(&str, &str, &str, i64, AgreementStatus, &str); 2] = [
    (
        "De burgemeester informeert de raad binnen een week na een besluit over de openbare orde.",
        "Burgemeester",
        "Voorzitter klankbordcommissie",
        30,
        AgreementStatus::InProgress,
        "Twee keer gedaan; een vaste vorm volgt.",
    ),
    (
        "De burgemeester bezoekt elk kwartaal een afdeling van het ambtelijk apparaat.",
        "Burgemeester",
        "Griffier",
        -7,
        AgreementStatus::Done,
        "Alle afdelingen zijn bezocht.",
    ),
];

fn demo_failed(what: &str) -> ServiceError {
    ServiceError::Conflict(format!("demo: {what} was refused"))
}

fn email_of(name: &str) -> String {
    format!(
        "{}@voorbeeldrecht.example",
        name.to_lowercase().replace(' ', ".")
    )
}

impl Klankbord {
    /// The burgemeester's reflection on the council, while the round is open.
    pub(crate) fn demo_reflection(
        &self,
        round: RoundId,
        mayor: StaffId,
    ) -> Result<(), ServiceError> {
        let fields: Vec<(String, String)> = CouncilTopic::ALL
            .into_iter()
            .enumerate()
            .flat_map(|(n, topic)| {
                let remark = match n {
                    0 => "Raadsleden zijn goed te vinden in de wijken.",
                    2 => "De raad vraagt scherp door, ook bij lastige dossiers.",
                    _ => "",
                };
                [
                    (topic.field(), ["4", "3", "5", "3", "4"][n % 5].to_owned()),
                    (topic.remark_field(), remark.to_owned()),
                ]
            })
            .collect();
        match self.submit_council_reflection(mayor, round, &fields)? {
            ReflectionOutcome::Saved => Ok(()),
            ReflectionOutcome::Invalid(_) => Err(demo_failed("the reflection")),
        }
    }

    /// The griffier records the agreements of a round whose meeting day has
    /// come, due some days from `due_from` (the demo's today).
    pub(crate) fn demo_agreements(
        &self,
        round: RoundId,
        clerk: StaffId,
        due_from: Date,
    ) -> Result<(), ServiceError> {
        for (what, responsible, monitor, days, ..) in AGREEMENTS {
            let due = due_from
                .checked_add(days.days())
                .map_err(|e| ServiceError::Invalid(e.to_string()))?;
            let form = AgreementForm {
                what: what.into(),
                responsible: responsible.into(),
                monitor: monitor.into(),
                due_on: due.to_string(),
            };
            if self.record_agreement(clerk, round, &form)? != Edit::Done {
                return Err(demo_failed("an agreement"));
            }
        }
        Ok(())
    }

    /// The griffier keeps the status of the recorded agreements.
    pub(crate) fn demo_agreement_progress(
        &self,
        round: RoundId,
        clerk: StaffId,
    ) -> Result<(), ServiceError> {
        for stored in self.agreements(clerk, round)?.agreements {
            let Some((.., status, note)) = AGREEMENTS.iter().find(|a| a.0 == stored.what) else {
                continue;
            };
            let edit =
                self.update_agreement_status(clerk, round, stored.id, status.code(), note)?;
            if edit != Edit::Done {
                return Err(demo_failed("an agreement's status"));
            }
        }
        Ok(())
    }

    /// Three voordrachten: one waiting, one approved (its invitation still
    /// to be sent by the griffier), one declined with a reason.
    pub(crate) fn demo_nominations(
        &self,
        round: RoundId,
        people: &DemoPeople,
    ) -> Result<(), ServiceError> {
        let by = [people.mayor, people.chair, people.mayor];
        for ((name, group, reason), person) in NOMINATIONS.into_iter().zip(by) {
            let n = NewNomination::parse(name, &email_of(name), group.key(), reason)
                .map_err(|_| demo_failed("a voordracht"))?;
            if self.nominate(person, round, &n)? != Nominated::Saved {
                return Err(demo_failed("a voordracht"));
            }
        }
        let lines = self.nominations(people.member, round)?.lines;
        let id_of = |name: &str| {
            lines
                .iter()
                .find(|l| l.name == name)
                .map(|l| l.id)
                .ok_or_else(|| demo_failed("a voordracht"))
        };
        self.decide_nomination(people.member, round, id_of(NOMINATIONS[1].0)?, true, None)?;
        let reason = Reason::parse(DEMO_DECLINE_REASON).map_err(|_| demo_failed("a reason"))?;
        self.decide_nomination(
            people.chair,
            round,
            id_of(NOMINATIONS[2].0)?,
            false,
            Some(&reason),
        )?;
        Ok(())
    }

    /// One agenda item from the commissie, one from the burgemeester.
    pub(crate) fn demo_agenda(
        &self,
        round: RoundId,
        people: &DemoPeople,
    ) -> Result<(), ServiceError> {
        for (person, text) in [people.chair, people.mayor].into_iter().zip(DEMO_AGENDA) {
            if self.change_agenda(person, round, AgendaChange::Add(text.into()))? != Edit::Done {
                return Err(demo_failed("an agenda item"));
            }
        }
        Ok(())
    }
}

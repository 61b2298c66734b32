//! The verslag's state and its one next step, for the griffier's round page
//! and the participants' cards on `/mijn`: counts and dates only, never
//! any text of the verslag.

use jiff::civil::Date;

use crate::domain::agreement::agreements_open;
use crate::domain::ids::{RoundId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::round::amsterdam;
use crate::domain::staff::Role;
use crate::domain::verslag::{VerslagState, must_sign};
use crate::service::access::RoundAccess;
use crate::service::verslag::{GESPREK_ROLES, STAGE_DEFINITIVE};
use crate::service::{Klankbord, ServiceError};
use crate::store::verslag_writes as writes;
use crate::store::{corrupt, verslagen};

/// Where the verslag of a round stands, for one reader.
pub struct VerslagStatus {
    /// `None`: not started.
    pub state: Option<VerslagState>,
    /// The next step in words.
    pub next: &'static str,
    /// The reader is the griffier (who writes).
    pub clerk: bool,
    /// Comments on the concept not yet processed.
    pub open_comments: usize,
    /// Valid signatures on the definitive version, of how many required.
    pub signed: usize,
    pub signers: usize,
    /// The day it was vastgesteld.
    pub adopted_on: Option<Date>,
    /// The one next step as a link: (label, path); `None` when there is
    /// nothing for this reader to do now.
    pub action: Option<(&'static str, String)>,
    /// The verslag is this reader's next thing to do: for the griffier from
    /// the meeting day until it is vastgesteld; for a participant while the
    /// concept waits for comments, or their signature is missing.
    pub due: bool,
}

impl VerslagStatus {
    /// The state in words: "In voorbereiding", "Concept, 2 opmerkingen
    /// open", "Definitieve versie, 1 van 2 handtekeningen", "Vastgesteld op
    /// 3 maart 2027"; "Nog niet begonnen" before the start.
    pub fn state_text(&self) -> String {
        match self.state {
            None => "Nog niet begonnen".into(),
            Some(VerslagState::Writing) => VerslagState::Writing.label().into(),
            Some(VerslagState::Concept) => format!(
                "Concept, {} {} open",
                self.open_comments,
                if self.open_comments == 1 {
                    "opmerking"
                } else {
                    "opmerkingen"
                }
            ),
            Some(VerslagState::Definitive) => format!(
                "Definitieve versie, {} van {} {}",
                self.signed,
                self.signers,
                if self.signers == 1 {
                    "handtekening"
                } else {
                    "handtekeningen"
                }
            ),
            Some(VerslagState::Adopted) => match self.adopted_on {
                Some(d) => format!("Vastgesteld op {}", crate::dutch::date(d)),
                None => VerslagState::Adopted.label().into(),
            },
        }
    }
}

impl Klankbord {
    /// The verslag's state and the next step, for the round page (`None`
    /// when the reader has no part in the gesprek).
    pub fn verslag_status(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<Option<VerslagStatus>, ServiceError> {
        let today = self.now().to_zoned(amsterdam()).date();
        self.verslag_status_in(&mut *self.conn()?, person, round, today)
    }

    /// The verslag's state of each of `rounds` that has one for `person`
    /// (on one connection: the cards of `/mijn`).
    pub fn verslag_statuses(
        &self,
        person: StaffId,
        rounds: &[RoundId],
    ) -> Result<Vec<(RoundId, VerslagStatus)>, ServiceError> {
        let today = self.now().to_zoned(amsterdam()).date();
        let mut conn = self.conn()?;
        let mut out = Vec::new();
        for round in rounds {
            if let Some(s) = self.verslag_status_in(&mut conn, person, *round, today)? {
                out.push((*round, s));
            }
        }
        Ok(out)
    }

    fn verslag_status_in(
        &self,
        c: &mut crate::store::DbConnection,
        person: StaffId,
        round: RoundId,
        today: Date,
    ) -> Result<Option<VerslagStatus>, ServiceError> {
        let RoundAccess { info, roles } =
            self.require(c, person, round, Permission::ReadVerslag)?;
        if !roles.iter().any(|r| GESPREK_ROLES.contains(r)) {
            return Ok(None);
        }
        let clerk = roles.contains(&Role::Clerk);
        let path = format!("/mijn/rondes/{round}/verslag");
        let v = verslagen::current_of_round(c, round)?;
        let participants = match &v {
            Some(v) => verslagen::participants(c, v.id)?,
            None => Vec::new(),
        };
        let took_part = participants.iter().any(|p| p.0 == person);
        let mut status = VerslagStatus {
            state: v.as_ref().map(|v| v.state),
            next: "",
            clerk,
            open_comments: 0,
            signed: 0,
            signers: 0,
            adopted_on: None,
            action: None,
            due: false,
        };
        let Some(v) = v else {
            let held = agreements_open(info.meeting_on, today);
            status.due = clerk && held;
            (status.next, status.action) = match (clerk, held) {
                (true, true) => (
                    "Het gesprek is geweest. Begin met het verslag.",
                    Some(("Verslag beginnen", path)),
                ),
                (true, false) => ("Begin met het verslag zodra het gesprek is geweest.", None),
                (false, _) => ("De griffier schrijft het verslag.", None),
            };
            return Ok(Some(status));
        };
        status.due = clerk && v.state != VerslagState::Adopted;
        // A participant counts only their own comments (they see no others).
        status.open_comments = writes::comments(c, v.id)?
            .iter()
            .filter(|r| r.outcome.is_none() && (clerk || r.author_id == person))
            .count();
        let settings = verslagen::settings(c, info.municipality_id)?;
        let required: Vec<StaffId> = participants
            .iter()
            .filter(|p| must_sign(settings.signing, p.1))
            .map(|p| p.0)
            .collect();
        status.signers = required.len();
        let signed = match verslagen::latest_version(c, v.id)? {
            Some(ver) if ver.stage == STAGE_DEFINITIVE => verslagen::signatures(c, ver.id)?,
            _ => Vec::new(),
        };
        status.signed = signed.len();
        status.adopted_on = v
            .adopted_at
            .map(|at| {
                jiff::Timestamp::from_second(at)
                    .map(|t| t.to_zoned(amsterdam()).date())
                    .map_err(|_| corrupt("verslagen.adopted_at"))
            })
            .transpose()?;
        let to_sign = v.state == VerslagState::Definitive
            && required.contains(&person)
            && !signed.iter().any(|s| s.0 == person);
        if !clerk {
            status.due = to_sign || (v.state == VerslagState::Concept && took_part);
        }
        (status.next, status.action) = match (v.state, clerk) {
            (VerslagState::Writing, true) => (
                "Schrijf het verslag en deel het concept met de deelnemers.",
                Some(("Verslag schrijven", path)),
            ),
            (VerslagState::Writing, false) => ("De griffier schrijft het verslag.", None),
            (VerslagState::Concept, true) if status.open_comments > 0 => (
                "Verwerk het commentaar van de deelnemers.",
                Some(("Commentaar verwerken", path)),
            ),
            (VerslagState::Concept, true) => (
                "Maak de definitieve versie, of wacht nog op commentaar.",
                Some(("Naar het verslag", path)),
            ),
            (VerslagState::Concept, false) if took_part => (
                "Lees het concept en geef commentaar.",
                Some(("Concept lezen", path)),
            ),
            (VerslagState::Definitive, _) if to_sign => (
                "Lees de definitieve versie en onderteken die.",
                Some(("Verslag ondertekenen", format!("{path}/ondertekenen"))),
            ),
            (VerslagState::Definitive, true) => (
                "Wacht op de handtekeningen.",
                Some(("Naar het verslag", path)),
            ),
            (VerslagState::Adopted, _) if clerk || took_part => {
                ("Het verslag is vastgesteld.", Some(("Verslag lezen", path)))
            }
            (VerslagState::Adopted, _) => ("Het verslag is vastgesteld.", None),
            (VerslagState::Concept | VerslagState::Definitive, false) => (
                "De griffier maakt het verslag met de deelnemers aan het gesprek.",
                None,
            ),
        };
        Ok(Some(status))
    }
}

//! What the griffier does to a round from the screens, each step written to
//! the audit log by the use case itself.

use crate::domain::ids::{RoundId, StaffId};
use crate::domain::staff::Role;
use crate::service::{Klankbord, ServiceError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClerkAction {
    /// Send the invitations not sent yet (opens the round).
    Invite,
    /// Remind those who did not react.
    Remind,
    /// Close the round now (and publish its results).
    Close,
}

impl ClerkAction {
    /// The action of a URL segment: uitnodigen, herinneren, sluiten.
    pub fn parse(segment: &str) -> Option<ClerkAction> {
        match segment {
            "uitnodigen" => Some(ClerkAction::Invite),
            "herinneren" => Some(ClerkAction::Remind),
            "sluiten" => Some(ClerkAction::Close),
            _ => None,
        }
    }
}

impl Klankbord {
    /// Does a griffier's action on a round of their municipality.
    pub fn clerk_action(
        &self,
        person: StaffId,
        round: RoundId,
        action: ClerkAction,
    ) -> Result<(), ServiceError> {
        let (info, _) = self.require_role(
            person,
            round,
            &[Role::Clerk],
            "Alleen de griffier beheert een ronde.",
        )?;
        let (what, detail) = match action {
            ClerkAction::Invite => (
                "uitnodigingen verstuurd",
                format!("{} nieuw", self.send_invitations(round)?),
            ),
            ClerkAction::Remind => (
                "herinneringen verstuurd",
                self.send_reminders(round)?.to_string(),
            ),
            ClerkAction::Close => {
                self.close_round(round)?;
                ("ronde gesloten", info.kind.label().to_owned())
            }
        };
        self.audit(info.municipality_id, Some(person), what, &detail)
    }
}

/// What the griffier's page of a round shows.
pub struct ClerkRoundView {
    pub info: crate::service::round_info::RoundInfo,
    pub progress: Vec<crate::service::rounds::GroupProgress>,
    pub raters: Vec<crate::service::rounds::RaterStatus>,
    pub mail: crate::service::rounds::MailCounts,
    pub previous: Option<crate::service::meeting::PreviousAgreements>,
}

impl Klankbord {
    /// The griffier's page of a round: progress, referenten, mail, and the
    /// agreements of the previous round.
    pub fn clerk_round(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<ClerkRoundView, ServiceError> {
        let (info, _) = self.require_role(
            person,
            round,
            &[Role::Clerk],
            "Alleen de griffier beheert een ronde.",
        )?;
        Ok(ClerkRoundView {
            info,
            progress: self.progress(round)?,
            raters: self.rater_statuses(round)?,
            mail: self.mail_counts(round)?,
            previous: self.previous_agreements(person, round)?,
        })
    }
}

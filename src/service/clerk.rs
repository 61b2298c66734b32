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

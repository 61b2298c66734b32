//! What the griffier does to a round from the screens, each step checked and
//! written to the audit log by the use case itself.

use crate::domain::audit::Actor;
use crate::domain::ids::{RoundId, StaffId};
use crate::domain::permission::Permission;
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
    /// Does a griffier's action on a round of their municipality; each use
    /// case checks [`Permission::ManageRound`] and writes the audit log.
    pub fn clerk_action(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
        action: ClerkAction,
    ) -> Result<(), ServiceError> {
        match action {
            ClerkAction::Invite => self.send_invitations(actor, round).map(|_| ()),
            ClerkAction::Remind => self.send_reminders(actor, round).map(|_| ()),
            ClerkAction::Close => self.close_round(actor, round),
        }
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
        let info = self
            .require(&mut *self.conn()?, person, round, Permission::ManageRound)?
            .info;
        Ok(ClerkRoundView {
            info,
            progress: self.progress(person, round)?,
            raters: self.rater_statuses(person, round)?,
            mail: self.mail_counts(person, round)?,
            previous: self.previous_agreements(person, round)?,
        })
    }
}

//! What the griffier does to a round from the screens, each step checked and
//! written to the audit log by the use case itself. What cannot be undone
//! asks first when it may surprise (closing early, inviting before the
//! opening day or to groups too small to be shown apart, a reminder within a
//! day of the invitation): [`Klankbord::action_check`] says what will
//! happen, and [`Klankbord::clerk_action`] acts only when nothing needs
//! confirming or the griffier confirmed. The command line acts without
//! asking (scripts; see README).

use jiff::Timestamp;
use jiff::civil::Date;

use crate::anonymity::Params;
use crate::anonymity::forecast::{Outlook, forecast};
use crate::domain::ids::{RoundId, StaffId};
use crate::domain::invitation::InvitationStatus;
use crate::domain::permission::Permission;
use crate::domain::round::{RoundState, amsterdam};
use crate::service::invitations::{KIND_INVITATION, REMINDER_GAP_SECS, ReminderScope};
use crate::service::results::DEFAULT_COALITION;
use crate::service::round_info::RoundInfo;
use crate::service::{Klankbord, ServiceError};
use crate::store::{DbConnection, invitations, outbox, rounds};

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

/// A group that will not be shown apart with the list as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmallGroup {
    pub name: String,
    /// Referenten on the list.
    pub headcount: u32,
    pub outlook: Outlook,
}

/// What sending the invitations will do.
#[derive(Clone, Debug)]
pub struct InviteCheck {
    /// Invitations that go out.
    pub new: usize,
    pub opens_on: Date,
    /// Today is before the planned opening day.
    pub before_opening: bool,
    /// Groups with referenten but too few to be shown apart (`k + c`).
    pub small: Vec<SmallGroup>,
    /// `k + c`.
    pub needed: u32,
}

/// What sending reminders will do.
#[derive(Clone, Debug)]
pub struct RemindCheck {
    /// Referenten who did not react and have no reminder waiting.
    pub waiting: usize,
    /// Of those, invited less than a day ago.
    pub recent: usize,
}

/// What closing now will do.
#[derive(Clone, Debug)]
pub struct CloseCheck {
    /// Invited referenten who neither answered nor declined.
    pub not_reacted: usize,
    /// Referenten invited.
    pub invited: usize,
    pub closes_at: Timestamp,
    /// Before the planned closing moment.
    pub early: bool,
}

#[derive(Clone, Debug)]
pub enum ActionCheck {
    Invite(InviteCheck),
    Remind(RemindCheck),
    Close(CloseCheck),
}

impl ActionCheck {
    /// Whether the griffier is asked first.
    pub fn needs_confirmation(&self) -> bool {
        match self {
            ActionCheck::Invite(i) => i.before_opening || !i.small.is_empty(),
            ActionCheck::Remind(r) => r.recent > 0,
            ActionCheck::Close(c) => c.early,
        }
    }
}

/// What the griffier answered on the confirmation page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Confirmation {
    /// The `bevestigen` field was sent.
    pub given: bool,
    /// For reminders: to all, or only to those invited a day ago or longer.
    pub reminders: ReminderScope,
}

impl Confirmation {
    /// A plain press of the button (no confirmation page seen).
    pub const NONE: Confirmation = Confirmation {
        given: false,
        reminders: ReminderScope::All,
    };
}

/// What a griffier's action did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionOutcome {
    /// Done; invitations or reminders queued (0 for closing).
    Done(usize),
    /// Nothing done: the confirmation page first.
    NeedsConfirmation,
}

impl Klankbord {
    /// What an action on a round will do, for its confirmation page.
    pub fn action_check(
        &self,
        person: StaffId,
        round: RoundId,
        action: ClerkAction,
    ) -> Result<(RoundInfo, ActionCheck), ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::ManageRound)?
            .info;
        let check = self.check_in(&mut conn, &info, action)?;
        Ok((info, check))
    }

    fn check_in(
        &self,
        c: &mut DbConnection,
        info: &RoundInfo,
        action: ClerkAction,
    ) -> Result<ActionCheck, ServiceError> {
        let now = self.now();
        let statuses = invitations::statuses(c, info.id)?;
        let count = |st: InvitationStatus| statuses.iter().filter(|s| s.status == st).count();
        Ok(match action {
            ClerkAction::Invite => {
                let groups = rounds::groups_of(c, info.id)?;
                let headcounts: Vec<(String, u32)> = groups
                    .iter()
                    .filter(|g| !g.is_self)
                    .map(|g| {
                        let n = statuses.iter().filter(|s| s.group_id == g.id).count();
                        (g.name.clone(), u32::try_from(n).unwrap_or(u32::MAX))
                    })
                    .collect();
                let params = Params {
                    k: info.min_group_size.get(),
                    ..Params::DEFAULT
                };
                let small = forecast(&headcounts, &params, DEFAULT_COALITION)
                    .into_iter()
                    .filter(|f| matches!(f.outlook, Outlook::Pooled | Outlook::TooFewInRound))
                    .map(|f| SmallGroup {
                        name: f.group,
                        headcount: f.headcount,
                        outlook: f.outlook,
                    })
                    .collect();
                ActionCheck::Invite(InviteCheck {
                    new: count(InvitationStatus::NotSent),
                    opens_on: info.opens_on,
                    before_opening: info.state == RoundState::Draft
                        && now.to_zoned(amsterdam()).date() < info.opens_on,
                    small,
                    needed: info.shown_apart_from(),
                })
            }
            ClerkAction::Remind => {
                let recent = outbox::invited_since(
                    c,
                    info.id,
                    KIND_INVITATION,
                    self.now_secs() - REMINDER_GAP_SECS,
                )?;
                let mut waiting = 0;
                let mut of_them_recent = 0;
                for s in statuses
                    .iter()
                    .filter(|s| s.status == InvitationStatus::Invited)
                {
                    if !outbox::has_unsent(
                        c,
                        s.invitation_id,
                        crate::service::invitations::KIND_REMINDER,
                    )? {
                        waiting += 1;
                        of_them_recent += usize::from(recent.contains(&s.invitation_id));
                    }
                }
                ActionCheck::Remind(RemindCheck {
                    waiting,
                    recent: of_them_recent,
                })
            }
            ClerkAction::Close => ActionCheck::Close(CloseCheck {
                not_reacted: count(InvitationStatus::Invited),
                invited: statuses
                    .iter()
                    .filter(|s| s.status != InvitationStatus::NotSent)
                    .count(),
                closes_at: info.closes_at,
                early: info.state != RoundState::Closed && now < info.closes_at,
            }),
        })
    }

    /// Does a griffier's action on a round of their municipality, unless it
    /// needs confirming and was not confirmed; each use case checks
    /// [`Permission::ManageRound`] and writes the audit log.
    pub fn clerk_action(
        &self,
        actor: StaffId,
        round: RoundId,
        action: ClerkAction,
        confirmation: Confirmation,
    ) -> Result<ActionOutcome, ServiceError> {
        if !confirmation.given {
            let (_, check) = self.action_check(actor, round, action)?;
            if check.needs_confirmation() {
                return Ok(ActionOutcome::NeedsConfirmation);
            }
        }
        Ok(ActionOutcome::Done(match action {
            ClerkAction::Invite => self.send_invitations(actor, round)?,
            ClerkAction::Remind => self.send_reminders_to(actor, round, confirmation.reminders)?,
            ClerkAction::Close => {
                self.close_round(actor, round)?;
                0
            }
        }))
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
        // One permission check and one read of the invitations for the
        // whole page (2,000 referenten are 2,000 rows).
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::ManageRound)?
            .info;
        let statuses = crate::store::invitations::statuses(&mut conn, round)?;
        let progress = crate::service::rounds::progress_in(&mut conn, &info, &statuses)?;
        let raters = crate::service::rounds::rater_statuses_in(&mut conn, round, statuses)?;
        let mail = crate::service::rounds::mail_counts_in(&mut conn, round)?;
        drop(conn);
        Ok(ClerkRoundView {
            info,
            progress,
            raters,
            mail,
            previous: self.previous_agreements(person, round)?,
        })
    }
}

//! Sending invitations and reminders: rows in the outbox, written in the same
//! transaction as the status change; the mail worker sends them.

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::ids::{InvitationId, RoundId};
use crate::domain::invitation::InvitationStatus;
use crate::domain::permission::Permission;
use crate::domain::round::RoundState;
use crate::service::{Klankbord, ServiceError, round_info};
use crate::store::outbox::MessageRow;
use crate::store::{DbConnection, invitations, outbox, rounds, write_transaction};

pub const KIND_INVITATION: &str = "invitation";
pub const KIND_REMINDER: &str = "reminder";
/// A reminder sooner than this after the invitation asks first (a day).
pub const REMINDER_GAP_SECS: i64 = 24 * 60 * 60;

/// Who gets a reminder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReminderScope {
    /// Everyone who has not reacted.
    All,
    /// Only those invited at least [`REMINDER_GAP_SECS`] ago.
    NotRecentlyInvited,
}

impl Klankbord {
    /// Queues an invitation for every rater not yet invited and opens the
    /// round. From here on k and the sharing mode are fixed (only stricter).
    /// Returns the number of invitations queued.
    #[tracing::instrument(skip_all)]
    pub fn send_invitations(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
    ) -> Result<usize, ServiceError> {
        let actor = actor.into();
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, round, Permission::ManageRound)?;
            let info = round_info::lock_unclosed(
                c,
                round,
                "Deze ronde is gesloten; er gaan geen uitnodigingen meer uit.",
            )?;
            if info.closes_at <= self.now() {
                return Err(ServiceError::Conflict(
                    "De sluitingsdatum van deze ronde is voorbij.".into(),
                ));
            }
            let ids = invitations::ids_with_status(c, round, InvitationStatus::NotSent)?;
            if ids.is_empty() && info.state == RoundState::Draft {
                return Err(ServiceError::Conflict(
                    "Deze ronde heeft nog geen referenten. Importeer eerst referenten.".into(),
                ));
            }
            for id in &ids {
                invitations::transition(
                    c,
                    *id,
                    InvitationStatus::NotSent,
                    InvitationStatus::Invited,
                )?;
                queue(c, self.message(round, KIND_INVITATION, now), *id)?;
            }
            if info.state == RoundState::Draft {
                rounds::set_state(c, round, RoundState::Draft, RoundState::Open)?;
            }
            let detail = format!("{} nieuw", ids.len());
            self.audit(
                c,
                info.municipality_id,
                actor,
                AuditAction::InvitationsSent,
                &detail,
            )?;
            Ok(ids.len())
        })
    }

    /// Queues a reminder for every rater who has neither answered nor declined
    /// (and has no reminder waiting already). Returns the number queued.
    /// The command line's use case: it does not ask first.
    pub fn send_reminders(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
    ) -> Result<usize, ServiceError> {
        self.send_reminders_to(actor, round, ReminderScope::All)
    }

    /// [`Self::send_reminders`], to all who did not react or only to those
    /// invited at least [`REMINDER_GAP_SECS`] ago.
    #[tracing::instrument(skip_all)]
    pub fn send_reminders_to(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
        to: ReminderScope,
    ) -> Result<usize, ServiceError> {
        let actor = actor.into();
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, round, Permission::ManageRound)?;
            rounds::lock_round(c, round)?;
            let info = round_info::load(c, round)?;
            if !info.accepts_answers(self.now()) {
                return Err(ServiceError::Conflict(match info.state {
                    RoundState::Draft => {
                        "Deze ronde is nog niet geopend: verstuur eerst de uitnodigingen.".into()
                    }
                    _ => "Deze ronde is gesloten; herinneringen hebben geen zin meer.".into(),
                }));
            }
            let recent = match to {
                ReminderScope::All => Default::default(),
                ReminderScope::NotRecentlyInvited => {
                    outbox::invited_since(c, round, KIND_INVITATION, now - REMINDER_GAP_SECS)?
                }
            };
            let mut queued = 0;
            for id in invitations::ids_with_status(c, round, InvitationStatus::Invited)? {
                if !recent.contains(&id) && !outbox::has_unsent(c, id, KIND_REMINDER)? {
                    queue(c, self.message(round, KIND_REMINDER, now), id)?;
                    queued += 1;
                }
            }
            self.audit(
                c,
                info.municipality_id,
                actor,
                AuditAction::RemindersSent,
                &queued.to_string(),
            )?;
            Ok(queued)
        })
    }
}

fn queue(
    c: &mut DbConnection,
    message: MessageRow,
    invitation: InvitationId,
) -> Result<(), ServiceError> {
    outbox::insert(
        c,
        &MessageRow {
            invitation_id: Some(invitation),
            ..message
        },
    )?;
    Ok(())
}

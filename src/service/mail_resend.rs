//! Sending one failed mail again: the griffier's "Opnieuw versturen" for a
//! referent whose invitation or reminder failed for good (an address that
//! was mistyped and corrected at the receiving end, a full mailbox).
//! Exactly that one message goes back in the queue, with its own
//! `Message-ID`; nobody else gets anything.

use crate::domain::audit::AuditAction;
use crate::domain::ids::{InvitationId, RoundId, StaffId};
use crate::domain::permission::Permission;
use crate::service::invitations::KIND_REMINDER;
use crate::service::round_info::RoundInfo;
use crate::service::{Klankbord, ServiceError};
use crate::store::{invitations, outbox, rounds, write_transaction};

/// The failed mail of one referent, for the confirmation page.
#[derive(Clone, Debug)]
pub struct FailedMail {
    pub rater_name: String,
    pub rater_email: String,
    /// "uitnodiging" or "herinnering".
    pub kind_label: &'static str,
    /// Why the mail server refused it (no address, no body text).
    pub reason: Option<String>,
}

impl Klankbord {
    /// The round and the failed mail of `invitation` in it, if there is one.
    pub fn failed_mail(
        &self,
        person: StaffId,
        round: RoundId,
        invitation: &str,
    ) -> Result<(RoundInfo, Option<FailedMail>), ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::ManageRound)?
            .info;
        // A malformed id names no referent of this round, like an unknown one.
        let Ok(invitation) = invitation.parse::<InvitationId>() else {
            return Ok((info, None));
        };
        let Some(msg) = outbox::failed_for(&mut conn, round, invitation)? else {
            return Ok((info, None));
        };
        let inv = invitations::for_mail(&mut conn, invitation)?;
        Ok((
            info,
            Some(FailedMail {
                rater_name: inv.rater_name,
                rater_email: inv.rater_email,
                kind_label: if msg.kind == KIND_REMINDER {
                    "herinnering"
                } else {
                    "uitnodiging"
                },
                reason: msg.last_error,
            }),
        ))
    }

    /// Puts the failed mail of `invitation` back in the queue, due now.
    /// Refused while there is none, or once the round no longer takes
    /// answers (the mail would be skipped anyway). In the audit log as
    /// "mail opnieuw verstuurd", without name or address.
    #[tracing::instrument(skip_all)]
    pub fn resend_failed_mail(
        &self,
        person: StaffId,
        round: RoundId,
        invitation: &str,
    ) -> Result<(), ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, person, round, Permission::ManageRound)?
                .info;
            rounds::lock_round(c, round)?;
            if !info.accepts_answers(self.now()) {
                return Err(ServiceError::Conflict(
                    "De vragenlijst is gesloten: opnieuw versturen heeft geen zin meer.".into(),
                ));
            }
            let failed = match invitation.parse::<InvitationId>() {
                Ok(id) => outbox::failed_for(c, round, id)?,
                Err(_) => None,
            };
            let requeued = match failed {
                Some(msg) => outbox::requeue_failed(c, msg.id, now)?,
                None => false,
            };
            if !requeued {
                return Err(ServiceError::Conflict(
                    "Voor deze referent is geen mislukte mail om opnieuw te versturen.".into(),
                ));
            }
            self.audit(c, info.municipality_id, person, AuditAction::MailResent, "")
        })
    }
}

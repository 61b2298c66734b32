//! Delivering the outbox: claim due messages, render each (deriving the
//! token from its seed only now), send, and record the outcome with backoff.

use crate::mail::{InvitationMail, MailKind, SendError, templates};
use crate::service::invitations::{KIND_INVITATION, KIND_REMINDER};
use crate::service::{Klankbord, ServiceError, round_info};
use crate::store::outbox::MessageRow;
use crate::store::{corrupt, invitations, outbox, write_transaction};

/// Messages claimed per pass.
pub const BATCH: i64 = 20;
/// How long a claim lasts before another instance may retry the message.
pub const LEASE_SECS: i64 = 300;
/// Attempts before a message is marked failed for good.
pub const MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// Wait before attempt `attempts + 1`: 1, 2, 4 … minutes, at most 6 hours.
pub fn backoff_secs(attempts: i32) -> i64 {
    let exp = attempts.clamp(1, 10) - 1;
    (60_i64 << exp).min(6 * 3600)
}

impl Klankbord {
    /// Sends every due message; returns what happened.
    pub fn deliver_due(&self) -> Result<DeliveryReport, ServiceError> {
        let mut report = DeliveryReport::default();
        loop {
            let now = self.now_secs();
            let claimed = write_transaction(&mut *self.conn()?, |c| {
                outbox::claim_due(c, now, LEASE_SECS, BATCH)
            })?;
            if claimed.is_empty() {
                return Ok(report);
            }
            for msg in &claimed {
                self.deliver_one(msg, &mut report)?;
            }
        }
    }

    fn deliver_one(
        &self,
        msg: &MessageRow,
        report: &mut DeliveryReport,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        let now = self.now_secs();
        let inv = invitations::for_mail(&mut conn, msg.invitation_id)?;
        let info = round_info::load(&mut conn, inv.round_id)?;
        let status = inv.status;
        let kind = match msg.kind.as_str() {
            KIND_INVITATION => MailKind::Invitation,
            KIND_REMINDER => MailKind::Reminder,
            _ => return Err(corrupt("outbox.kind").into()),
        };
        // Reminders only to raters who still have not reacted; nothing to a closed round.
        if !info.accepts_answers(self.now())
            || (kind == MailKind::Reminder && !status.wants_reminder())
        {
            outbox::mark_skipped(&mut conn, msg.id, now)?;
            report.skipped += 1;
            return Ok(());
        }
        let link = self.link_for(&self.token_from_seed(&inv.token_seed)?);
        let meeting = crate::dutch::date(info.meeting_on);
        let closes = crate::dutch::instant(info.closes_at);
        let rendered = templates::render(&InvitationMail {
            kind,
            rater_name: &inv.rater_name,
            group_name: &inv.group_name,
            municipality: &info.municipality,
            mayor_name: &info.mayor_name,
            round_label: info.kind.label(),
            meeting_date: &meeting,
            closes_at: &closes,
            shown_apart_from: info.shown_apart_from(),
            sharing_sentence: info.sharing.who_sees(),
            clerk_name: &info.clerk_name,
            clerk_email: &info.clerk_email,
            link: &link,
        });
        match self
            .mail()
            .send(&inv.rater_name, &inv.rater_email, &rendered)
        {
            Ok(()) => {
                outbox::mark_sent(&mut conn, msg.id, now)?;
                report.sent += 1;
            }
            Err(SendError::Transient(reason)) if msg.attempts < MAX_ATTEMPTS => {
                tracing::warn!(outbox_id = %msg.id, attempt = msg.attempts, %reason, "mail not sent; will retry");
                outbox::mark_retry(&mut conn, msg.id, now + backoff_secs(msg.attempts), &reason)?;
                report.retried += 1;
            }
            Err(SendError::Transient(reason) | SendError::Permanent(reason)) => {
                tracing::warn!(outbox_id = %msg.id, attempt = msg.attempts, %reason, "mail failed for good");
                outbox::mark_failed(&mut conn, msg.id, &reason)?;
                report.failed += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_a_minute_up_to_six_hours() {
        assert_eq!(backoff_secs(1), 60);
        assert_eq!(backoff_secs(2), 120);
        assert_eq!(backoff_secs(4), 480);
        assert_eq!(backoff_secs(10), 6 * 3600);
    }
}

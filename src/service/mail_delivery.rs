//! Delivering the outbox: claim due messages, render each (deriving the
//! token from its seed only now), send, and record the outcome with backoff.
//!
//! A claim is a lease of [`LEASE_SECS`]: while a message is being sent, a
//! heartbeat extends it every [`HEARTBEAT_SECS`], so a slow mail server
//! never makes a second instance send it too; a worker that died holds its
//! messages for at most one lease, then another instance takes them over.
//! A message that reaches the mail server twice that way (the worker died
//! after sending, before recording it) carries the same `Message-ID` both
//! times.

use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use crate::domain::ids::{InvitationId, MessageId};
use crate::mail::{InvitationMail, MailKind, RenderedMail, SendError, templates};
use crate::service::invitations::{KIND_INVITATION, KIND_REMINDER};
use crate::service::provinces::KIND_CDK_VERSLAG;
use crate::service::verslag::KIND_VERSLAG_CONCEPT;
use crate::service::{Klankbord, ServiceError, round_info};
use crate::store::outbox::{MessageRow, OutboxStatus};
use crate::store::{DbConnection, corrupt, invitations, outbox, write_transaction};

/// Messages claimed per pass.
pub const BATCH: i64 = 20;
/// How long a claim lasts before another instance may take the message
/// over: the longest a crashed worker delays a message. The same figure is
/// in README.md and deploy/README.md.
pub const LEASE_SECS: i64 = 60;
/// How often a worker that is still sending a message extends its claim
/// by a whole lease (four beats per lease: one missed beat does no harm).
pub const HEARTBEAT_SECS: i64 = 15;
/// How often the heartbeat looks at the clock.
const HEARTBEAT_TICK: Duration = Duration::from_millis(200);
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
        self.deliver_due_until(&|| false)
    }

    /// As [`Self::deliver_due`], but stops after the message in progress
    /// once `stop` says so (a server shutting down), handing the rest of its
    /// claim back to the queue at once.
    pub fn deliver_due_until(
        &self,
        stop: &dyn Fn() -> bool,
    ) -> Result<DeliveryReport, ServiceError> {
        let mut report = DeliveryReport::default();
        while !stop() {
            let now = self.now_secs();
            let claimed = write_transaction(&mut *self.conn()?, |c| {
                outbox::claim_due(c, now, LEASE_SECS, BATCH)
            })?;
            if claimed.is_empty() {
                break;
            }
            for (n, msg) in claimed.iter().enumerate() {
                if stop() {
                    let rest: Vec<MessageId> = claimed[n..].iter().map(|m| m.id).collect();
                    outbox::release(&mut *self.conn()?, &rest)?;
                    return Ok(report);
                }
                // One message that cannot be composed or recorded waits for
                // its next try; it does not hold up the rest of the claim.
                if let Err(e) = self.deliver_one(msg, &mut report) {
                    tracing::warn!(outbox_id = %msg.id, error = %e, "mail not handled; will retry");
                    let retry = self.conn().and_then(|mut c| {
                        const REASON: &str = "bericht kon niet worden opgebouwd";
                        if msg.attempts < MAX_ATTEMPTS {
                            let next = now + backoff_secs(msg.attempts);
                            outbox::mark_retry(&mut c, msg.id, next, REASON)?;
                        } else {
                            outbox::mark_failed(&mut c, msg.id, REASON)?;
                        }
                        Ok(())
                    });
                    if let Err(e) = retry {
                        tracing::warn!(outbox_id = %msg.id, error = %e, "mail left to its lease");
                    }
                    report.retried += 1;
                }
            }
        }
        Ok(report)
    }

    /// Messages in the outbox by status code, over all rounds and every
    /// status (0 where none), for the metrics.
    pub fn outbox_totals(&self) -> Result<Vec<(&'static str, i64)>, ServiceError> {
        let found = outbox::totals(&mut *self.conn()?)?;
        Ok(OutboxStatus::ALL
            .into_iter()
            .map(|s| {
                let n = found.iter().find(|(f, _)| *f == s).map_or(0, |(_, n)| *n);
                (s.code(), n)
            })
            .collect())
    }

    fn deliver_one(
        &self,
        msg: &MessageRow,
        report: &mut DeliveryReport,
    ) -> Result<(), ServiceError> {
        let now = self.now_secs();
        let found = {
            let mut conn = self.conn()?;
            match (msg.kind.as_str(), msg.invitation_id) {
                (KIND_CDK_VERSLAG, None) => self.cdk_mail(&mut conn, msg.round_id)?,
                (KIND_VERSLAG_CONCEPT, None) => {
                    let to = msg.staff_id.ok_or_else(|| corrupt("outbox.staff_id"))?;
                    self.concept_mail(&mut conn, msg.round_id, to)?
                }
                (_, Some(invitation)) => self.referent_mail(&mut conn, msg, invitation)?,
                (_, None) => return Err(corrupt("outbox.invitation_id").into()),
            }
        };
        let Some((name, email, rendered)) = found else {
            outbox::mark_skipped(&mut *self.conn()?, msg.id, now)?;
            report.skipped += 1;
            return Ok(());
        };
        let sent = self.send_with_heartbeat(msg, &name, &email, &rendered);
        let mut conn = self.conn()?;
        match sent {
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

    /// Sends one message while a second thread extends its claim.
    fn send_with_heartbeat(
        &self,
        msg: &MessageRow,
        name: &str,
        email: &str,
        rendered: &RenderedMail,
    ) -> Result<(), SendError> {
        let (done, beats) = channel::<()>();
        std::thread::scope(|s| {
            s.spawn(move || self.heartbeat(msg.id, &beats));
            let sent = self.mail().send(name, email, &msg.message_id, rendered);
            drop(done);
            sent
        })
    }

    /// Extends the claim of message `id` by a lease every
    /// [`HEARTBEAT_SECS`] until `done` closes or the claim is gone.
    fn heartbeat(&self, id: MessageId, done: &Receiver<()>) {
        let mut last = self.now_secs();
        while let Err(RecvTimeoutError::Timeout) = done.recv_timeout(HEARTBEAT_TICK) {
            let now = self.now_secs();
            if now - last < HEARTBEAT_SECS {
                continue;
            }
            last = now;
            let extended = self
                .conn()
                .and_then(|mut c| Ok(outbox::extend_lease(&mut c, id, now + LEASE_SECS)?));
            match extended {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => tracing::warn!(outbox_id = %id, error = %e, "lease not extended"),
            }
        }
    }

    /// An invitation or reminder to a referent: (name, address, mail), or
    /// `None` when it no longer applies (a reminder to someone who reacted
    /// meanwhile, anything to a closed round).
    fn referent_mail(
        &self,
        conn: &mut DbConnection,
        msg: &MessageRow,
        invitation: InvitationId,
    ) -> Result<Option<(String, String, RenderedMail)>, ServiceError> {
        let Some(inv) = invitations::for_mail_if_any(conn, invitation)? else {
            return Ok(None);
        };
        let info = round_info::load(conn, inv.round_id)?;
        let kind = match msg.kind.as_str() {
            KIND_INVITATION => MailKind::Invitation,
            KIND_REMINDER => MailKind::Reminder,
            _ => return Err(corrupt("outbox.kind").into()),
        };
        if !info.accepts_answers(self.now())
            || (kind == MailKind::Reminder && !inv.status.wants_reminder())
        {
            return Ok(None);
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
        Ok(Some((inv.rater_name, inv.rater_email, rendered)))
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

//! Rounds at a glance: listing, closing, and progress (who reacted, never what).

use crate::domain::audit::{Actor, AuditAction, System};
use crate::domain::group::RaterGroup;
use crate::domain::ids::{InvitationId, RoundId};
use crate::domain::invitation::InvitationStatus;
use crate::domain::permission::Permission;
use crate::domain::round::RoundState;
use crate::service::round_info::{self, RoundInfo};
use crate::service::{Klankbord, ServiceError};
use crate::store::outbox::OutboxStatus;
use crate::store::{DbConnection, invitations, outbox, rounds, sealed, write_transaction};

/// Progress of one group while a round runs.
#[derive(Clone, Debug)]
pub struct GroupProgress {
    pub group: RaterGroup,
    pub raters: usize,
    pub invited: usize,
    pub answered: usize,
    pub prefers_conversation: usize,
    /// Responses of the group (`answered`; for the self-assessment group 1
    /// once the burgemeester filled it in).
    pub responses: usize,
    /// Enough responses for the group to be shown apart: `k + c`, the
    /// publication's rule (anonymity.md step 1). While open, only this.
    pub shown_apart: bool,
}

#[derive(Clone, Debug)]
pub struct RaterStatus {
    /// The invitation (to remove a rater before it is sent).
    pub invitation: InvitationId,
    pub name: String,
    pub email: String,
    pub group_name: String,
    pub status: InvitationStatus,
    pub mail_failed: bool,
}

#[derive(Clone, Debug, Default)]
pub struct MailCounts {
    pub pending: usize,
    pub sent: usize,
    pub failed: usize,
}

impl Klankbord {
    pub fn list_rounds(&self) -> Result<Vec<RoundInfo>, ServiceError> {
        let mut conn = self.conn()?;
        let rows = rounds::list_rounds(&mut conn, None)?;
        rows.into_iter()
            .map(|r| round_info::from_row(&mut conn, r))
            .collect()
    }

    /// The rounds of these municipalities, latest closing first.
    pub fn rounds_of(
        &self,
        municipalities: &[crate::domain::ids::MunicipalityId],
    ) -> Result<Vec<RoundInfo>, ServiceError> {
        let mut conn = self.conn()?;
        let rows = rounds::rounds_of(&mut conn, municipalities)?;
        rows.into_iter()
            .map(|r| round_info::from_row(&mut conn, r))
            .collect()
    }

    pub fn round_groups(
        &self,
        round: RoundId,
    ) -> Result<Vec<crate::domain::group::RaterGroup>, ServiceError> {
        let mut conn = self.conn()?;
        Ok(rounds::groups_of(&mut conn, round)?)
    }

    pub fn round_info(&self, round: RoundId) -> Result<RoundInfo, ServiceError> {
        round_info::load(&mut *self.conn()?, round)
    }

    /// Closes an open (or still-in-preparation) round: a short transaction
    /// refuses every further answer, then the round is published outside any
    /// write lock ([`Self::publish_closed`]).
    #[tracing::instrument(skip_all)]
    pub fn close_round(&self, actor: impl Into<Actor>, round: RoundId) -> Result<(), ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, round, Permission::ManageRound)?;
            let info = round_info::lock_unclosed(c, round, "Deze ronde is al gesloten.")?;
            rounds::set_state(c, round, info.state, RoundState::Closed)?;
            self.audit(
                c,
                info.municipality_id,
                actor,
                AuditAction::RoundClosed,
                info.kind.label(),
            )
        })?;
        drop(conn);
        self.publish_closed(round)
    }

    /// Closes every open round whose closing moment has passed, publishes
    /// every closed round that has no view yet (also one whose publication a
    /// restart cut off) and finishes pending shredding; returns how many
    /// rounds were published. The background task's use case: each round
    /// it closes is in the audit log as closed by it.
    pub fn close_due_rounds(&self) -> Result<usize, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        for id in rounds::due_to_close(&mut conn, RoundState::Open, now)? {
            write_transaction(&mut conn, |c| {
                rounds::lock_round(c, id)?;
                let info = round_info::load(c, id)?;
                if rounds::set_state(c, id, RoundState::Open, RoundState::Closed)? {
                    self.audit(
                        c,
                        info.municipality_id,
                        System::Worker,
                        AuditAction::RoundClosed,
                        info.kind.label(),
                    )?;
                }
                Ok::<_, ServiceError>(())
            })?;
        }
        let pending = sealed::closed_unpublished(&mut conn, RoundState::Closed)?;
        // Destructions whose files could not follow at once (a reader held
        // SQLite's log, an older PostgreSQL transaction still ran).
        sealed::shred_pending(&mut conn)?;
        drop(conn);
        for id in &pending {
            self.publish_closed(*id)?;
        }
        Ok(pending.len())
    }

    /// Per group: raters, reactions and whether enough responses to be shown
    /// apart are reached (for the griffier).
    pub fn progress(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
    ) -> Result<Vec<GroupProgress>, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, actor, round, Permission::ManageRound)?
            .info;
        let statuses = invitations::statuses(&mut conn, round)?;
        progress_in(&mut conn, &info, &statuses)
    }

    /// Per rater: whether they were invited, answered or prefer a
    /// conversation (for the griffier).
    pub fn rater_statuses(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
    ) -> Result<Vec<RaterStatus>, ServiceError> {
        let mut conn = self.conn()?;
        self.require(&mut conn, actor, round, Permission::ManageRound)?;
        let statuses = invitations::statuses(&mut conn, round)?;
        rater_statuses_in(&mut conn, round, statuses)
    }

    /// The round's mail: waiting, sent, failed (for the griffier).
    pub fn mail_counts(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
    ) -> Result<MailCounts, ServiceError> {
        let mut conn = self.conn()?;
        self.require(&mut conn, actor, round, Permission::ManageRound)?;
        mail_counts_in(&mut conn, round)
    }
}

/// Per group: raters, reactions and whether the group is shown apart, from
/// the round's invitation statuses (read once for the whole round page).
pub(crate) fn progress_in(
    conn: &mut DbConnection,
    info: &RoundInfo,
    statuses: &[invitations::RaterStatusRow],
) -> Result<Vec<GroupProgress>, ServiceError> {
    let round = info.id;
    let groups = rounds::groups_of(conn, round)?;
    let answered = crate::service::results::answered_of(statuses);
    let self_assessed = sealed::self_assessed(conn, round)?;
    let needed = info.shown_apart_from() as usize;
    Ok(groups
        .into_iter()
        .map(|g| {
            let of_group = statuses.iter().filter(|s| s.group_id == g.id);
            let count = |st: InvitationStatus| of_group.clone().filter(|s| s.status == st).count();
            let responses = if g.is_self {
                usize::from(self_assessed)
            } else {
                answered.get(&g.id).copied().unwrap_or(0) as usize
            };
            GroupProgress {
                raters: of_group.clone().count(),
                invited: count(InvitationStatus::Invited),
                answered: count(InvitationStatus::Answered),
                prefers_conversation: count(InvitationStatus::PrefersConversation),
                responses,
                shown_apart: responses >= needed,
                group: g,
            }
        })
        .collect())
}

/// Per rater, with whether their invitation's mail failed.
pub(crate) fn rater_statuses_in(
    conn: &mut DbConnection,
    round: RoundId,
    statuses: Vec<invitations::RaterStatusRow>,
) -> Result<Vec<RaterStatus>, ServiceError> {
    let failed = invitations::with_failed_mail(conn, round)?;
    Ok(statuses
        .into_iter()
        .map(|r| RaterStatus {
            mail_failed: failed.contains(&r.invitation_id),
            invitation: r.invitation_id,
            status: r.status,
            name: r.rater_name,
            email: r.rater_email,
            group_name: r.group_name,
        })
        .collect())
}

/// The round's mail by state.
pub(crate) fn mail_counts_in(
    conn: &mut DbConnection,
    round: RoundId,
) -> Result<MailCounts, ServiceError> {
    let mut m = MailCounts::default();
    for (status, n) in outbox::counts(conn, round)? {
        let n = n as usize;
        match status {
            OutboxStatus::Sent | OutboxStatus::Skipped => m.sent += n,
            OutboxStatus::Failed => m.failed += n,
            OutboxStatus::Pending | OutboxStatus::Sending => m.pending += n,
        }
    }
    Ok(m)
}

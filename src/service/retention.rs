//! Bewaartermijnen (`domain::retention`): the griffier's settings, the
//! background job that deletes referenten' contact data of rounds past their
//! term (once, whatever the number of instances: `store::retention::claim`),
//! what of a round was deleted when, and removing one referent's address on
//! request before the round closes.

use jiff::Timestamp;

use crate::domain::audit::{AuditAction, System};
use crate::domain::ids::{InvitationId, MunicipalityId, RoundId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::retention::{PurgeCounts, RetentionForm, RetentionPolicy};
use crate::service::round_info::{self, RoundInfo};
use crate::service::signin::{ABSOLUTE_SECS, IDLE_SECS};
use crate::service::{Klankbord, ServiceError};
use crate::store::retention::{self, SettingsRow};
use crate::store::{rate_limits, staff, write_transaction};

/// What the round page shows about retention.
#[derive(Clone, Debug)]
pub struct RoundRetention {
    pub policy: RetentionPolicy,
    /// When the round closed (none while it is open).
    pub closed_at: Option<Timestamp>,
    /// When its contact data is (or was) due for deletion.
    pub due: Option<Timestamp>,
    /// What the job deleted, and when.
    pub purged: Option<(Timestamp, PurgeCounts)>,
    /// When addresses were removed on request.
    pub erasures: Vec<Timestamp>,
}

/// The confirmation page of a removal on request.
#[derive(Clone, Debug)]
pub struct ErasureCheck {
    pub info: RoundInfo,
    pub name: String,
    pub email: String,
}

/// How long a rate-limit row is kept at most (for the privacyverklaring).
pub const RATE_LIMIT_KEPT_SECS: i64 = rate_limits::MAX_WINDOW_SECS;

const CLOSED: &str = "Deze ronde is gesloten. Namen en e-mailadressen van referenten worden nu verwijderd volgens de bewaartermijn van de gemeente.";
const NO_RATER: &str = "Deze referent staat niet (meer) in deze ronde.";

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Klankbord {
    /// The policy as the griffier edits it, and the municipality's name.
    pub fn retention_policy(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<(String, RetentionPolicy), ServiceError> {
        let mut conn = self.conn()?;
        let name = self
            .require(&mut conn, person, municipality, Permission::ManageRetention)?
            .name;
        Ok((name, retention::policy(&mut conn, municipality)?))
    }

    /// The policy a privacyverklaring shows (public: no sign-in).
    pub fn public_retention(
        &self,
        municipality: MunicipalityId,
    ) -> Result<RetentionPolicy, ServiceError> {
        Ok(retention::policy(&mut *self.conn()?, municipality)?)
    }

    /// Stores the policy; `Err` with the wrong fields stores nothing.
    pub fn save_retention_policy(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        form: &RetentionForm,
    ) -> Result<Result<(), Vec<(String, String)>>, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, municipality, Permission::ManageRetention)?;
            let policy = match form.parse() {
                Ok(p) => p,
                Err(errors) => return Ok(Err(errors)),
            };
            retention::save_policy(c, &SettingsRow::new(municipality, &policy, now))?;
            self.audit(
                c,
                municipality,
                person,
                AuditAction::RetentionSettingsChanged,
                &format!(
                    "contactgegevens referenten {} maanden na sluiting",
                    policy.contact_months
                ),
            )?;
            Ok(Ok(()))
        })
    }

    /// The background job: forgets sign-in links, sessions and rate-limit
    /// rows that can no longer be used, then deletes the contact data of
    /// every round past its term, one transaction per round. Returns how
    /// many rounds it deleted; a round another instance holds is left to it.
    pub fn apply_retention(&self) -> Result<usize, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            staff::prune_links(c, now)?;
            staff::prune_sessions(c, now - IDLE_SECS, now - ABSOLUTE_SECS)?;
            rate_limits::prune(c, now)?;
            Ok::<_, ServiceError>(())
        })?;
        let due: Vec<_> = retention::unpurged(&mut conn)?
            .into_iter()
            .filter(|(r, policy)| policy.contact_due(at(r.closed_at)).as_second() <= now)
            .map(|(r, _)| r)
            .collect();
        let mut deleted = 0;
        for r in due {
            let done = write_transaction(&mut conn, |c| {
                if !retention::claim(c, r.round)? {
                    return Ok::<_, ServiceError>(false);
                }
                let info = round_info::load(c, r.round)?;
                let row = retention::purge(c, r.round, now)?;
                self.audit(
                    c,
                    r.municipality,
                    System::Worker,
                    AuditAction::ContactDataDeleted,
                    &format!("{}: {}", info.kind.label(), row.counts().summary()),
                )?;
                Ok(true)
            })?;
            deleted += usize::from(done);
        }
        Ok(deleted)
    }

    /// What of the round was deleted when, and when it will be (the griffier).
    pub fn round_retention(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<RoundRetention, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::ManageRound)?
            .info;
        let policy = retention::policy(&mut conn, info.municipality_id)?;
        let closed_at = retention::closed_at(&mut conn, round)?.map(at);
        Ok(RoundRetention {
            due: closed_at.map(|c| policy.contact_due(c)),
            closed_at,
            policy,
            purged: retention::purge_of(&mut conn, round)?.map(|p| (at(p.purged_at), p.counts())),
            erasures: retention::erasures_of(&mut conn, round)?
                .into_iter()
                .map(at)
                .collect(),
        })
    }

    /// Whom a removal on request would remove (the confirmation page).
    pub fn erasure_check(
        &self,
        person: StaffId,
        round: RoundId,
        invitation: InvitationId,
    ) -> Result<ErasureCheck, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::ManageRound)?
            .info;
        if info.state == crate::domain::round::RoundState::Closed {
            return Err(ServiceError::Conflict(CLOSED.into()));
        }
        let Some((_, name, email)) = retention::rater_of(&mut conn, round, invitation)? else {
            return Err(ServiceError::NotFound(NO_RATER.into()));
        };
        Ok(ErasureCheck { info, name, email })
    }

    /// Removes one referent's name, e-mail address and invitation on their
    /// request, before the round closes. An answer they already gave stays:
    /// it is sealed without any link to the invitation (anonymity.md,
    /// Storage), so removing the invitation changes nothing about it.
    pub fn erase_rater_address(
        &self,
        person: StaffId,
        round: RoundId,
        invitation: InvitationId,
    ) -> Result<(), ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, round, Permission::ManageRound)?;
            let info = round_info::lock_unclosed(c, round, CLOSED)?;
            let Some((rater, _, _)) = retention::rater_of(c, round, invitation)? else {
                return Err(ServiceError::NotFound(NO_RATER.into()));
            };
            retention::erase_address(c, round, invitation, rater, now)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::AddressErased,
                info.kind.label(),
            )
        })
    }
}

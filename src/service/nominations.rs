//! Voordrachten: the burgemeester and the klankbordcommissie suggest
//! referenten; the commissie (or the griffier on its behalf) decides; an
//! approved referent joins the round's list in the same transaction.

use jiff::Timestamp;

use crate::domain::audit::AuditAction;
use crate::domain::email::EmailAddress;
use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, NominationId, RoundId, StaffId};
use crate::domain::nomination::{self, DecisionError, NewNomination, NominationStatus, Reason};
use crate::domain::permission::Permission;
use crate::domain::rater_import::NewRater;
use crate::domain::round::RoundState;
use crate::domain::text::PersonName;
use crate::service::access::RoundAccess;
use crate::service::round_info::{self, RoundInfo};
use crate::service::setup::insert_rater;
use crate::service::{Klankbord, ServiceError};
use crate::store::nominations::{self as store, NominationRow};
use crate::store::{DbConnection, corrupt, invitations, rounds, write_transaction};

/// One suggestion as the person asking may see it.
#[derive(Clone, Debug)]
pub struct NominationLine {
    pub id: NominationId,
    pub name: String,
    pub email: String,
    pub group_name: String,
    pub reason: String,
    pub status: NominationStatus,
    pub decision_reason: Option<String>,
    /// Who made the suggestion; only for those who see every suggestion.
    pub nominated_by: Option<String>,
    pub suggested_at: Timestamp,
}

/// The suggestions of a round for one person, and what they may do.
#[derive(Clone, Debug)]
pub struct Nominations {
    pub info: RoundInfo,
    /// The groups a referent can be suggested for (never the self-assessment).
    pub groups: Vec<RaterGroup>,
    /// The person may suggest now (their role, and the round is not closed).
    pub may_nominate: bool,
    /// The person may decide now (their role, and the round is not closed).
    pub may_decide: bool,
    /// Every suggestion of the round with who made it (the deciders), or
    /// only the person's own (the burgemeester).
    pub sees_all: bool,
    pub lines: Vec<NominationLine>,
}

/// What became of a suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Nominated {
    Saved,
    /// Nothing stored: (field, Dutch message), for the form.
    Refused(Vec<(&'static str, String)>),
}

/// What a decision did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decided {
    /// On the list; `invite_now`: the round is already open, so the griffier
    /// must still send this invitation.
    Approved {
        invite_now: bool,
    },
    Declined,
}

/// A referent on the final list: name and group, never a status or answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedRater {
    pub name: String,
    pub group_name: String,
}

impl Klankbord {
    /// The suggestions of a round: the burgemeester sees their own with
    /// status and the decision's reason; the commissie and the griffier see
    /// every suggestion and who made it.
    pub fn nominations(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<Nominations, ServiceError> {
        let mut conn = self.conn()?;
        let RoundAccess { info, roles } =
            self.require(&mut conn, person, round, Permission::ReadNominations)?;
        let sees_all = nomination::may_decide(&roles);
        let open = info.state != RoundState::Closed;
        let groups = referent_groups(&mut conn, round)?;
        let lines = store::of_round(&mut conn, round, (!sees_all).then_some(person))?
            .into_iter()
            .map(|l| {
                let n = l.nomination;
                Ok(NominationLine {
                    id: n.id,
                    status: n.status,
                    suggested_at: Timestamp::from_second(n.created_at)
                        .map_err(|_| corrupt("nominations.created_at"))?,
                    name: n.name,
                    email: n.email,
                    group_name: l.group_name,
                    reason: n.reason,
                    decision_reason: n.decision_reason,
                    nominated_by: sees_all.then_some(l.nominated_by_name),
                })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(Nominations {
            may_nominate: open && nomination::may_nominate(&roles),
            may_decide: open && sees_all,
            sees_all,
            info,
            groups,
            lines,
        })
    }

    /// Suggests a referent for a round in preparation or open. Refused
    /// (nothing stored) for an unknown group, or an address that is already
    /// on the list or suggested and waiting for a decision.
    #[tracing::instrument(skip_all)]
    pub fn nominate(
        &self,
        person: StaffId,
        round: RoundId,
        n: &NewNomination,
    ) -> Result<Nominated, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, round, Permission::Nominate)?;
            let info = round_info::lock_unclosed(
                c,
                round,
                "Deze ronde is gesloten; u kunt geen referenten meer voordragen.",
            )?;
            let groups = referent_groups(c, round)?;
            let Some(group) = groups.iter().find(|g| g.key == n.group_key) else {
                return Ok(Nominated::Refused(vec![(
                    "groep",
                    "Kies een van de groepen.".into(),
                )]));
            };
            let email = n.email.as_str().to_lowercase();
            if invitations::emails_in_round(c, round)?.contains(&email) {
                return Ok(Nominated::Refused(vec![(
                    "email",
                    format!(
                        "{} staat al op de lijst van referenten van deze ronde.",
                        n.email
                    ),
                )]));
            }
            if store::emails_with_status(c, round, NominationStatus::Proposed)?.contains(&email) {
                return Ok(Nominated::Refused(vec![(
                    "email",
                    format!(
                        "{} is al voorgedragen en wacht op een besluit van de klankbordcommissie.",
                        n.email
                    ),
                )]));
            }
            store::insert(
                c,
                &NominationRow {
                    id: NominationId::random(),
                    round_id: round,
                    nominated_by: person,
                    name: n.name.as_str().to_owned(),
                    email: n.email.as_str().to_owned(),
                    rater_group_id: group.id,
                    reason: n.reason.as_str().to_owned(),
                    status: NominationStatus::Proposed,
                    decided_by: None,
                    decision_reason: None,
                    created_at: now,
                    decided_at: None,
                },
            )?;
            let detail = format!("{}: {}", group.name, n.name);
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::Nominated,
                &detail,
            )?;
            Ok(Nominated::Saved)
        })
    }

    /// Approves or declines a pending suggestion (a decline needs a reason,
    /// refused as `Invalid` without one). Approving puts the referent on the
    /// list, with an invitation not yet sent, in the same transaction.
    #[tracing::instrument(skip_all)]
    pub fn decide_nomination(
        &self,
        person: StaffId,
        round: RoundId,
        id: NominationId,
        approve: bool,
        reason: Option<&Reason>,
    ) -> Result<Decided, ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, person, round, Permission::DecideNominations)?;
            let info = round_info::lock_unclosed(
                c,
                round,
                "Deze ronde is gesloten; over voordrachten wordt niet meer beslist.",
            )?;
            let row = store::get(c, round, id)?
                .ok_or_else(|| ServiceError::NotFound("Deze voordracht bestaat niet.".into()))?;
            let current = row.status;
            let to = nomination::decide(current, approve, reason).map_err(|e| match e {
                DecisionError::AlreadyDecided(_) => ServiceError::Conflict(e.to_string()),
                DecisionError::ReasonRequired => ServiceError::Invalid(e.to_string()),
            })?;
            let group: GroupId = row.rater_group_id;
            if to == NominationStatus::Approved {
                if invitations::emails_in_round(c, round)?.contains(&row.email.to_lowercase()) {
                    return Err(ServiceError::Conflict(format!(
                        "{} staat inmiddels al op de lijst van referenten. Wijs deze voordracht af, met die reden.",
                        row.email
                    )));
                }
                let rater = NewRater {
                    name: PersonName::parse(&row.name).map_err(|_| corrupt("nominations.name"))?,
                    email: EmailAddress::parse(&row.email)
                        .map_err(|_| corrupt("nominations.email"))?,
                    group,
                };
                insert_rater(c, self.key(), round, &rater, now)?;
            }
            if !store::decide(c, id, current, to, person, reason.map(Reason::as_str), now)? {
                return Err(ServiceError::Conflict(
                    "Over deze voordracht is intussen al besloten.".into(),
                ));
            }
            let group_name = rounds::get_group(c, group)?.name;
            let (action, decided) = match to {
                NominationStatus::Approved => (
                    AuditAction::NominationApproved,
                    Decided::Approved {
                        invite_now: info.state == RoundState::Open,
                    },
                ),
                _ => (AuditAction::NominationDeclined, Decided::Declined),
            };
            let detail = format!("{group_name}: {}", row.name);
            self.audit(c, info.municipality_id, person, action, &detail)?;
            Ok(decided)
        })
    }

    /// The final list of referenten (names and groups): for the commissie
    /// and the griffier, and for the burgemeester if the round's setting
    /// says so (otherwise 403 with the reason).
    pub fn rater_list(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<(RoundInfo, Vec<ListedRater>), ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, person, round, Permission::ReadRaterList)?
            .info;
        let raters = invitations::statuses(&mut conn, round)?
            .into_iter()
            .map(|r| ListedRater {
                name: r.rater_name,
                group_name: r.group_name,
            })
            .collect();
        Ok((info, raters))
    }
}

/// The groups of a round a referent can belong to (all but the self-assessment).
fn referent_groups(c: &mut DbConnection, round: RoundId) -> Result<Vec<RaterGroup>, ServiceError> {
    Ok(rounds::groups_of(c, round)?
        .into_iter()
        .filter(|g| !g.is_self)
        .collect())
}

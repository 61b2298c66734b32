//! Publishing a closed round: its sealed records are opened and counted in
//! memory, the counts go through the anonymity engine once, and the result is
//! stored as the round's immutable released view; the records and the round
//! key are destroyed. Nothing is computed while a round is open.

use std::collections::HashMap;

use diesel::Connection;

use crate::anonymity::Params;
use crate::anonymity::release::Counts;
use crate::domain::audit::Actor;
use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, ItemId, RoundId};
use crate::domain::invitation::InvitationStatus;
use crate::domain::permission::Permission;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::round::RoundState;
use crate::results::{Comment, ReleasedView, RoundData, build_view};
use crate::service::{Klankbord, ServiceError, round_info, sealed_storage};
use crate::store::{
    DbConnection, corrupt, invitations, questionnaire, results, rounds, sealed, write_transaction,
};

/// `c_g` until delegation members who are also raters are known per group.
pub const DEFAULT_COALITION: u32 = 1;

/// What may be said about a round.
#[derive(Clone, Debug)]
pub enum RoundResults {
    /// While open: only the total and, per group, whether k is reached.
    Open {
        total: u32,
        k_reached: Vec<(String, bool)>,
    },
    Released(Box<ReleasedView>),
}

/// Everything a released view is computed from: counts per group and item
/// (and the comments), added up in memory from the opened records; single
/// responses are never kept or shown.
pub struct PublishInput {
    pub params: Params,
    pub groups: Vec<RaterGroup>,
    pub questionnaire: Questionnaire,
    pub headcounts: HashMap<GroupId, u32>,
    pub invited: HashMap<GroupId, u32>,
    pub scores: HashMap<(GroupId, ItemId), Counts>,
    pub comments: HashMap<ItemId, Vec<Comment>>,
}

impl PublishInput {
    /// Runs the anonymity engine: the released view.
    pub fn compute(&self) -> ReleasedView {
        build_view(&RoundData {
            params: self.params,
            coalition: DEFAULT_COALITION,
            groups: &self.groups,
            questionnaire: &self.questionnaire,
            headcounts: &self.headcounts,
            invited: &self.invited,
            scores: &self.scores,
            comments: &self.comments,
        })
    }
}

impl Klankbord {
    /// Publishes a closed round, outside any write lock (anonymity.md, step 0
    /// and Storage): its sealed records are opened and counted in memory from
    /// the frozen round, the engine computes the released view, and a second
    /// short transaction stores it and destroys the round key; the records are
    /// then deleted in short batches and the files made to follow.
    /// Idempotent: a round that already has its view only loses its records.
    /// Safe when two instances try at once (the first view stored wins; both
    /// computed the same one from the same frozen data).
    #[tracing::instrument(skip_all)]
    pub(crate) fn publish_closed(&self, round: RoundId) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        let json = if results::get_view(&mut conn, round)?.is_some() {
            None
        } else {
            let input = conn.transaction(|c| self.gather(c, round))?;
            let view = input.compute();
            Some(serde_json::to_string(&view).map_err(|e| ServiceError::Invalid(e.to_string()))?)
        };
        let now = self.now_secs();
        write_transaction(&mut conn, |c| {
            rounds::lock_round(c, round)?;
            let info = round_info::load(c, round)?;
            if info.state != RoundState::Closed {
                return Err(ServiceError::Conflict(
                    "Deze ronde is niet gesloten.".into(),
                ));
            }
            if let Some(json) = &json
                && results::get_view(c, round)?.is_none()
            {
                results::insert_view(c, round, now, json)?;
            }
            // Without the key the records are unreadable at once; they are
            // deleted in short batches right after (`shred_pending`).
            sealed::destroy_key(c, round)?;
            // Drafts never count: whatever was not sent goes with the round's answers.
            crate::service::draft_storage::discard_round(c, round)?;
            Ok::<_, ServiceError>(())
        })?;
        if sealed::shred_pending(&mut conn)? == 0 {
            tracing::info!("files not yet shredded after a round closed; the worker retries");
        }
        tracing::info!(
            outcome = "published",
            "round published, sealed responses destroyed"
        );
        Ok(())
    }

    /// The input of publication for a closed round (for benchmarks and
    /// checks; opens the sealed records in memory, changes nothing).
    pub fn publish_input(&self, round: RoundId) -> Result<PublishInput, ServiceError> {
        let mut conn = self.conn()?;
        conn.transaction(|c| self.gather(c, round))
    }

    fn gather(&self, c: &mut DbConnection, round: RoundId) -> Result<PublishInput, ServiceError> {
        let info = round_info::load(c, round)?;
        if info.state != RoundState::Closed {
            return Err(ServiceError::Conflict(
                "Uitkomsten worden pas berekend als de vragenlijst gesloten is.".into(),
            ));
        }
        let groups = rounds::groups_of(c, round)?;
        let questionnaire = questionnaire::load(c, round)?;
        let mut invited: HashMap<GroupId, u32> = HashMap::new();
        for r in invitations::statuses(c, round)? {
            if r.status != InvitationStatus::NotSent {
                *invited.entry(r.group_id).or_default() += 1;
            }
        }
        let opened = sealed_storage::open_round(c, self.key(), round)?;
        Ok(PublishInput {
            params: Params {
                k: info.min_group_size.get(),
                ..Params::DEFAULT
            },
            groups,
            questionnaire,
            headcounts: opened.headcounts,
            invited,
            scores: opened.scores,
            comments: opened.comments,
        })
    }

    /// The results of a round as far as they may be shown now: for a
    /// system actor also the counts while open; a person needs
    /// [`Permission::ReadResults`] (so only after close).
    pub fn results(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
    ) -> Result<RoundResults, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, actor, round, Permission::ReadResults)?
            .info;
        if info.state != RoundState::Closed {
            let k = info.min_group_size.get();
            let answered = answered_by_group(&mut conn, round)?;
            let count = |id: GroupId| answered.get(&id).copied().unwrap_or(0);
            let raters: Vec<_> = rounds::groups_of(&mut conn, round)?
                .into_iter()
                .filter(|g| !g.is_self)
                .collect();
            return Ok(RoundResults::Open {
                total: raters.iter().map(|g| count(g.id)).sum(),
                k_reached: raters
                    .iter()
                    .map(|g| (g.name.clone(), count(g.id) >= k))
                    .collect(),
            });
        }
        let json = results::get_view(&mut conn, round)?.ok_or_else(|| {
            ServiceError::Conflict(
                "De uitkomsten van deze ronde worden nog berekend. Probeer het over een minuut opnieuw."
                    .into(),
            )
        })?;
        let view: ReleasedView =
            serde_json::from_str(&json).map_err(|_| corrupt("released_views.view"))?;
        Ok(RoundResults::Released(Box::new(view)))
    }
}

/// Responses per group while a round runs, from the invitations (the sealed
/// records say nothing readable, not even their group).
pub(crate) fn answered_by_group(
    c: &mut DbConnection,
    round: RoundId,
) -> Result<HashMap<GroupId, u32>, ServiceError> {
    Ok(answered_of(&invitations::statuses(c, round)?))
}

/// Answered invitations per group, from the round's invitation statuses.
pub(crate) fn answered_of(statuses: &[invitations::RaterStatusRow]) -> HashMap<GroupId, u32> {
    let mut answered: HashMap<GroupId, u32> = HashMap::new();
    for r in statuses {
        if r.status == InvitationStatus::Answered {
            *answered.entry(r.group_id).or_default() += 1;
        }
    }
    answered
}

//! Publishing a closed round: counts aggregated in SQL go through the
//! anonymity engine once, and the result is stored as the round's immutable
//! released view. Nothing is computed while a round is open.

use std::collections::HashMap;

use diesel::Connection;

use crate::anonymity::Params;
use crate::anonymity::release::{Counts, OPTIONS};
use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, ItemId, RoundId};
use crate::domain::invitation::InvitationStatus;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::round::RoundState;
use crate::domain::token::hex;
use crate::results::{Comment, ReleasedView, RoundData, build_view};
use crate::service::{Klankbord, ServiceError, round_info};
use crate::store::{
    DbConnection, corrupt, invitations, parse_id, questionnaire, responses, results, rounds,
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

/// Everything a released view is computed from, gathered from the database
/// as counts (and the comments): single responses never leave it.
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
    /// Computes and stores the released view of a round that is being closed,
    /// in the caller's transaction (which holds the round lock).
    pub(crate) fn publish(&self, c: &mut DbConnection, round: RoundId) -> Result<(), ServiceError> {
        if results::get_view(c, round)?.is_some() {
            return Ok(());
        }
        let view = self.gather(c, round)?.compute();
        let json =
            serde_json::to_string(&view).map_err(|e| ServiceError::Invalid(e.to_string()))?;
        results::insert_view(c, round, self.now_secs(), &json)?;
        Ok(())
    }

    /// The input of publication for a round, read in one transaction (for
    /// benchmarks and checks; publishing itself happens at close).
    pub fn publish_input(&self, round: RoundId) -> Result<PublishInput, ServiceError> {
        let mut conn = self.conn()?;
        conn.transaction(|c| self.gather(c, round))
    }

    fn gather(&self, c: &mut DbConnection, round: RoundId) -> Result<PublishInput, ServiceError> {
        let info = round_info::load(c, round)?;
        let groups = rounds::groups_of(c, round)?;
        let questionnaire = questionnaire::load(c, round)?;
        let mut headcounts: HashMap<GroupId, u32> = HashMap::new();
        for (g, n) in responses::counts_by_group(c, round)? {
            headcounts.insert(
                parse_id(&g)?,
                u32::try_from(n).map_err(|_| corrupt("count"))?,
            );
        }
        let mut invited: HashMap<GroupId, u32> = HashMap::new();
        for r in invitations::statuses(c, round)? {
            if r.status != InvitationStatus::NotSent.code() {
                *invited.entry(parse_id(&r.group_id)?).or_default() += 1;
            }
        }
        let mut scores: HashMap<(GroupId, ItemId), Counts> = HashMap::new();
        for (g, item, value, n) in results::score_counts(c, round)? {
            let v = usize::try_from(value)
                .ok()
                .filter(|v| *v < OPTIONS)
                .ok_or_else(|| corrupt("response_scores.value"))?;
            scores
                .entry((parse_id(&g)?, parse_id(&item)?))
                .or_insert([0; OPTIONS])[v] += u32::try_from(n).map_err(|_| corrupt("count"))?;
        }
        // Comments in a keyed random order per (round, question): never by time or author.
        let mut comments: HashMap<ItemId, Vec<Comment>> = HashMap::new();
        for (id, group, item, body) in results::comments(c, round)? {
            let order = hex(&self.key().mac(
                "klankbord/comment-order/v1",
                &[round.to_string().as_bytes(), item.as_bytes(), id.as_bytes()],
            ));
            comments.entry(parse_id(&item)?).or_default().push(Comment {
                order,
                group: parse_id(&group)?,
                body,
            });
        }
        Ok(PublishInput {
            params: Params {
                k: info.min_group_size.get(),
                ..Params::DEFAULT
            },
            groups,
            questionnaire,
            headcounts,
            invited,
            scores,
            comments,
        })
    }

    /// The results of a round as far as they may be shown now.
    pub fn results(&self, round: RoundId) -> Result<RoundResults, ServiceError> {
        let mut conn = self.conn()?;
        let info = round_info::load(&mut conn, round)?;
        if info.state != RoundState::Closed {
            let k = info.min_group_size.get();
            let groups = rounds::groups_of(&mut conn, round)?;
            let counts = responses::counts_by_group(&mut conn, round)?;
            let count = |id: GroupId| {
                counts
                    .iter()
                    .find(|(g, _)| *g == id.to_string())
                    .map_or(0, |(_, n)| *n as u32)
            };
            let raters: Vec<_> = groups.iter().filter(|g| !g.is_self).collect();
            return Ok(RoundResults::Open {
                total: raters.iter().map(|g| count(g.id)).sum(),
                k_reached: raters
                    .iter()
                    .map(|g| (g.name.clone(), count(g.id) >= k))
                    .collect(),
            });
        }
        let json = results::get_view(&mut conn, round)?.ok_or_else(|| {
            ServiceError::NotFound("Deze ronde heeft geen gepubliceerde uitkomsten.".into())
        })?;
        let view: ReleasedView =
            serde_json::from_str(&json).map_err(|_| corrupt("released_views.view"))?;
        Ok(RoundResults::Released(Box::new(view)))
    }
}

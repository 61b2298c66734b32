//! Builds the [`ReleasedView`] of a closed round from aggregated counts,
//! through the anonymity engine.

use std::collections::HashMap;

use crate::anonymity::release::{Counts, OPTIONS, Release, ReleaseType};
use crate::anonymity::{
    Auditor, Block, Cell, CommentPlan, Params, Partition, partition, plan_comments, publish_item,
};
use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, ItemId};
use crate::domain::questionnaire::{ItemKind, Questionnaire};
use crate::results::view::{
    CellView, CommentBlock, FORMAT_VERSION, GroupView, ItemView, ReleasedView, ThemeView,
};

/// Everything the view is computed from: counts, never single responses.
pub struct RoundData<'a> {
    pub params: Params,
    /// `c_g`: respondents of a group who may pool their answers with an attacker.
    pub coalition: u32,
    /// All groups of the round in display order (the self-assessment included).
    pub groups: &'a [RaterGroup],
    pub questionnaire: &'a Questionnaire,
    /// Responses per group.
    pub headcounts: &'a HashMap<GroupId, u32>,
    /// Invitations sent per group.
    pub invited: &'a HashMap<GroupId, u32>,
    /// Answers per group and item: [CJ, 1, 2, 3, 4, 5].
    pub scores: &'a HashMap<(GroupId, ItemId), Counts>,
    /// Comments per open question.
    pub comments: &'a HashMap<ItemId, Vec<Comment>>,
}

/// One comment, with the group of its author and a keyed sort key (never
/// the time or the author).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Comment {
    pub order: String,
    pub group: GroupId,
    pub body: String,
}

fn cell(kind: ReleaseType, c: &Cell) -> CellView {
    match (c, kind) {
        (Cell::Hidden, _) => CellView::Hidden,
        (Cell::NotAsked, _) => CellView::NotAsked,
        (Cell::Shown(Release::Mean { h, cj, sum }), _) => CellView::Mean {
            respondents: *h,
            cannot_judge: *cj,
            sum: *sum,
        },
        (Cell::Shown(Release::Dist(v)), _) => CellView::Distribution { counts: *v },
    }
}

pub fn build_view(data: &RoundData<'_>) -> ReleasedView {
    let p = &data.params;
    let raters: Vec<&RaterGroup> = data.groups.iter().filter(|g| !g.is_self).collect();
    let head = |g: GroupId| data.headcounts.get(&g).copied().unwrap_or(0);
    let blocks: Vec<Block<GroupId>> = raters
        .iter()
        .map(|g| Block {
            group: g.id,
            headcount: head(g.id),
            coalition: data.coalition,
        })
        .collect();
    let respondents = blocks.iter().map(|b| b.headcount).sum();
    // The self-assessment: exactly one response of the self group, shown as
    // it is and never counted anywhere else.
    let self_group = data
        .groups
        .iter()
        .find(|g| g.is_self)
        .map(|g| g.id)
        .filter(|g| head(*g) == 1);
    let self_answer = |item: ItemId| -> Option<u32> {
        let counts = data.scores.get(&(self_group?, item))?;
        (0..OPTIONS).find(|o| counts[*o] > 0).map(|o| o as u32)
    };
    let self_comment = |item: ItemId| -> Option<String> {
        let g = self_group?;
        data.comments
            .get(&item)?
            .iter()
            .find(|c| c.group == g)
            .map(|c| c.body.clone())
    };
    let invited_of = |g: GroupId| data.invited.get(&g).copied().unwrap_or(0);
    let invited = raters.iter().map(|g| invited_of(g.id)).sum();
    let base = ReleasedView {
        format: FORMAT_VERSION,
        k: p.k,
        l: p.l,
        d: p.d,
        k_text: p.k_text(),
        release_type: None,
        too_few: true,
        respondents,
        invited,
        self_assessed: self_group.is_some(),
        groups: Vec::new(),
        pooled_groups: Vec::new(),
        themes: Vec::new(),
    };
    let Partition::Blocks { named, pool, kind } = partition(&blocks, p) else {
        return base;
    };
    let name_of = |id: GroupId| raters.iter().find(|g| g.id == id);
    let groups: Vec<GroupView> = named
        .iter()
        .filter_map(|b| {
            name_of(b.group).map(|g| GroupView {
                key: g.key.clone(),
                name: g.name.clone(),
                respondents: b.headcount,
                invited: invited_of(g.id),
            })
        })
        .collect();
    let pooled_groups = pool
        .iter()
        .filter(|b| b.headcount > 0)
        .filter_map(|b| name_of(b.group).map(|g| g.name.clone()))
        .collect();

    let mut auditor = Auditor::new(kind, *p);
    let themes = data
        .questionnaire
        .themes
        .iter()
        .map(|theme| ThemeView {
            title: theme.title.clone(),
            items: theme
                .items
                .iter()
                .map(|item| {
                    let asked = |g: GroupId| item.groups.contains(&g);
                    let counts = |g: GroupId| {
                        data.scores
                            .get(&(g, item.id))
                            .copied()
                            .unwrap_or([0; OPTIONS])
                    };
                    match item.kind {
                        ItemKind::Scale => {
                            let shown: Vec<(Counts, u32)> = named
                                .iter()
                                .filter(|b| asked(b.group))
                                .map(|b| (counts(b.group), b.coalition))
                                .collect();
                            let pooled: Vec<(Counts, u32)> = pool
                                .iter()
                                .filter(|b| asked(b.group))
                                .map(|b| (counts(b.group), b.coalition))
                                .collect();
                            let released = publish_item(&mut auditor, &shown, &pooled);
                            let mut cells = released.named.iter();
                            let group_cells = named
                                .iter()
                                .map(|b| {
                                    if asked(b.group) {
                                        cells.next().map_or(CellView::Hidden, |c| cell(kind, c))
                                    } else {
                                        CellView::NotAsked
                                    }
                                })
                                .collect();
                            ItemView {
                                text: item.text.clone(),
                                kind: "scale".into(),
                                groups: group_cells,
                                overall: Some(cell(kind, &released.overall)),
                                comments: None,
                                self_answer: self_answer(item.id),
                                self_comment: None,
                            }
                        }
                        ItemKind::Open { .. } => {
                            let asked_groups: Vec<Block<GroupId>> =
                                blocks.iter().filter(|b| asked(b.group)).cloned().collect();
                            let comments = match plan_comments(&asked_groups, p) {
                                CommentPlan::Hidden => None,
                                CommentPlan::Shown { labelled, together } => {
                                    let mut list: Vec<&Comment> = data
                                        .comments
                                        .get(&item.id)
                                        .map(|l| l.iter().collect())
                                        .unwrap_or_default();
                                    list.sort_unstable();
                                    let of = |groups: &[GroupId]| -> Vec<String> {
                                        list.iter()
                                            .filter(|c| groups.contains(&c.group))
                                            .map(|c| c.body.clone())
                                            .collect()
                                    };
                                    let mut out: Vec<CommentBlock> = labelled
                                        .iter()
                                        .filter_map(|g| {
                                            name_of(*g).map(|named| CommentBlock {
                                                group: Some(named.name.clone()),
                                                comments: of(&[*g]),
                                            })
                                        })
                                        .collect();
                                    if !together.is_empty() {
                                        out.push(CommentBlock {
                                            group: None,
                                            comments: of(&together),
                                        });
                                    }
                                    Some(out)
                                }
                            };
                            ItemView {
                                text: item.text.clone(),
                                kind: "open".into(),
                                groups: Vec::new(),
                                overall: None,
                                comments,
                                self_answer: None,
                                self_comment: self_comment(item.id),
                            }
                        }
                    }
                })
                .collect(),
        })
        .collect();
    ReleasedView {
        release_type: Some(match kind {
            ReleaseType::Mean => "mean".into(),
            ReleaseType::Dist => "distribution".into(),
        }),
        too_few: false,
        groups,
        pooled_groups,
        themes,
        ..base
    }
}

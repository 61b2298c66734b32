//! Builds the [`ReleasedView`] of a closed round from aggregated counts,
//! through the anonymity engine.

use std::collections::HashMap;

use crate::anonymity::release::{Counts, OPTIONS, Release};
use crate::anonymity::{
    Auditor, Block, Cell, CommentPlan, Params, Partition, partition, plan_comments, publish_item,
};
use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, ItemId};
use crate::domain::questionnaire::{Item, ItemKind, Questionnaire};
use crate::results::view::{
    CellView, CommentBlock, FORMAT_VERSION, GroupView, ItemType, ItemView, ReleasedView, ThemeView,
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

fn cell(c: &Cell) -> CellView {
    match c {
        Cell::Hidden => CellView::Hidden,
        Cell::NotAsked => CellView::NotAsked,
        Cell::Shown(Release::Mean { h, cj, sum }) => CellView::Mean {
            respondents: *h,
            cannot_judge: *cj,
            sum: *sum,
        },
        Cell::Shown(Release::Dist(v)) => CellView::Distribution { counts: *v },
    }
}

/// The round as the view sees it: its referenten groups as blocks, and the
/// self-assessment group if exactly one self-assessment was stored.
struct Round<'d, 'a> {
    data: &'d RoundData<'a>,
    raters: Vec<&'a RaterGroup>,
    blocks: Vec<Block<GroupId>>,
    self_group: Option<GroupId>,
}

impl<'d, 'a> Round<'d, 'a> {
    fn new(data: &'d RoundData<'a>) -> Self {
        let raters: Vec<&RaterGroup> = data.groups.iter().filter(|g| !g.is_self).collect();
        let head = |g: GroupId| data.headcounts.get(&g).copied().unwrap_or(0);
        let blocks = raters
            .iter()
            .map(|g| Block {
                group: g.id,
                headcount: head(g.id),
                coalition: data.coalition,
            })
            .collect();
        // The self-assessment: exactly one response of the self group, shown as
        // it is and never counted anywhere else.
        let self_group = data
            .groups
            .iter()
            .find(|g| g.is_self)
            .map(|g| g.id)
            .filter(|g| head(*g) == 1);
        Self {
            data,
            raters,
            blocks,
            self_group,
        }
    }

    fn invited_of(&self, g: GroupId) -> u32 {
        self.data.invited.get(&g).copied().unwrap_or(0)
    }

    fn name_of(&self, id: GroupId) -> Option<&'a RaterGroup> {
        self.raters.iter().find(|g| g.id == id).copied()
    }

    /// The view of a round with too few respondents; every view starts here.
    fn too_few_view(&self) -> ReleasedView {
        let p = &self.data.params;
        ReleasedView {
            format: FORMAT_VERSION,
            k: p.k,
            l: p.l,
            d: p.d,
            k_text: p.k_text(),
            release_type: None,
            too_few: true,
            respondents: self.blocks.iter().map(|b| b.headcount).sum(),
            invited: self.raters.iter().map(|g| self.invited_of(g.id)).sum(),
            self_assessed: self.self_group.is_some(),
            groups: Vec::new(),
            pooled_groups: Vec::new(),
            themes: Vec::new(),
        }
    }

    fn self_answer(&self, item: ItemId) -> Option<u32> {
        let counts = self.data.scores.get(&(self.self_group?, item))?;
        (0..OPTIONS).find(|o| counts[*o] > 0).map(|o| o as u32)
    }

    fn self_comment(&self, item: ItemId) -> Option<String> {
        let g = self.self_group?;
        self.data
            .comments
            .get(&item)?
            .iter()
            .find(|c| c.group == g)
            .map(|c| c.body.clone())
    }

    fn counts(&self, g: GroupId, item: ItemId) -> Counts {
        self.data
            .scores
            .get(&(g, item))
            .copied()
            .unwrap_or([0; OPTIONS])
    }
}

/// The groups shown by name, with their respondents.
fn group_views(round: &Round<'_, '_>, named: &[Block<GroupId>]) -> Vec<GroupView> {
    named
        .iter()
        .filter_map(|b| {
            round.name_of(b.group).map(|g| GroupView {
                key: g.key.clone(),
                name: g.name.clone(),
                respondents: b.headcount,
                invited: round.invited_of(g.id),
            })
        })
        .collect()
}

/// The names of the pooled groups that had any respondent.
fn pooled_names(round: &Round<'_, '_>, pool: &[Block<GroupId>]) -> Vec<String> {
    pool.iter()
        .filter(|b| b.headcount > 0)
        .filter_map(|b| round.name_of(b.group).map(|g| g.name.clone()))
        .collect()
}

/// A statement: one cell per named group and the overall cell, through the auditor.
fn scale_item(
    round: &Round<'_, '_>,
    auditor: &mut Auditor,
    (named, pool): (&[Block<GroupId>], &[Block<GroupId>]),
    item: &Item,
) -> ItemView {
    let asked = |b: &&Block<GroupId>| item.groups.contains(&b.group);
    let with_counts = |b: &Block<GroupId>| (round.counts(b.group, item.id), b.coalition);
    let shown: Vec<(Counts, u32)> = named.iter().filter(asked).map(with_counts).collect();
    let pooled: Vec<(Counts, u32)> = pool.iter().filter(asked).map(with_counts).collect();
    let released = publish_item(auditor, &shown, &pooled);
    let mut cells = released.named.iter();
    let groups = named
        .iter()
        .map(|b| {
            if asked(&b) {
                cells.next().map_or(CellView::Hidden, cell)
            } else {
                CellView::NotAsked
            }
        })
        .collect();
    ItemView {
        text: item.text.clone(),
        kind: ItemType::Scale,
        groups,
        overall: Some(cell(&released.overall)),
        comments: None,
        self_answer: round.self_answer(item.id),
        self_comment: None,
    }
}

/// An open question: its comments in blocks, if enough raters got it.
fn open_item(round: &Round<'_, '_>, item: &Item) -> ItemView {
    let asked: Vec<Block<GroupId>> = round
        .blocks
        .iter()
        .filter(|b| item.groups.contains(&b.group))
        .cloned()
        .collect();
    let comments = match plan_comments(&asked, &round.data.params) {
        CommentPlan::Hidden => None,
        CommentPlan::Shown { labelled, together } => {
            Some(comment_blocks(round, item.id, &labelled, &together))
        }
    };
    ItemView {
        text: item.text.clone(),
        kind: ItemType::Open,
        groups: Vec::new(),
        overall: None,
        comments,
        self_answer: None,
        self_comment: round.self_comment(item.id),
    }
}

/// The comments of the labelled groups under their names, then those of the
/// other groups together, each in the keyed order.
fn comment_blocks(
    round: &Round<'_, '_>,
    item: ItemId,
    labelled: &[GroupId],
    together: &[GroupId],
) -> Vec<CommentBlock> {
    let mut list: Vec<&Comment> = round
        .data
        .comments
        .get(&item)
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
            round.name_of(*g).map(|named| CommentBlock {
                group: Some(named.name.clone()),
                comments: of(&[*g]),
            })
        })
        .collect();
    if !together.is_empty() {
        out.push(CommentBlock {
            group: None,
            comments: of(together),
        });
    }
    out
}

pub fn build_view(data: &RoundData<'_>) -> ReleasedView {
    let round = Round::new(data);
    let base = round.too_few_view();
    let Partition::Blocks { named, pool, kind } = partition(&round.blocks, &data.params) else {
        return base;
    };
    let mut auditor = Auditor::new(kind, data.params);
    let mut themes = Vec::new();
    for theme in &data.questionnaire.themes {
        let mut items = Vec::new();
        for item in &theme.items {
            items.push(match item.kind {
                ItemKind::Scale => scale_item(&round, &mut auditor, (&named, &pool), item),
                ItemKind::Open { .. } => open_item(&round, item),
            });
        }
        themes.push(ThemeView {
            title: theme.title.clone(),
            items,
        });
    }
    ReleasedView {
        release_type: Some(kind.into()),
        too_few: false,
        groups: group_views(&round, &named),
        pooled_groups: pooled_names(&round, &pool),
        themes,
        ..base
    }
}

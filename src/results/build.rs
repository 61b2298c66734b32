//! Builds the [`ReleasedView`] of a closed round from aggregated counts,
//! through the anonymity engine.

use std::collections::HashMap;

use crate::anonymity::release::{Counts, OPTIONS, Release, ReleaseType};
use crate::anonymity::{Auditor, Block, Cell, Params, Partition, partition, publish_item};
use crate::domain::group::RaterGroup;
use crate::domain::ids::{GroupId, ItemId};
use crate::domain::questionnaire::{ItemKind, Questionnaire};
use crate::results::view::{
    CellView, FORMAT_VERSION, GroupView, ItemView, ReleasedView, ThemeView,
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
    /// Comments per open question, with a keyed sort key (not the time or author).
    pub comments: &'a HashMap<ItemId, Vec<(String, String)>>,
}

fn cell(kind: ReleaseType, c: &Cell) -> CellView {
    match (c, kind) {
        (Cell::Hidden, _) => CellView::Hidden,
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
                            }
                        }
                        ItemKind::Open { .. } => {
                            let asked_heads: u32 = raters
                                .iter()
                                .filter(|g| asked(g.id))
                                .map(|g| head(g.id))
                                .sum();
                            let comments = (asked_heads >= p.k_text()).then(|| {
                                let mut list =
                                    data.comments.get(&item.id).cloned().unwrap_or_default();
                                list.sort();
                                list.into_iter().map(|(_, body)| body).collect()
                            });
                            ItemView {
                                text: item.text.clone(),
                                kind: "open".into(),
                                groups: Vec::new(),
                                overall: None,
                                comments,
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

//! The exhaustive attacker (anonymity.md, test 1): for small rounds, every
//! possible set of answers is run through the engine, datasets are grouped
//! by what is published, and guarantee G is checked for every output class,
//! coalition and respondent. Written without using the engine's own rule.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use klankbord::anonymity::release::{Counts, OPTIONS, all_counts};
use klankbord::anonymity::{Block, Cell, ItemRelease, Params, Partition, partition, publish_item};

/// Publishes one item for the given per-group answers, as the engine would.
fn publish(heads: &[u32], c: u32, data: &[Counts], p: &Params) -> Option<ItemRelease> {
    let blocks: Vec<Block<usize>> = heads
        .iter()
        .enumerate()
        .map(|(g, h)| Block {
            group: g,
            headcount: *h,
            coalition: c,
        })
        .collect();
    match partition(&blocks, p) {
        Partition::TooFew => None,
        Partition::Blocks { named, pool, kind } => {
            let named: Vec<(Counts, u32)> =
                named.iter().map(|b| (data[b.group], b.coalition)).collect();
            let pool: Vec<(Counts, u32)> =
                pool.iter().map(|b| (data[b.group], b.coalition)).collect();
            Some(publish_item(kind, &named, &pool, p))
        }
    }
}

/// Options a target in group `target` may still have answered, over `datasets`
/// that contain the coalition (one respondent of group `cg` who answered `a`).
fn options_left(
    datasets: &[Vec<Counts>],
    target: usize,
    coalition: Option<(usize, usize)>,
) -> Option<u32> {
    let mut seen = 0u8;
    let mut any = false;
    for d in datasets {
        let mut mine = d[target];
        if let Some((cg, a)) = coalition {
            if d[cg][a] == 0 {
                continue;
            }
            if cg == target {
                mine[a] -= 1;
            }
        }
        if mine.iter().sum::<u32>() == 0 {
            continue;
        }
        any = true;
        for (o, n) in mine.iter().enumerate() {
            if *n > 0 {
                seen |= 1 << o;
            }
        }
    }
    any.then_some(seen.count_ones())
}

fn verify(heads: &[u32], c: u32, p: &Params) {
    let per_group: Vec<Vec<Counts>> = heads.iter().map(|h| all_counts(*h)).collect();
    let mut classes: HashMap<Option<ItemRelease>, Vec<Vec<Counts>>> = HashMap::new();
    let total: usize = per_group.iter().map(Vec::len).product();
    for n in 0..total {
        let mut rest = n;
        let data: Vec<Counts> = per_group
            .iter()
            .map(|vs| {
                let v = vs[rest % vs.len()];
                rest /= vs.len();
                v
            })
            .collect();
        classes
            .entry(publish(heads, c, &data, p))
            .or_default()
            .push(data);
    }
    for (output, datasets) in &classes {
        for target in 0..heads.len() {
            let coalitions: Vec<Option<(usize, usize)>> = std::iter::once(None)
                .chain(
                    (0..heads.len())
                        .filter(|_| c >= 1)
                        .flat_map(|cg| (0..OPTIONS).map(move |a| Some((cg, a)))),
                )
                .collect();
            for coalition in coalitions {
                if let Some(left) = options_left(datasets, target, coalition) {
                    assert!(
                        left >= p.l,
                        "guarantee G broken: heads {heads:?}, c {c}, output {output:?}, target group {target}, coalition {coalition:?}: only {left} option(s) left"
                    );
                }
            }
        }
    }
}

#[test]
fn the_exhaustive_attacker_learns_no_single_answer() {
    let p = Params::DEFAULT;
    let configs: &[&[u32]] = &[
        &[3],
        &[4],
        &[5],
        &[3, 3],
        &[4, 3],
        &[4, 4],
        &[4, 2],
        &[4, 1],
        &[3, 2, 1],
        &[4, 3, 2],
        &[4, 4, 1],
    ];
    for heads in configs {
        for c in [0, 1] {
            verify(heads, c, &p);
        }
    }
}

// Named attacks (anonymity.md): each a small round an attacker would try.

fn named(heads: &[(usize, u32)], p: &Params) -> (Vec<usize>, Vec<usize>) {
    let blocks: Vec<Block<usize>> = heads
        .iter()
        .map(|(g, h)| Block {
            group: *g,
            headcount: *h,
            coalition: 1,
        })
        .collect();
    match partition(&blocks, p) {
        Partition::TooFew => (vec![], vec![]),
        Partition::Blocks { named, pool, .. } => (
            named.iter().map(|b| b.group).collect(),
            pool.iter().map(|b| b.group).collect(),
        ),
    }
}

#[test]
fn overall_minus_the_visible_groups_never_isolates_a_group_of_two() {
    // Raad 6, politie 2: subtracting the raad from the overall would give the
    // two police officers, so the raad joins the Pool and only the overall is shown.
    let (shown, pooled) = named(&[(0, 6), (1, 2)], &Params::DEFAULT);
    assert!(shown.is_empty());
    assert_eq!(pooled, vec![0, 1]);
    let out = publish(
        &[6, 2],
        1,
        &[[0, 1, 1, 2, 1, 1], [0, 0, 0, 0, 0, 2]],
        &Params::DEFAULT,
    )
    .unwrap();
    assert!(out.named.is_empty(), "no group is shown by name");
}

#[test]
fn a_group_that_all_gave_the_top_answer_is_not_shown() {
    let out = publish(
        &[5, 6],
        1,
        &[[0, 0, 0, 0, 0, 5], [0, 1, 1, 2, 1, 1]],
        &Params::DEFAULT,
    )
    .unwrap();
    assert_eq!(out.named, vec![Cell::Hidden, Cell::Hidden]);
    assert_eq!(
        out.overall,
        Cell::Hidden,
        "not even the overall, which would give it away by subtraction"
    );
}

#[test]
fn cannot_judge_answers_that_leave_fewer_than_k_hide_the_figure() {
    let out = publish(
        &[4, 6],
        1,
        &[[2, 0, 0, 1, 1, 0], [0, 1, 1, 2, 1, 1]],
        &Params::DEFAULT,
    )
    .unwrap();
    assert_eq!(out.named[0], Cell::Hidden);
}

#[test]
fn an_insider_who_knows_their_own_answer_learns_nothing_about_the_others() {
    // 4, 4, 5, 5 may be shown: whoever knows one answer still sees two options for the others.
    let out = publish(
        &[4, 6],
        1,
        &[[0, 0, 0, 0, 2, 2], [0, 1, 1, 2, 1, 1]],
        &Params::DEFAULT,
    )
    .unwrap();
    assert!(
        matches!(out.named[0], Cell::Shown(_)),
        "a varied group of four is shown"
    );
    let out = publish(
        &[4, 6],
        1,
        &[[0, 0, 0, 0, 1, 3], [0, 1, 1, 2, 1, 1]],
        &Params::DEFAULT,
    )
    .unwrap();
    assert_eq!(
        out.named[0],
        Cell::Hidden,
        "4, 5, 5, 5: the one who said 4 would know the rest"
    );
}

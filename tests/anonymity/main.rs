//! The exhaustive attacker (anonymity.md, test 1): for small rounds, every
//! possible set of answers is run through the engine, datasets are grouped
//! by what is published, and guarantee G is checked for every output class,
//! coalition and respondent. Written without using the engine's own rule.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use klankbord::anonymity::release::{Counts, OPTIONS, all_counts};
use klankbord::anonymity::{Block, ItemRelease, Params, Partition, partition, publish_item};

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

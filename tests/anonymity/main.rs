//! The exhaustive attacker (anonymity.md, test 1): for small rounds, every
//! possible set of answers is run through the engine, datasets are grouped
//! by what is published, and guarantee G is checked for every output class,
//! coalition and respondent. Written without using the engine's own rule.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod properties;
mod realistic;

use std::collections::HashMap;

use klankbord::anonymity::allowed;
use klankbord::anonymity::release::{Counts, OPTIONS, ReleaseType, all_counts, release};
use klankbord::anonymity::{
    Auditor, Block, Cell, ItemRelease, Params, Partition, partition, publish_item,
};

/// One block per group, each with coalition `c`.
fn blocks(heads: &[u32], c: u32) -> Vec<Block<usize>> {
    heads
        .iter()
        .enumerate()
        .map(|(g, h)| Block {
            group: g,
            headcount: *h,
            coalition: c,
        })
        .collect()
}

/// The engine for one round shape: partition by headcount, then per item.
struct Engine {
    partition: Partition<usize>,
    auditor: Option<Auditor>,
}

impl Engine {
    fn new(heads: &[u32], c: u32, p: &Params) -> Engine {
        let partition = partition(&blocks(heads, c), p);
        let auditor = match &partition {
            Partition::TooFew => None,
            Partition::Blocks { kind, .. } => Some(Auditor::new(*kind, *p)),
        };
        Engine { partition, auditor }
    }

    /// Publishes one item for the given per-group answers, as the engine would.
    fn publish(&mut self, data: &[Counts]) -> Option<ItemRelease> {
        let (Partition::Blocks { named, pool, .. }, Some(auditor)) =
            (&self.partition, self.auditor.as_mut())
        else {
            return None;
        };
        let named: Vec<(Counts, u32)> =
            named.iter().map(|b| (data[b.group], b.coalition)).collect();
        let pool: Vec<(Counts, u32)> = pool.iter().map(|b| (data[b.group], b.coalition)).collect();
        Some(publish_item(auditor, &named, &pool))
    }
}

fn publish(heads: &[u32], c: u32, data: &[Counts], p: &Params) -> Option<ItemRelease> {
    Engine::new(heads, c, p).publish(data)
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

/// What one exhaustive run saw.
#[derive(Debug, Default)]
struct Seen {
    datasets: usize,
    classes: usize,
    /// Datasets in which at least one group was shown by name.
    named_shown: usize,
    /// Datasets in which the overall was shown.
    overall_shown: usize,
}

/// Checks guarantee G for every output class of `engine` over every dataset
/// of a round with these headcounts; `Err` names the first breach.
fn attack(
    heads: &[u32],
    c: u32,
    l: u32,
    mut engine: impl FnMut(&[Counts]) -> Option<ItemRelease>,
) -> Result<Seen, String> {
    let per_group: Vec<Vec<Counts>> = heads.iter().map(|h| all_counts(*h)).collect();
    let mut classes: HashMap<Option<ItemRelease>, Vec<Vec<Counts>>> = HashMap::new();
    let total: usize = per_group.iter().map(Vec::len).product();
    let mut seen = Seen {
        datasets: total,
        ..Seen::default()
    };
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
        let output = engine(&data);
        if let Some(out) = &output {
            seen.named_shown += usize::from(out.named.iter().any(|c| *c != Cell::Hidden));
            seen.overall_shown += usize::from(out.overall != Cell::Hidden);
        }
        classes.entry(output).or_default().push(data);
    }
    seen.classes = classes.len();
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
                if let Some(left) = options_left(datasets, target, coalition)
                    && left < l
                {
                    return Err(format!(
                        "guarantee G broken: heads {heads:?}, c {c}, output {output:?}, target group {target}, coalition {coalition:?}: only {left} option(s) left"
                    ));
                }
            }
        }
    }
    Ok(seen)
}

fn verify(heads: &[u32], c: u32, p: &Params) -> Seen {
    let mut engine = Engine::new(heads, c, p);
    let seen = attack(heads, c, p.l, |data| engine.publish(data)).unwrap_or_else(|e| panic!("{e}"));
    println!("heads {heads:?} c {c} d {}: {seen:?}", p.d);
    seen
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
            let seen = verify(heads, c, &p);
            if heads.iter().sum::<u32>() >= 4 {
                assert!(seen.overall_shown > 0, "the engine shows something");
            }
        }
    }
}

#[test]
fn the_exhaustive_attacker_learns_nothing_from_complementary_suppression() {
    // Three named groups without a coalition: chains of up to two complementary groups.
    let seen = verify(&[3, 3, 3], 0, &Params::DEFAULT);
    assert!(seen.named_shown > seen.datasets / 2, "{seen:?}");
    // Two named groups and a Pool, against a coalition of one.
    let seen = verify(&[4, 4, 3], 1, &Params::DEFAULT);
    assert!(seen.named_shown > 0, "{seen:?}");
}

#[test]
fn the_exhaustive_attacker_learns_no_single_answer_from_distributions() {
    for (heads, c, d) in [
        (&[3, 3][..], 0, 3),
        (&[4, 4][..], 1, 4),
        (&[4, 3, 1][..], 1, 3),
        (&[3, 3, 3][..], 0, 3),
    ] {
        let p = Params {
            d,
            ..Params::DEFAULT
        };
        let seen = verify(heads, c, &p);
        assert!(seen.overall_shown > 0, "{seen:?}");
    }
}

#[test]
fn the_attacker_test_catches_an_engine_without_suppression() {
    // Publishing every group's mean as it is: a group of four that all
    // answered 5 is then recognised.
    let naive = |data: &[Counts]| {
        Some(ItemRelease {
            named: data
                .iter()
                .map(|v| Cell::Shown(release(ReleaseType::Mean, v)))
                .collect(),
            overall: Cell::Hidden,
        })
    };
    assert!(attack(&[4, 4], 1, 2, naive).is_err());
    // Primary suppression alone is not enough either: overall minus the
    // shown group gives the hidden one away.
    let p = Params::DEFAULT;
    let primary_only = |data: &[Counts]| {
        let mut overall = [0; OPTIONS];
        for v in data {
            for o in 0..OPTIONS {
                overall[o] += v[o];
            }
        }
        Some(ItemRelease {
            named: data
                .iter()
                .map(|v| {
                    if allowed(ReleaseType::Mean, v, p.k, p.l, 1) {
                        Cell::Shown(release(ReleaseType::Mean, v))
                    } else {
                        Cell::Hidden
                    }
                })
                .collect(),
            overall: Cell::Shown(release(ReleaseType::Mean, &overall)),
        })
    };
    assert!(attack(&[4, 4], 1, 2, primary_only).is_err());
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

#[test]
fn a_dash_that_would_leak_through_the_overall_takes_another_group_with_it() {
    // Four wethouders all answered 5: their figure is hidden ("—"). If the
    // raad's figure and the overall were both shown, overall minus raad would
    // give the wethouders' 5.0 back, so the raad is hidden too (complementary).
    let out = publish(
        &[4, 6],
        1,
        &[[0, 0, 0, 0, 0, 4], [0, 1, 1, 2, 1, 1]],
        &Params::DEFAULT,
    )
    .unwrap();
    assert_eq!(out.named[0], Cell::Hidden, "primary");
    assert!(
        out.named[1] == Cell::Hidden || out.overall == Cell::Hidden,
        "overall minus the raad must not give the wethouders' answers: {out:?}"
    );
}

#[test]
fn one_hidden_group_costs_at_most_the_next_smallest_when_groups_are_large_enough() {
    // The police's 1, 5, 5, 5 is hidden (primary); one more group hides it
    // (complementary, the smallest); the largest group and the overall stay shown.
    let spread = |h: u32| [0, h / 5, h / 5, h - 4 * (h / 5), h / 5, h / 5];
    for (a, b) in [(8, 10), (10, 12), (12, 20)] {
        let out = publish(
            &[4, a, b],
            1,
            &[[0, 1, 0, 0, 0, 3], spread(a), spread(b)],
            &Params::DEFAULT,
        )
        .unwrap();
        assert_eq!(out.named[..2], [Cell::Hidden, Cell::Hidden], "{a} {b}");
        assert!(matches!(out.named[2], Cell::Shown(_)), "{a} {b}: {out:?}");
        assert!(matches!(out.overall, Cell::Shown(_)), "{a} {b}: {out:?}");
    }
    // With two small partner groups the hidden part cannot be kept safe
    // without hiding every group; the overall is still shown.
    let out = publish(
        &[4, 5, 8],
        1,
        &[[0, 1, 0, 0, 0, 3], spread(5), [0, 1, 2, 2, 2, 1]],
        &Params::DEFAULT,
    )
    .unwrap();
    assert_eq!(out.named, vec![Cell::Hidden; 3]);
    assert!(matches!(out.overall, Cell::Shown(_)));
}

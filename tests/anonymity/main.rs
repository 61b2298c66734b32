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

    /// The same with another work limit, to reach the fail-closed paths.
    fn with_limit(heads: &[u32], c: u32, p: &Params, limit: u64) -> Engine {
        let mut engine = Engine::new(heads, c, p);
        if let Partition::Blocks { kind, .. } = &engine.partition {
            engine.auditor = Some(Auditor::with_limit(*kind, *p, limit));
        }
        engine
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

/// A coalition: respondents who pool their answers with the attacker, each
/// as (group, answer).
type Coalition = Vec<(usize, usize)>;

/// The coalitions of the threat model: `c` (0 or 1) applies per released
/// block (a named group, or the Pool as a whole), so with `c = 1` the
/// attacker holds the answer of one respondent of one group.
fn singles(groups: usize, c: u32) -> Vec<Coalition> {
    std::iter::once(vec![])
        .chain(
            (0..groups)
                .filter(|_| c >= 1)
                .flat_map(|cg| (0..OPTIONS).map(move |a| vec![(cg, a)])),
        )
        .collect()
}

/// One insider in each of two groups at once (outside the threat model for
/// two groups of the same Pool, whose `c` is 1: see anonymity-decisions.md).
fn pairs(a: usize, b: usize) -> Vec<Coalition> {
    (0..OPTIONS)
        .flat_map(|x| (0..OPTIONS).map(move |y| vec![(a, x), (b, y)]))
        .collect()
}

/// Options a target in group `target` may still have answered, over `datasets`
/// that contain the coalition; only the answer values 1..=5 count.
fn options_left(
    datasets: &[Vec<Counts>],
    target: usize,
    coalition: &[(usize, usize)],
) -> Option<u32> {
    let mut seen = 0u8;
    let mut any = false;
    'data: for d in datasets {
        let mut mine = d[target];
        for (i, (cg, a)) in coalition.iter().enumerate() {
            // The dataset holds every insider's answer (repeats counted).
            let needed = coalition[..=i].iter().filter(|x| **x == (*cg, *a)).count();
            if (d[*cg][*a] as usize) < needed {
                continue 'data;
            }
            if *cg == target {
                mine[*a] -= 1;
            }
        }
        if mine.iter().sum::<u32>() == 0 {
            continue;
        }
        any = true;
        // Only the answer values 1..=5 count; "kan ik niet beoordelen" is no option.
        for (o, n) in mine.iter().enumerate().skip(1) {
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
    /// Datasets in which some group was shown but not the overall.
    groups_without_overall: usize,
}

/// Every dataset of a round with these headcounts, each a count vector per group.
fn datasets(heads: &[u32]) -> impl Iterator<Item = Vec<Counts>> {
    let per_group: Vec<Vec<Counts>> = heads.iter().map(|h| all_counts(*h)).collect();
    let total: usize = per_group.iter().map(Vec::len).product();
    (0..total).map(move |n| {
        let mut rest = n;
        per_group
            .iter()
            .map(|vs| {
                let v = vs[rest % vs.len()];
                rest /= vs.len();
                v
            })
            .collect()
    })
}

/// The first breach of guarantee G in one output class, if any.
fn breach(
    heads: &[u32],
    coalitions: &[Coalition],
    l: u32,
    output: &Option<ItemRelease>,
    class: &[Vec<Counts>],
) -> Option<String> {
    for target in 0..heads.len() {
        for coalition in coalitions {
            if let Some(left) = options_left(class, target, coalition)
                && left < l
            {
                return Some(format!(
                    "guarantee G broken: heads {heads:?}, output {output:?}, target group {target}, coalition {coalition:?}: only {left} answer value(s) left"
                ));
            }
        }
    }
    None
}

/// Checks guarantee G for every output class of `engine` over every dataset
/// of a round with these headcounts; `Err` names the first breach.
fn attack(
    heads: &[u32],
    coalitions: &[Coalition],
    l: u32,
    mut engine: impl FnMut(&[Counts]) -> Option<ItemRelease>,
) -> Result<Seen, String> {
    let mut classes: HashMap<Option<ItemRelease>, Vec<Vec<Counts>>> = HashMap::new();
    let mut seen = Seen::default();
    for data in datasets(heads) {
        seen.datasets += 1;
        let output = engine(&data);
        if let Some(out) = &output {
            let named = out.named.iter().any(|c| matches!(c, Cell::Shown(_)));
            seen.named_shown += usize::from(named);
            seen.overall_shown += usize::from(matches!(out.overall, Cell::Shown(_)));
            seen.groups_without_overall += usize::from(named && out.overall == Cell::Hidden);
        }
        classes.entry(output).or_default().push(data);
    }
    seen.classes = classes.len();
    for (output, class) in &classes {
        if let Some(e) = breach(heads, coalitions, l, output, class) {
            return Err(e);
        }
    }
    Ok(seen)
}

/// Is G broken in the output class of `data`?
fn class_breached(
    heads: &[u32],
    coalitions: &[Coalition],
    l: u32,
    mut engine: impl FnMut(&[Counts]) -> Option<ItemRelease>,
    data: &[Counts],
) -> bool {
    let output = engine(data);
    let class: Vec<Vec<Counts>> = datasets(heads).filter(|d| engine(d) == output).collect();
    breach(heads, coalitions, l, &output, &class).is_some()
}

fn verify(heads: &[u32], c: u32, p: &Params) -> Seen {
    verify_with(Engine::new(heads, c, p), heads, c, p)
}

fn verify_with(mut engine: Engine, heads: &[u32], c: u32, p: &Params) -> Seen {
    let coalitions = singles(heads.len(), c);
    let seen = attack(heads, &coalitions, p.l, |data| engine.publish(data))
        .unwrap_or_else(|e| panic!("{e}"));
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
}

#[test]
fn the_exhaustive_attacker_learns_nothing_from_complementary_suppression_beside_a_pool() {
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
    assert!(attack(&[4, 4], &singles(2, 1), 2, naive).is_err());
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
    assert!(attack(&[4, 4], &singles(2, 1), 2, primary_only).is_err());
}

/// An engine that counts "kan ik niet beoordelen" as one of the `l` options:
/// it shows a group's mean when it has `k` valid answers and, after any one
/// answer is taken out, still two different options (CJ included).
fn counting_cj_as_an_option(data: &[Counts]) -> Option<ItemRelease> {
    let v = data[0];
    let options = |w: &Counts| w.iter().filter(|n| **n > 0).count();
    let safe = v[1..].iter().sum::<u32>() >= 3
        && options(&v) >= 2
        && (0..OPTIONS).filter(|o| v[*o] > 0).all(|o| {
            let mut rest = v;
            rest[o] -= 1;
            options(&rest) >= 2
        });
    Some(ItemRelease {
        named: vec![if safe {
            Cell::Shown(release(ReleaseType::Mean, &v))
        } else {
            Cell::Hidden
        }],
        overall: Cell::Hidden,
    })
}

#[test]
fn the_attacker_test_catches_an_engine_that_counts_cannot_judge_as_an_option() {
    // [CJ, CJ, 5, 5, 5] is shown as 5,0 (n = 3) by such an engine: whoever
    // is known to have an opinion answered 5.
    let cj_cj_5_5_5 = [[2, 0, 0, 0, 0, 3]];
    assert!(matches!(
        counting_cj_as_an_option(&cj_cj_5_5_5).unwrap().named[0],
        Cell::Shown(_)
    ));
    for c in [0, 1] {
        assert!(class_breached(
            &[5],
            &singles(1, c),
            2,
            counting_cj_as_an_option,
            &cj_cj_5_5_5
        ));
        assert!(attack(&[5], &singles(1, c), 2, counting_cj_as_an_option).is_err());
    }
    // [CJ, 4, 5, 5, 5]: whoever answered 4 knows the others said CJ or 5.
    assert!(class_breached(
        &[5],
        &singles(1, 1),
        2,
        counting_cj_as_an_option,
        &[[1, 0, 0, 0, 1, 3]]
    ));
    // The engine itself hides both.
    for data in [[2, 0, 0, 0, 0, 3], [1, 0, 0, 0, 1, 3]] {
        let out = publish(&[5], 1, &[data], &Params::DEFAULT).unwrap();
        assert_eq!(out.named, vec![Cell::Hidden], "{data:?}");
    }
}

#[test]
fn the_exhaustive_attacker_learns_nothing_when_the_work_limit_is_reached() {
    // Small limits make the fail-closed paths reachable in small rounds: a
    // residual of the Pool and the primary groups above the limit drops the
    // overall (and shows every other group); a chain that grows above it
    // hides the whole item.
    let p = Params::DEFAULT;
    let mut without_overall = 0;
    for limit in [0, 20_000] {
        for (heads, c) in [(&[4, 4][..], 1), (&[3, 3, 3][..], 0), (&[4, 3, 2][..], 1)] {
            let seen = verify_with(Engine::with_limit(heads, c, &p, limit), heads, c, &p);
            without_overall += seen.groups_without_overall;
        }
    }
    assert!(without_overall > 0, "the limit was reached");
}

// The coalition (anonymity-decisions.md, "The coalition"): `c` applies per
// released block, and the Pool as a whole is one block with `c = 1`.

#[test]
fn a_pool_of_two_groups_resists_one_insider_but_not_one_from_each() {
    // Raad 4 is shown apart; two groups of two are pooled (4 >= k).
    let heads = [4, 2, 2];
    let (shown, pooled) = named(&[(0, 4), (1, 2), (2, 2)], &Params::DEFAULT);
    assert_eq!((shown, pooled), (vec![0], vec![1, 2]));
    // One insider anywhere (the threat model): guarantee G holds.
    let seen = verify(&heads, 1, &Params::DEFAULT);
    assert!(seen.overall_shown > 0, "{seen:?}");
    // One insider from each pooled group: with [5, 1] and [5, 1] the two who
    // answered 5 learn that the other two answered 1. Outside the guarantee
    // by decision (c = 1 for the Pool); this test keeps the cost visible.
    let data = [[0, 1, 1, 1, 1, 0], [0, 1, 0, 0, 0, 1], [0, 1, 0, 0, 0, 1]];
    let mut engine = Engine::new(&heads, 1, &Params::DEFAULT);
    assert!(matches!(
        engine.publish(&data).unwrap().overall,
        Cell::Shown(_)
    ));
    assert!(class_breached(
        &heads,
        &pairs(1, 2),
        2,
        |d| engine.publish(d),
        &data
    ));
    assert!(!class_breached(
        &heads,
        &singles(3, 1),
        2,
        |d| engine.publish(d),
        &data
    ));
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
fn one_hidden_group_costs_one_other_group_when_groups_are_large_enough() {
    // The police's 1, 5, 5, 5 is hidden (primary); one more group hides it
    // (complementary: the largest, which makes the hidden rest the hardest
    // to undo); the other group and the overall stay shown.
    let spread = |h: u32| [0, h / 5, h / 5, h - 4 * (h / 5), h / 5, h / 5];
    for (a, b) in [(8, 10), (10, 12), (12, 20), (5, 8)] {
        let out = publish(
            &[4, a, b],
            1,
            &[[0, 1, 0, 0, 0, 3], spread(a), spread(b)],
            &Params::DEFAULT,
        )
        .unwrap();
        assert_eq!(out.named[0], Cell::Hidden, "{a} {b}: primary");
        assert!(matches!(out.named[1], Cell::Shown(_)), "{a} {b}: {out:?}");
        assert_eq!(out.named[2], Cell::Hidden, "{a} {b}: complementary");
        assert!(matches!(out.overall, Cell::Shown(_)), "{a} {b}: {out:?}");
    }
}

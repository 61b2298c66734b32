//! Realistic rounds and the hidden-cell report (anonymity.md, "Show more
//! where it is safe"): how much the engine hides on rounds that look like
//! real ones. A deterministic generator (fixed seed, xorshift), no new
//! dependency.
//!
//! Run the report: `cargo nextest run --test anonymity --run-ignored only
//! hidden_cell_report --no-capture`.

use klankbord::anonymity::release::{CJ, Counts, OPTIONS};
use klankbord::anonymity::{Auditor, Cell, Params, Partition, partition, publish_item};

/// xorshift64: deterministic, good enough to draw answers.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next_u64() % u64::from(hi - lo + 1)) as u32
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly standard normal (sum of four uniforms, rescaled).
    pub fn normal(&mut self) -> f64 {
        let s: f64 = (0..4).map(|_| self.unit()).sum();
        (s - 2.0) * 3f64.sqrt()
    }
}

/// One generated round: headcount per group, counts per item and group.
pub struct RealRound {
    pub heads: Vec<u32>,
    /// `items[q][g]`: the counts `[CJ, 1..5]` of group `g` on item `q`.
    pub items: Vec<Vec<Counts>>,
}

pub const ITEMS: usize = 30;

/// 4–7 groups of 3–8 respondents; each group answers around its own mean
/// (2.6–4.4, shifted by up to ±0.5 per item) with its own spread (0.6–1.2);
/// about 5% "kan ik niet beoordelen".
pub fn realistic_round(rng: &mut Rng) -> RealRound {
    let groups = rng.range(4, 7) as usize;
    let heads: Vec<u32> = (0..groups).map(|_| rng.range(3, 8)).collect();
    let means: Vec<f64> = (0..groups).map(|_| 2.6 + 1.8 * rng.unit()).collect();
    let spreads: Vec<f64> = (0..groups).map(|_| 0.6 + 0.6 * rng.unit()).collect();
    let items = (0..ITEMS)
        .map(|_| {
            let shift = rng.unit() - 0.5;
            (0..groups)
                .map(|g| {
                    let mut v = [0; OPTIONS];
                    for _ in 0..heads[g] {
                        if rng.range(0, 99) < 5 {
                            v[CJ] += 1;
                        } else {
                            let x = means[g] + shift + spreads[g] * rng.normal();
                            v[x.round().clamp(1.0, 5.0) as usize] += 1;
                        }
                    }
                    v
                })
                .collect()
        })
        .collect();
    RealRound { heads, items }
}

/// What the engine hid over a set of rounds.
#[derive(Debug, Default, Clone, Copy)]
pub struct Hidden {
    pub rounds: usize,
    pub named_cells: usize,
    pub hidden_cells: usize,
    pub items: usize,
    pub hidden_items: usize,
    /// Items whose Pool holds two or more groups with respondents.
    pub pooled_items: usize,
    /// Of those, items whose Pool alone would fail against one insider per
    /// pooled group (the alternative `c` for a Pool): each costs at least one
    /// more hidden group, or the whole statement.
    pub pool_joint_fails: usize,
}

/// Would a MEAN Pool with these per-group counts, on its own and with no
/// constraint on its groups, leave some respondent fewer than two answer
/// values against one insider per pooled group holding a valid answer?
/// (Worlds: any answers with the Pool's release; the insiders' answers are
/// any values the release allows.)
pub fn pool_fails_one_insider_per_group(groups: &[Counts]) -> bool {
    let j = groups.len() as i64;
    let h: i64 = groups
        .iter()
        .map(|v| i64::from(v.iter().sum::<u32>()))
        .sum();
    let cj: i64 = groups.iter().map(|v| i64::from(v[CJ])).sum();
    let n = h - cj;
    let sum: i64 = groups
        .iter()
        .map(|v| {
            (1..OPTIONS)
                .map(|o| o as i64 * i64::from(v[o]))
                .sum::<i64>()
        })
        .sum();
    if n < j {
        return false;
    }
    let rest = n - j;
    // The insiders' answers add up to anything in j..=5j that leaves the
    // rest feasible; a target among the rest has value x if the others can
    // make up the remainder.
    (j..=5 * j).any(|held| {
        let t = sum - held;
        if t < rest || t > 5 * rest {
            return false;
        }
        if rest == 0 {
            // Only CJ answers left: they have no answer value at all.
            return h - j > 0;
        }
        let values = (1..=5)
            .filter(|x| t - x >= rest - 1 && t - x <= 5 * (rest - 1))
            .count();
        values < 2
    })
}

impl Hidden {
    pub fn cells_pct(&self) -> f64 {
        100.0 * self.hidden_cells as f64 / self.named_cells.max(1) as f64
    }

    pub fn items_pct(&self) -> f64 {
        100.0 * self.hidden_items as f64 / self.items.max(1) as f64
    }
}

/// Runs the engine (partition, then every item) over one round.
pub fn measure(round: &RealRound, c: u32, p: &Params, limit: u64, into: &mut Hidden) {
    into.rounds += 1;
    let Partition::Blocks { named, pool, kind } = partition(&crate::blocks(&round.heads, c), p)
    else {
        return;
    };
    let mut auditor = Auditor::with_limit(kind, *p, limit);
    for item in &round.items {
        let shown: Vec<(Counts, u32)> = named.iter().map(|b| (item[b.group], c)).collect();
        let pooled: Vec<(Counts, u32)> = pool.iter().map(|b| (item[b.group], c)).collect();
        let out = publish_item(&mut auditor, &shown, &pooled);
        into.named_cells += out.named.len();
        into.hidden_cells += out.named.iter().filter(|c| **c == Cell::Hidden).count();
        into.items += 1;
        into.hidden_items += usize::from(out.overall == Cell::Hidden);
        let pooled: Vec<Counts> = pooled
            .iter()
            .map(|(v, _)| *v)
            .filter(|v| v.iter().sum::<u32>() > 0)
            .collect();
        if pooled.len() >= 2 {
            into.pooled_items += 1;
            into.pool_joint_fails += usize::from(pool_fails_one_insider_per_group(&pooled));
        }
    }
}

pub const ROUNDS: usize = 400;
pub const SEED: u64 = 0x5EED_2026_0C0F_FEE5;

pub fn report(c: u32, p: &Params, limit: u64) -> Hidden {
    let mut rng = Rng::new(SEED);
    let mut hidden = Hidden::default();
    for _ in 0..ROUNDS {
        let round = realistic_round(&mut rng);
        measure(&round, c, p, limit, &mut hidden);
    }
    hidden
}

#[test]
#[ignore = "a report, not a check: run it by name"]
fn hidden_cell_report() {
    println!(
        "| work limit | rounds | named group cells | hidden group cells | statements | wholly hidden statements | time |"
    );
    println!("|---|---|---|---|---|---|---|");
    let limits: Vec<u64> = std::env::var("REPORT_LIMITS")
        .ok()
        .map(|v| v.split(',').filter_map(|l| l.parse().ok()).collect())
        .unwrap_or_else(|| vec![klankbord::anonymity::audit::WORK_LIMIT]);
    for limit in limits {
        let name = limit.to_string();
        let started = std::time::Instant::now();
        let h = report(1, &Params::DEFAULT, limit);
        println!(
            "| {name} | {} | {} | {} ({:.1}%) | {} | {} ({:.1}%) | {:.1} s |",
            h.rounds,
            h.named_cells,
            h.hidden_cells,
            h.cells_pct(),
            h.items,
            h.hidden_items,
            h.items_pct(),
            started.elapsed().as_secs_f64()
        );
        println!(
            "  pools of two or more groups: {} statements; against one insider per pooled group the Pool alone fails on {} ({:.1}%)",
            h.pooled_items,
            h.pool_joint_fails,
            100.0 * h.pool_joint_fails as f64 / h.pooled_items.max(1) as f64
        );
    }
}

#[test]
fn a_pool_of_two_pairs_never_resists_one_insider_from_each() {
    // Four valid answers in two groups of two: whatever they are, two
    // insiders can hold answers that pin the other two (the sum S - a - b
    // of the other two can always be made 2 or 10).
    for (a, b, c, d) in (1..=5usize).flat_map(|a| {
        (1..=5).flat_map(move |b| (1..=5).flat_map(move |c| (1..=5).map(move |d| (a, b, c, d))))
    }) {
        let mut v = [[0; OPTIONS]; 2];
        v[0][a] += 1;
        v[0][b] += 1;
        v[1][c] += 1;
        v[1][d] += 1;
        assert!(pool_fails_one_insider_per_group(&v), "{v:?}");
    }
}

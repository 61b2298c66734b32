//! `allowed(v)`: may this count vector be published, even though the
//! attacker knows the rule? (anonymity.md, "Definitions".)
//!
//! `A(r)` is the largest subset of the datasets `F(r)` consistent with the
//! release in which every coalition of at most `c` respondents still sees at
//! least `l` possible answers for every other respondent. For `c <= 1` a
//! coalition is one known answer `{o}`, and removing its violating members
//! removes every member that contains `o`. So `A(r)` is always "the members
//! of `F(r)` that avoid a set `X` of scale options" (or empty), and the
//! fixpoint over `X` needs only feasibility questions: can `m` answers from
//! the options not in `X` add up to `t`? Those are answered exactly without
//! enumerating `F(r)`, so the rule costs the same for 5 or 5,000 answers.
//!
//! Only the *answer values* 1–5 count towards `l` (guarantee G):
//! "kan ik niet beoordelen" (CJ) is no fig leaf. [CJ, CJ, 5, 5, 5] leaves
//! every respondent "CJ or 5", which tells everyone that whoever had an
//! opinion answered 5, so it is not allowed.

use crate::anonymity::release::{CJ, Counts, OPTIONS, ReleaseType, headcount, n_valid, sum_valid};

/// The largest coalition the exact rule handles.
pub const MAX_COALITION: u32 = 1;

/// Whether `v` may be published as a release of `kind`, with at least `k`
/// valid answers and `l` options left open for every respondent against a
/// coalition of up to `c` (0 or 1) respondents.
pub fn allowed(kind: ReleaseType, v: &Counts, k: u32, l: u32, c: u32) -> bool {
    assert!(
        c <= MAX_COALITION,
        "coalitions larger than one are not supported yet"
    );
    if n_valid(v) < k {
        return false;
    }
    match kind {
        ReleaseType::Dist => dist_allowed(v, l, c),
        ReleaseType::Mean => mean_allowed(v, l, c),
    }
}

/// The answer values (1–5, never CJ) that occur in `v`.
fn support(v: &Counts) -> u32 {
    v[1..].iter().filter(|n| **n > 0).count() as u32
}

/// A distribution is its own only dataset: check each coalition inside it.
fn dist_allowed(v: &Counts, l: u32, c: u32) -> bool {
    if headcount(v) > 0 && support(v) < l {
        return false;
    }
    if c == 0 {
        return true;
    }
    (0..OPTIONS).filter(|o| v[*o] > 0).all(|o| {
        let mut rest = *v;
        rest[o] -= 1;
        headcount(&rest) == 0 || support(&rest) >= l
    })
}

/// Scale options still allowed in members (bit `o` set = option `o` may occur).
pub type Allowed = u8;

fn options(set: Allowed) -> impl Iterator<Item = u32> {
    (1..OPTIONS as u32).filter(move |o| set & (1 << o) != 0)
}

/// Can `m` answers, each an option in `set`, add up to `t`?
fn exists(set: Allowed, m: i64, t: i64) -> bool {
    if m < 0 {
        return false;
    }
    let Some(lo) = options(set).min() else {
        return m == 0 && t == 0;
    };
    let hi = options(set).max().unwrap_or(lo);
    let (lo, hi) = (i64::from(lo), i64::from(hi));
    if t < m * lo || t > m * hi {
        return false;
    }
    // Every answer is at least `lo`; the rest of the sum comes from at most
    // `m` answers above `lo`, with offsets from `steps`. Find the fewest such
    // answers that make up `extra` (an unbounded change-making problem).
    let extra = (t - m * lo) as usize;
    if extra == 0 {
        return true;
    }
    let mut steps = [0usize; OPTIONS];
    let mut count = 0;
    for o in options(set) {
        let step = (i64::from(o) - lo) as usize;
        if step > 0 {
            steps[count] = step;
            count += 1;
        }
    }
    let steps = &steps[..count];
    let Some(&top) = steps.iter().max() else {
        return false;
    };
    // Large sums are reached with the top step and a small remainder: an
    // optimal answer set uses fewer than `top` smaller steps (any `top` of
    // them hold a subset summing to a multiple of `top`), so above
    // `top * top` the fewest answers for `x` are those for `x - top` plus one.
    let window = top * top + top;
    let (base, jumps) = if extra > window {
        let j = (extra - window) / top;
        (extra - j * top, j)
    } else {
        (extra, 0)
    };
    // base <= window + top <= 24
    let mut fewest = [u64::MAX; 32];
    fewest[0] = 0;
    for s in 1..=base {
        fewest[s] = steps
            .iter()
            .filter(|st| **st <= s)
            .map(|st| fewest[s - st])
            .min()
            .unwrap_or(u64::MAX)
            .saturating_add(1);
    }
    fewest[base].saturating_add(jumps as u64) <= m as u64
}

/// MEAN: `v` is allowed if it avoids the options the fixpoint excluded.
fn mean_allowed(v: &Counts, l: u32, c: u32) -> bool {
    mean_region(headcount(v), v[CJ], sum_valid(v), l, c)
        .is_some_and(|set| (1..OPTIONS).all(|o| v[o] == 0 || set & (1 << o) != 0))
}

/// All scale options (bits 1..=5).
pub const ALL_OPTIONS: Allowed = 0b11_1110;

/// `A(r)` of the MEAN release `(h, cj, sum)` (validity `n >= k` checked by the
/// caller): `None` if it is empty, otherwise the scale options its members may
/// use (its members are exactly the members of `F(r)` that avoid the rest).
/// The fixpoint over excluded options (see the module comment).
pub fn mean_region(h: u32, cj: u32, sum: u32, l: u32, c: u32) -> Option<Allowed> {
    let n = i64::from(h - cj);
    let s = i64::from(sum);
    let mut set: Allowed = ALL_OPTIONS;

    // Answer values (1–5; CJ does not count) possible for a respondent
    // outside the coalition, given the members that avoid everything outside
    // `set` and contain `coalition`. A coalition holding CJ leaves the valid
    // answers as they are.
    let possible = |set: Allowed, coalition: Option<usize>| -> u32 {
        let (m, t) = match coalition {
            None | Some(CJ) => (n, s),
            Some(o) => (n - 1, s - o as i64),
        };
        options(set)
            .filter(|p| exists(set, m - 1, t - i64::from(*p)))
            .count() as u32
    };

    loop {
        // A(r) must be non-empty.
        if !exists(set, n, s) {
            return None;
        }
        // The attacker alone, and a coalition holding a CJ answer: every member
        // contains them, so a violation empties A(r).
        if h > 0 && possible(set, None) < l {
            return None;
        }
        if c >= 1 && cj > 0 && h > 1 && possible(set, Some(CJ)) < l {
            return None;
        }
        if c == 0 {
            return Some(set);
        }
        // A coalition holding scale answer o: drop every member containing o.
        let violating = options(set).find(|o| {
            let o = *o as usize;
            let contained = exists(set, n - 1, s - o as i64);
            contained && h > 1 && possible(set, Some(o)) < l
        });
        match violating {
            Some(o) => set &= !(1 << o),
            None => return Some(set),
        }
    }
}

/// Is there a member of `F((h, cj, sum))` using only the scale options in
/// `set` that contains every answer in `pins` (options, CJ = 0, repeats
/// meaning several respondents)?
pub fn mean_member_with(set: Allowed, h: u32, cj: u32, sum: u32, pins: &[usize]) -> bool {
    let cj_pins = pins.iter().filter(|o| **o == CJ).count() as u32;
    if cj_pins > cj || pins.iter().any(|o| *o != CJ && set & (1 << o) == 0) {
        return false;
    }
    let scale_pins = pins.len() as i64 - i64::from(cj_pins);
    let pinned_sum: i64 = pins.iter().map(|o| *o as i64).sum();
    exists(
        set,
        i64::from(h - cj) - scale_pins,
        i64::from(sum) - pinned_sum,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anonymity::release::{Release, all_counts, release};
    use proptest::prelude::*;

    /// The definition taken literally: enumerate F(r), remove violating
    /// members until none is left, and look for v.
    fn allowed_brute(kind: ReleaseType, v: &Counts, k: u32, l: u32, c: u32) -> bool {
        if n_valid(v) < k {
            return false;
        }
        let r = release(kind, v);
        let h = headcount(v);
        let mut members: Vec<Counts> = all_counts(h)
            .into_iter()
            .filter(|w| release(kind, w) == r)
            .collect();
        let coalitions: Vec<Counts> = std::iter::once([0; OPTIONS])
            .chain((0..OPTIONS).filter(|_| c >= 1).map(|o| {
                let mut e = [0; OPTIONS];
                e[o] = 1;
                e
            }))
            .collect();
        loop {
            let mut removed = false;
            for coalition in &coalitions {
                let within = |w: &Counts| {
                    (0..OPTIONS).all(|o| w[o] >= coalition[o])
                        && headcount(w) > headcount(coalition)
                };
                let containing: Vec<Counts> =
                    members.iter().filter(|w| within(w)).copied().collect();
                if containing.is_empty() {
                    continue;
                }
                let mut options = 0u8;
                for w in &containing {
                    for o in 0..OPTIONS {
                        if w[o] > coalition[o] {
                            options |= 1 << o;
                        }
                    }
                }
                // Only the answer values 1–5 count towards l.
                if (options & ALL_OPTIONS).count_ones() < l {
                    members.retain(|w| !within(w));
                    removed = true;
                }
            }
            if !removed {
                return members.contains(v);
            }
        }
    }

    #[test]
    fn all_equal_answers_are_not_shown_where_they_would_be_recognised() {
        // A distribution of five times "4" says what each of them answered.
        assert!(!allowed(ReleaseType::Dist, &[0, 0, 0, 0, 5, 0], 3, 2, 0));
        // So does a mean of 5.0: only "all answered 5" gives it.
        assert!(!allowed(ReleaseType::Mean, &[0, 0, 0, 0, 0, 5], 3, 2, 0));
        // A mean of 4.0 could come from many answer sets, so it may be shown.
        assert!(allowed(ReleaseType::Mean, &[0, 0, 0, 0, 5, 0], 3, 2, 1));
    }

    #[test]
    fn a_mean_of_three_that_an_insider_can_undo_is_refused() {
        // 5, 5, 4: the one who answered 4 knows the others answered 5.
        let v = [0, 0, 0, 0, 1, 2];
        assert!(allowed(ReleaseType::Mean, &v, 3, 2, 0));
        assert!(!allowed(ReleaseType::Mean, &v, 3, 2, 1));
    }

    #[test]
    fn cannot_judge_answers_shrink_n_below_k() {
        // Five respondents, three of whom cannot judge: two valid answers are fewer than k.
        assert!(!allowed(ReleaseType::Mean, &[3, 0, 0, 2, 0, 0], 3, 2, 1));
        assert_eq!(
            release(ReleaseType::Mean, &[3, 0, 0, 2, 0, 0]),
            Release::Mean {
                h: 5,
                cj: 3,
                sum: 6
            }
        );
    }

    #[test]
    fn cannot_judge_is_no_fig_leaf() {
        // [CJ, CJ, 5, 5, 5]: everyone is "CJ or 5", so whoever had an opinion said 5.
        let v = [2, 0, 0, 0, 0, 3];
        for c in [0, 1] {
            assert!(!allowed(ReleaseType::Mean, &v, 3, 2, c));
            assert!(!allowed(ReleaseType::Dist, &v, 3, 2, c));
        }
        // [CJ, 4, 5, 5, 5] as a distribution: whoever said 4 knows the rest is CJ or 5.
        assert!(allowed(ReleaseType::Dist, &[1, 0, 0, 0, 1, 3], 3, 2, 0));
        assert!(!allowed(ReleaseType::Dist, &[1, 0, 0, 0, 1, 3], 3, 2, 1));
        assert!(allowed(ReleaseType::Dist, &[1, 0, 0, 1, 2, 2], 3, 2, 1));
    }

    #[test]
    fn a_varied_group_of_five_is_shown() {
        assert!(allowed(ReleaseType::Mean, &[0, 1, 1, 1, 1, 1], 3, 2, 1));
        assert!(allowed(ReleaseType::Dist, &[0, 0, 2, 3, 3, 2], 3, 2, 1));
    }

    #[test]
    fn large_blocks_cost_no_more_than_small_ones() {
        let v = [10, 100, 200, 400, 300, 990];
        assert!(allowed(ReleaseType::Mean, &v, 3, 2, 1));
        assert!(!allowed(ReleaseType::Mean, &[0, 0, 0, 0, 0, 5000], 3, 2, 1));
        assert!(
            !allowed(ReleaseType::Mean, &[0, 0, 0, 0, 1, 4999], 3, 2, 1),
            "the one 4 knows everyone else said 5"
        );
    }

    #[test]
    fn feasibility_matches_enumeration() {
        for set in 1u8..64 {
            let set = set & !1;
            if set == 0 {
                continue;
            }
            for m in 0..7i64 {
                for t in 0..36i64 {
                    let brute = all_counts(m as u32).iter().any(|w| {
                        w[0] == 0
                            && (1..OPTIONS).all(|o| w[o] == 0 || set & (1 << o) != 0)
                            && i64::from(sum_valid(w)) == t
                    });
                    assert_eq!(exists(set, m, t), brute, "set {set:b} m {m} t {t}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The fast rule equals the literal definition (property 3 of anonymity.md).
        #[test]
        fn the_exact_rule_equals_the_definition(v in proptest::array::uniform6(0u32..4), k in 3u32..5, c in 0u32..2, mean in any::<bool>()) {
            let kind = if mean { ReleaseType::Mean } else { ReleaseType::Dist };
            prop_assert_eq!(allowed(kind, &v, k, 2, c), allowed_brute(kind, &v, k, 2, c), "{:?}", v);
        }
    }
}

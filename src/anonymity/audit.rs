//! Step 2c of anonymity.md: `audit(R)`, the check of a residual block.
//!
//! The overall release is published, so the residual `R` (the Pool, the
//! groups hidden as *primary* and those hidden as *complementary*) is
//! derivable as the overall minus the published groups. The attacker's
//! possible worlds are all per-group answers for the groups of `R` that add
//! up to that derived release and would have made the engine do what it did:
//! every primary group not `allowed`, every complementary group `allowed`,
//! every earlier residual failing its own audit; Pool groups are free.
//! `R` passes if it has at least `k` valid answers and, for every coalition
//! inside one of its groups, every other respondent keeps at least `l`
//! possible answer values (1–5; CJ does not count) across those worlds.
//! A coalition is one released block's: at most `c` respondents of one
//! named group, or of the Pool as a whole (`c = 1` for the Pool however
//! many groups it holds); so with `c = 1` one insider in one group of `R`.
//!
//! Worlds are explored at the level of group releases: a dynamic program
//! over the groups of `R` whose state is the release of the groups so far
//! (for MEAN `(#CJ, sum)`, for DIST the count vector); the last group is
//! not enumerated but solved for. The options still possible for a target
//! come from asking whether a world exists in which the target's group
//! holds that option besides the coalition's answer.
//!
//! The work grows with the headcounts and the length of the chain.
//! [`estimated_work`] is an upper bound on the work units (one unit per
//! world state combined with a group release, per state checked, per
//! release listed, per question asked) that [`Auditor::audit`] spends on a
//! residual, nested audits of earlier residuals included, computed from
//! headcounts only; the property tests check that the counted work never
//! exceeds it. [`chain_work`] adds up the bounds of a residual and of every
//! earlier residual of its chain: the audits of one item. An audit whose
//! chain is above the limit ([`WORK_LIMIT`] by default) fails without
//! being run. As the bound depends on the residual's structure (headcounts,
//! statuses, order) and never on answers, failing that way is part of the
//! published algorithm, the attacker can simulate it, and it only hides
//! more; and the work of one item is bounded by the limit, deterministically
//! (no clock).

use std::collections::HashMap;
use std::rc::Rc;

use crate::anonymity::Params;
use crate::anonymity::allowed::{ALL_OPTIONS, Allowed, allowed, mean_member_with, mean_region};
use crate::anonymity::release::{CJ, Counts, OPTIONS, Release, ReleaseType, all_counts};

/// The work units (see [`estimated_work`]) the audits of one item may
/// spend, at most; a chain above it fails without being audited.
pub const WORK_LIMIT: u64 = 20_000_000;

/// Why a group is part of the residual.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// A Pool group: never shown by name, its answers are unconstrained.
    Pool,
    /// A named group hidden because its own release is not `allowed`.
    Primary,
    /// A named group hidden to protect the others (its release is `allowed`).
    Comp,
}

/// One group of a residual: headcount, coalition and why it is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Member {
    pub headcount: u32,
    pub coalition: u32,
    pub status: Status,
}

/// A residual: its groups in the order they joined (first the Pool and
/// primary groups, then each complementary group), and the number of
/// groups of every earlier residual (each of which failed its audit).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Residual {
    pub members: Vec<Member>,
    pub earlier: Vec<usize>,
}

impl Residual {
    /// The residual made of the first `len` groups, with its own history.
    fn prefix(&self, len: usize) -> Residual {
        Residual {
            members: self.members[..len].to_vec(),
            earlier: self.earlier.iter().copied().filter(|e| *e < len).collect(),
        }
    }
}

/// Answers pinned per group of a residual: a coalition's answer, a target's option.
type Pins = Vec<Pin>;

/// The answers pinned in one group: at most a coalition's answer, a
/// target's option and one excluded option; kept sorted so equal sets
/// compare equal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
struct Pin {
    len: usize,
    opts: [usize; 3],
}

impl Pin {
    fn with(mut self, o: usize) -> Pin {
        self.opts[self.len] = o;
        self.len += 1;
        self.opts[..self.len].sort_unstable();
        self
    }

    fn as_slice(&self) -> &[usize] {
        &self.opts[..self.len]
    }
}

/// World states after the groups before the last, per pins of those groups.
type Prefixes = HashMap<Vec<Pin>, Rc<Vec<Release>>>;

/// Runs audits for one round, remembering results across its items (the
/// groups, and so most audits, repeat from item to item).
pub struct Auditor {
    kind: ReleaseType,
    params: Params,
    audits: HashMap<(Residual, Release), bool>,
    members: HashMap<(Member, Release, Pin), bool>,
    lists: HashMap<(Member, Pin), Rc<Vec<Release>>>,
    /// `A(r)` of MEAN releases `(h, cj, sum)` per coalition size.
    regions: HashMap<(u32, u32, u32, u32), Option<Allowed>>,
    /// Chains whose bound is above this fail without being audited.
    limit: u64,
    /// Work units spent so far (for the tests of the bound).
    work: u64,
}

fn zero(kind: ReleaseType) -> Release {
    match kind {
        ReleaseType::Mean => Release::Mean {
            h: 0,
            cj: 0,
            sum: 0,
        },
        ReleaseType::Dist => Release::Dist([0; OPTIONS]),
    }
}

fn add(a: &Release, b: &Release) -> Option<Release> {
    match (a, b) {
        (
            Release::Mean { h, cj, sum },
            Release::Mean {
                h: h2,
                cj: c2,
                sum: s2,
            },
        ) => Some(Release::Mean {
            h: h + h2,
            cj: cj + c2,
            sum: sum + s2,
        }),
        (Release::Dist(v), Release::Dist(w)) => {
            let mut out = *v;
            for o in 0..OPTIONS {
                out[o] += w[o];
            }
            Some(Release::Dist(out))
        }
        _ => None,
    }
}

fn sub(a: &Release, b: &Release) -> Option<Release> {
    match (a, b) {
        (
            Release::Mean { h, cj, sum },
            Release::Mean {
                h: h2,
                cj: c2,
                sum: s2,
            },
        ) => Some(Release::Mean {
            h: h.checked_sub(*h2)?,
            cj: cj.checked_sub(*c2)?,
            sum: sum.checked_sub(*s2)?,
        }),
        (Release::Dist(v), Release::Dist(w)) => {
            let mut out = [0; OPTIONS];
            for o in 0..OPTIONS {
                out[o] = v[o].checked_sub(w[o])?;
            }
            Some(Release::Dist(out))
        }
        _ => None,
    }
}

fn headcount(r: &Release) -> u32 {
    match r {
        Release::Mean { h, .. } => *h,
        Release::Dist(v) => v.iter().sum(),
    }
}

/// Can some answers have this release?
fn possible(r: &Release) -> bool {
    match r {
        Release::Mean { h, cj, sum } => cj <= h && (h - cj..=5 * (h - cj)).contains(sum),
        Release::Dist(_) => true,
    }
}

/// Every release a group of `h` respondents can have.
fn releases(kind: ReleaseType, h: u32) -> Vec<Release> {
    match kind {
        ReleaseType::Mean => (0..=h)
            .flat_map(|cj| {
                let n = h - cj;
                (n..=5 * n).map(move |sum| Release::Mean { h, cj, sum })
            })
            .collect(),
        ReleaseType::Dist => all_counts(h).into_iter().map(Release::Dist).collect(),
    }
}

fn release_count(kind: ReleaseType, h: u32) -> u64 {
    let h = u64::from(h);
    match kind {
        ReleaseType::Mean => (h + 1) * (2 * h + 1),
        // C(h + 5, 5)
        ReleaseType::Dist => (1..=5).fold(1, |acc, i| acc * (h + i) / i),
    }
}

impl Auditor {
    pub fn new(kind: ReleaseType, params: Params) -> Auditor {
        Auditor {
            kind,
            params,
            audits: HashMap::new(),
            members: HashMap::new(),
            lists: HashMap::new(),
            regions: HashMap::new(),
            limit: WORK_LIMIT,
            work: 0,
        }
    }

    /// The same with another work limit (tests use small ones to reach the
    /// fail-closed paths on small rounds).
    pub fn with_limit(kind: ReleaseType, params: Params, limit: u64) -> Auditor {
        Auditor {
            limit,
            ..Auditor::new(kind, params)
        }
    }

    /// Can the chain that ends in `residual` be audited within the limit?
    /// (From the residual's structure only, never from answers.)
    pub fn within_limit(&self, residual: &Residual) -> bool {
        chain_work(self.kind, residual) <= self.limit
    }

    /// Work units spent so far.
    pub fn work(&self) -> u64 {
        self.work
    }

    pub fn kind(&self) -> ReleaseType {
        self.kind
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Does the residual with derived release `r` pass its audit?
    pub fn audit(&mut self, residual: &Residual, r: &Release) -> bool {
        if r.n_valid() < self.params.k {
            return false;
        }
        if !self.within_limit(residual) {
            return false;
        }
        let key = (residual.clone(), *r);
        if let Some(known) = self.audits.get(&key) {
            return *known;
        }
        let passed = self.check(residual, r);
        self.audits.insert(key, passed);
        passed
    }

    fn check(&mut self, residual: &Residual, r: &Release) -> bool {
        let m = residual.members.len();
        let empty: Pins = vec![Pin::default(); m];
        let mut prefixes = Prefixes::new();
        let mut coalitions: Vec<Option<(usize, usize)>> = vec![None];
        for (i, g) in residual.members.iter().enumerate() {
            if g.coalition >= 1 && g.headcount >= 1 {
                coalitions.extend((0..OPTIONS).map(|a| Some((i, a))));
            }
        }
        for coalition in coalitions {
            let mut pins = empty.clone();
            if let Some((cg, a)) = coalition {
                pins[cg] = pins[cg].with(a);
                if !self.world_exists(residual, r, &pins, &mut prefixes) {
                    continue;
                }
            }
            self.work += 1;
            for (t, g) in residual.members.iter().enumerate() {
                let known = u32::from(coalition.is_some_and(|(cg, _)| cg == t));
                if g.headcount <= known {
                    continue;
                }
                // Only the answer values 1–5 count towards l.
                let mut possible = 0;
                for o in 1..OPTIONS {
                    let mut with = pins.clone();
                    with[t] = with[t].with(o);
                    if self.world_exists(residual, r, &with, &mut prefixes) {
                        possible += 1;
                        if possible >= self.params.l {
                            break;
                        }
                    }
                }
                if possible >= self.params.l {
                    continue;
                }
                // Fewer than l values: a breach, unless no world holds the
                // coalition and a target at all (nothing to learn then).
                let mut cj = pins.clone();
                cj[t] = cj[t].with(CJ);
                if possible > 0 || self.world_exists(residual, r, &cj, &mut prefixes) {
                    return false;
                }
            }
        }
        true
    }

    /// Is there a world for `residual` with release `r` in which each group
    /// holds its pinned answers?
    fn world_exists(
        &mut self,
        residual: &Residual,
        r: &Release,
        pins: &Pins,
        prefixes: &mut Prefixes,
    ) -> bool {
        let m = residual.members.len();
        let Some(last) = m.checked_sub(1) else {
            return false;
        };
        let key = pins[..last].to_vec();
        let states = match prefixes.get(&key) {
            Some(states) => Rc::clone(states),
            None => {
                let states = Rc::new(self.prefix_states(residual, r, pins));
                prefixes.insert(key, Rc::clone(&states));
                states
            }
        };
        let g = residual.members[last];
        // The residual just before the last group joined failed its audit:
        // checked last and lazily, as it is the costly condition.
        let before = residual
            .earlier
            .contains(&last)
            .then(|| residual.prefix(last));
        self.work += 1;
        states.iter().any(|rho| {
            self.work += 1;
            sub(r, rho).is_some_and(|rest| {
                headcount(&rest) == g.headcount
                    && possible(&rest)
                    && self.member_with(g, &rest, pins[last])
                    && before.as_ref().is_none_or(|b| !self.audit(b, rho))
            })
        })
    }

    /// The releases the groups before the last can add up to, within `r`,
    /// holding their pins, with every earlier residual failing its audit
    /// (except the one just before the last group: see `world_exists`).
    fn prefix_states(&mut self, residual: &Residual, r: &Release, pins: &Pins) -> Vec<Release> {
        let last = residual.members.len() - 1;
        let mut states: Vec<Release> = vec![zero(self.kind)];
        for (i, (member, pinned)) in residual.members.iter().zip(pins).enumerate().take(last) {
            let list = self.list(*member, *pinned);
            self.work += (states.len() * list.len()) as u64;
            let mut next = Vec::with_capacity(states.len() * list.len());
            for rho in &states {
                for g in list.iter() {
                    if let Some(sum) = add(rho, g)
                        && sub(r, &sum).is_some()
                    {
                        next.push(sum);
                    }
                }
            }
            if i > 0 {
                next.sort_unstable();
                next.dedup();
            }
            if i + 1 < last && residual.earlier.contains(&(i + 1)) {
                let earlier = residual.prefix(i + 1);
                let mut kept = Vec::with_capacity(next.len());
                for rho in next {
                    if !self.audit(&earlier, &rho) {
                        kept.push(rho);
                    }
                }
                next = kept;
            }
            states = next;
            if states.is_empty() {
                break;
            }
        }
        states
    }

    /// The releases group `g` can have with a member holding `pins`.
    fn list(&mut self, g: Member, pins: Pin) -> Rc<Vec<Release>> {
        let key = (g, pins);
        if let Some(list) = self.lists.get(&key) {
            return Rc::clone(list);
        }
        self.work += release_count(self.kind, g.headcount);
        let list: Rc<Vec<Release>> = Rc::new(
            releases(self.kind, g.headcount)
                .into_iter()
                .filter(|r| self.member_with(g, r, pins))
                .collect(),
        );
        self.lists.insert(key, Rc::clone(&list));
        list
    }

    /// Can group `g` with release `r` (given its status) hold `pins`?
    fn member_with(&mut self, g: Member, r: &Release, pin: Pin) -> bool {
        let key = (g, *r, pin);
        let pins = pin.as_slice();
        if let Some(known) = self.members.get(&key) {
            return *known;
        }
        let p = self.params;
        let answer = match r {
            Release::Dist(v) => {
                let mut need: Counts = [0; OPTIONS];
                for o in pins {
                    need[*o] += 1;
                }
                let holds = (0..OPTIONS).all(|o| v[o] >= need[o]);
                let status_ok = match g.status {
                    Status::Pool => true,
                    Status::Comp => allowed(ReleaseType::Dist, v, p.k, p.l, g.coalition),
                    Status::Primary => !allowed(ReleaseType::Dist, v, p.k, p.l, g.coalition),
                };
                holds && status_ok
            }
            Release::Mean { h, cj, sum } => {
                let (h, cj, sum) = (*h, *cj, *sum);
                let region = if h - cj < p.k {
                    None
                } else {
                    *self
                        .regions
                        .entry((h, cj, sum, g.coalition))
                        .or_insert_with(|| mean_region(h, cj, sum, p.l, g.coalition))
                };
                match (g.status, region) {
                    (Status::Pool, _) | (Status::Primary, None) => {
                        mean_member_with(ALL_OPTIONS, h, cj, sum, pins)
                    }
                    (Status::Comp, None) => false,
                    (Status::Comp, Some(set)) => mean_member_with(set, h, cj, sum, pins),
                    (Status::Primary, Some(set)) => primary_member_with(set, h, cj, sum, pins),
                }
            }
        };
        self.members.insert(key, answer);
        answer
    }
}

/// A member of `F(r)` outside `A(r)` (it uses an option outside `set`)
/// holding `pins`.
fn primary_member_with(set: Allowed, h: u32, cj: u32, sum: u32, pins: &[usize]) -> bool {
    let excluded = ALL_OPTIONS & !set;
    if excluded == 0 {
        return false;
    }
    if pins.iter().any(|o| *o != CJ && excluded & (1 << o) != 0) {
        return mean_member_with(ALL_OPTIONS, h, cj, sum, pins);
    }
    (1..OPTIONS).filter(|y| excluded & (1 << y) != 0).any(|y| {
        let mut with = pins.to_vec();
        with.push(y);
        mean_member_with(ALL_OPTIONS, h, cj, sum, &with)
    })
}

/// An upper bound on the work of one audit, from headcounts only: per
/// question asked (every coalition, and per coalition one question plus six
/// per group), the states of the groups before the last times each group's
/// releases, plus the states of the last step; the release lists of every
/// group (at most 28 pin sets each); and the audits of earlier residuals at
/// each of their possible releases.
pub fn estimated_work(kind: ReleaseType, residual: &Residual) -> u64 {
    let m = residual.members.len();
    let coalitions = 1 + 6 * residual.members.iter().filter(|g| g.coalition >= 1).count() as u64;
    let queries = coalitions * (2 + 6 * m as u64);
    let lists: u64 = residual
        .members
        .iter()
        .map(|g| 28 * release_count(kind, g.headcount))
        .sum();
    let mut states: u64 = 1;
    let mut heads: u32 = 0;
    let mut per_query: u64 = 0;
    let mut nested: u64 = 0;
    for (i, g) in residual
        .members
        .iter()
        .enumerate()
        .take(m.saturating_sub(1))
    {
        let count = release_count(kind, g.headcount);
        per_query = per_query.saturating_add(states.saturating_mul(count));
        heads += g.headcount;
        states = states.saturating_mul(count).min(release_count(kind, heads));
        if residual.earlier.contains(&(i + 1)) {
            let earlier = estimated_work(kind, &residual.prefix(i + 1));
            nested = nested.saturating_add(states.saturating_mul(earlier));
        }
    }
    queries
        .saturating_mul(per_query.saturating_add(states).saturating_add(1))
        .saturating_add(nested)
        .saturating_add(lists)
}

/// The bound on the audits of one item's chain that ends in `residual`:
/// its own and those of every earlier residual.
pub fn chain_work(kind: ReleaseType, residual: &Residual) -> u64 {
    residual
        .earlier
        .iter()
        .map(|e| estimated_work(kind, &residual.prefix(*e)))
        .fold(estimated_work(kind, residual), u64::saturating_add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anonymity::release::release;

    fn member(h: u32, status: Status) -> Member {
        Member {
            headcount: h,
            coalition: 1,
            status,
        }
    }

    #[test]
    fn a_lone_primary_group_fails_its_audit() {
        // Four respondents who all answered 5: derivable, and not allowed.
        let mut a = Auditor::new(ReleaseType::Mean, Params::DEFAULT);
        let r = Residual {
            members: vec![member(4, Status::Primary)],
            earlier: vec![],
        };
        assert!(!a.audit(
            &r,
            &Release::Mean {
                h: 4,
                cj: 0,
                sum: 20
            }
        ));
    }

    #[test]
    fn a_varied_pool_passes() {
        let mut a = Auditor::new(ReleaseType::Mean, Params::DEFAULT);
        let r = Residual {
            members: vec![member(2, Status::Pool), member(3, Status::Pool)],
            earlier: vec![],
        };
        assert!(a.audit(
            &r,
            &Release::Mean {
                h: 5,
                cj: 0,
                sum: 15
            }
        ));
        assert!(!a.audit(
            &r,
            &Release::Mean {
                h: 5,
                cj: 0,
                sum: 25
            }
        ));
        assert!(
            !a.audit(
                &r,
                &Release::Mean {
                    h: 5,
                    cj: 3,
                    sum: 6
                }
            ),
            "two valid answers"
        );
    }

    /// The audit taken literally: enumerate every answer set of the
    /// residual's groups, keep the worlds, count options.
    fn audit_brute(
        kind: ReleaseType,
        p: &Params,
        residual: &Residual,
        r: &Release,
        memo: &mut HashMap<(usize, Release), bool>,
    ) -> bool {
        if r.n_valid() < p.k {
            return false;
        }
        if let Some(known) = memo.get(&(residual.members.len(), *r)) {
            return *known;
        }
        let per_group: Vec<Vec<Counts>> = residual
            .members
            .iter()
            .map(|g| all_counts(g.headcount))
            .collect();
        let total: usize = per_group.iter().map(Vec::len).product();
        let mut worlds: Vec<Vec<Counts>> = Vec::new();
        'world: for n in 0..total {
            let mut rest = n;
            let world: Vec<Counts> = per_group
                .iter()
                .map(|vs| {
                    let v = vs[rest % vs.len()];
                    rest /= vs.len();
                    v
                })
                .collect();
            let mut sum = [0; OPTIONS];
            for (i, (v, g)) in world.iter().zip(&residual.members).enumerate() {
                let ok = allowed(kind, v, p.k, p.l, g.coalition);
                match g.status {
                    Status::Pool => {}
                    Status::Primary if ok => continue 'world,
                    Status::Comp if !ok => continue 'world,
                    _ => {}
                }
                if residual.earlier.contains(&i)
                    && audit_brute(kind, p, &residual.prefix(i), &release(kind, &sum), memo)
                {
                    continue 'world;
                }
                for o in 0..OPTIONS {
                    sum[o] += v[o];
                }
            }
            if release(kind, &sum) == *r {
                worlds.push(world);
            }
        }
        let m = residual.members.len();
        let coalitions = std::iter::once(None).chain((0..m).flat_map(|cg| {
            let c = residual.members[cg].coalition;
            (0..OPTIONS)
                .filter(move |_| c >= 1)
                .map(move |a| Some((cg, a)))
        }));
        for coalition in coalitions {
            for t in 0..m {
                let mut seen = 0u8;
                for w in &worlds {
                    let mut mine = w[t];
                    if let Some((cg, a)) = coalition {
                        if w[cg][a] == 0 {
                            continue;
                        }
                        if cg == t {
                            mine[a] -= 1;
                        }
                    }
                    for (o, n) in mine.iter().enumerate() {
                        if *n > 0 {
                            seen |= 1 << o;
                        }
                    }
                }
                if seen != 0 && (seen & ALL_OPTIONS).count_ones() < p.l {
                    memo.insert((m, *r), false);
                    return false;
                }
            }
        }
        memo.insert((m, *r), true);
        true
    }

    fn status(code: u8) -> Status {
        match code % 3 {
            0 => Status::Pool,
            1 => Status::Primary,
            _ => Status::Comp,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The dynamic program equals the definition (property 3 of anonymity.md).
        #[test]
        fn the_audit_equals_the_definition(
            heads in proptest::collection::vec(1u32..4, 1..4),
            codes in proptest::collection::vec(0u8..3, 3),
            coalition in 0u32..2,
            mean in proptest::bool::ANY,
            picks in proptest::collection::vec(0usize..1000, 3),
            chain in 0usize..3,
        ) {
            let kind = if mean { ReleaseType::Mean } else { ReleaseType::Dist };
            let p = Params { d: 1, ..Params::DEFAULT };
            let m = heads.len();
            // The base first, then complementary groups, as `publish_item` builds it.
            let comp = chain.min(m - 1);
            let members: Vec<Member> = heads
                .iter()
                .enumerate()
                .map(|(i, h)| Member {
                    headcount: *h,
                    coalition,
                    status: if i >= m - comp { Status::Comp } else if codes[i] % 3 == 2 { Status::Pool } else { status(codes[i]) },
                })
                .collect();
            let residual = Residual { members, earlier: (m - comp..m).collect() };
            // Some release these groups can have.
            let mut r = [0; OPTIONS];
            for (g, pick) in residual.members.iter().zip(&picks) {
                let all = all_counts(g.headcount);
                let v = all[pick % all.len()];
                for o in 0..OPTIONS {
                    r[o] += v[o];
                }
            }
            let r = release(kind, &r);
            // Without a limit: the definition knows none.
            let mut auditor = Auditor::with_limit(kind, p, u64::MAX);
            proptest::prop_assert_eq!(
                auditor.audit(&residual, &r),
                audit_brute(kind, &p, &residual, &r, &mut HashMap::new()),
                "{:?} {:?}", residual, r
            );
            // The bound is a bound: the work counted never exceeds it.
            proptest::prop_assert!(
                auditor.work() <= chain_work(kind, &residual),
                "{} > {}", auditor.work(), chain_work(kind, &residual)
            );
        }
    }

    #[test]
    fn work_is_estimated_from_headcounts() {
        let small = Residual {
            members: vec![member(4, Status::Primary), member(30, Status::Comp)],
            earlier: vec![1],
        };
        assert!(estimated_work(ReleaseType::Mean, &small) < WORK_LIMIT);
    }

    #[test]
    fn a_chain_above_the_limit_fails_without_being_audited() {
        let r = Residual {
            members: vec![member(3, Status::Pool), member(3, Status::Pool)],
            earlier: vec![],
        };
        let release = Release::Mean {
            h: 6,
            cj: 0,
            sum: 18,
        };
        let mut a = Auditor::new(ReleaseType::Mean, Params::DEFAULT);
        assert!(a.audit(&r, &release));
        let mut tight = Auditor::with_limit(ReleaseType::Mean, Params::DEFAULT, 10);
        assert!(!tight.within_limit(&r));
        assert!(!tight.audit(&r, &release));
        assert_eq!(tight.work(), 0);
    }
}

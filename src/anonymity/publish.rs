//! Step 2 of anonymity.md for one item: primary suppression, complementary
//! suppression checked by the audit, and what is shown per named group and
//! overall. Changes against anonymity.md (docs/anonymity-decisions.md): the
//! complementary group is the *largest* shown group, not the smallest; the
//! audits of one item are bounded by the work limit, failing closed (the
//! overall is dropped when the Pool and the primary groups are too large to
//! audit, the whole item when a chain grows too large); an item no
//! respondent was asked is `NotAsked`.

use crate::anonymity::allowed::allowed;
use crate::anonymity::audit::{Auditor, Member, Residual, Status};
use crate::anonymity::release::{Counts, OPTIONS, Release, headcount, release};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cell {
    Shown(Release),
    /// "—": one symbol, whatever the reason.
    Hidden,
    /// Nobody who responded was asked this item (a public fact: the
    /// targeting and the headcounts), so there is no figure at all.
    NotAsked,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ItemRelease {
    /// One cell per named group, in the partition's order.
    pub named: Vec<Cell>,
    pub overall: Cell,
}

fn add(a: &mut Counts, b: &Counts) {
    for o in 0..OPTIONS {
        a[o] += b[o];
    }
}

/// Publishes one item. `named` are the counts and coalition `c` of the named
/// groups asked this item, `pool` the same for the Pool groups asked it.
pub fn publish_item(
    auditor: &mut Auditor,
    named: &[(Counts, u32)],
    pool: &[(Counts, u32)],
) -> ItemRelease {
    let kind = auditor.kind();
    let p = *auditor.params();
    let mut overall = [0; OPTIONS];
    for (v, _) in named.iter().chain(pool) {
        add(&mut overall, v);
    }
    if headcount(&overall) == 0 {
        // Nobody who responded was asked: no figure, not even a hidden one.
        return ItemRelease {
            named: vec![Cell::NotAsked; named.len()],
            overall: Cell::NotAsked,
        };
    }

    // a. Primary: a named group that is not allowed is hidden.
    let mut shown: Vec<bool> = named
        .iter()
        .map(|(v, c)| allowed(kind, v, p.k, p.l, *c))
        .collect();
    let mut residual = Residual {
        members: Vec::new(),
        earlier: Vec::new(),
    };
    let mut residual_counts = [0; OPTIONS];
    let base = pool.iter().map(|g| (g, Status::Pool)).chain(
        named
            .iter()
            .zip(&shown)
            .filter(|(_, shown)| !**shown)
            .map(|(g, _)| (g, Status::Primary)),
    );
    for ((v, c), status) in base {
        // A group without respondents adds nothing (and everyone knows it).
        if headcount(v) > 0 {
            residual.members.push(Member {
                headcount: headcount(v),
                coalition: *c,
                status,
            });
            add(&mut residual_counts, v);
        }
    }

    let cells = |shown: &[bool], overall: Cell| ItemRelease {
        named: named
            .iter()
            .zip(shown)
            .map(|((v, _), shown)| {
                if *shown {
                    Cell::Shown(release(kind, v))
                } else {
                    Cell::Hidden
                }
            })
            .collect(),
        overall,
    };
    let everything_hidden = ItemRelease {
        named: vec![Cell::Hidden; named.len()],
        overall: Cell::Hidden,
    };

    // Bounded work, failing closed. If the residual of the Pool and the
    // primary groups is too large to audit within the limit (a fact of the
    // headcounts and of which groups show "—", never of the answers), the
    // overall is not published: then nothing derives the residual, no
    // complementary suppression is needed, and every other group is shown.
    if !residual.members.is_empty() && !auditor.within_limit(&residual) {
        return cells(&shown, Cell::Hidden);
    }

    // b. Complementary: the residual is derivable as the overall minus the
    // shown groups; while it fails its audit, hide one more shown group.
    while !residual.members.is_empty()
        && !auditor.audit(&residual, &release(kind, &residual_counts))
    {
        // A chain above the limit fails every further audit (the bound only
        // grows): the walk would end with every group hidden.
        if !auditor.within_limit(&residual) {
            return everything_hidden;
        }
        let next = complementary(named, &shown);
        let Some(i) = next else {
            // Nothing left to hide: the whole item is "—", the overall too.
            return everything_hidden;
        };
        let (v, c) = &named[i];
        shown[i] = false;
        residual.earlier.push(residual.members.len());
        residual.members.push(Member {
            headcount: headcount(v),
            coalition: *c,
            status: Status::Comp,
        });
        add(&mut residual_counts, v);
    }

    // d. Output: the shown groups' releases or "—", and the overall.
    cells(&shown, Cell::Shown(release(kind, &overall)))
}

/// The next group to hide as *complementary*: the largest shown group
/// (ties: the earlier one). By headcount only, so the attacker can simulate it.
fn complementary(named: &[(Counts, u32)], shown: &[bool]) -> Option<usize> {
    named
        .iter()
        .enumerate()
        .filter(|(i, _)| shown[*i])
        .max_by_key(|(i, (v, _))| (headcount(v), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

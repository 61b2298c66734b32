//! Step 2 of anonymity.md for one item: primary suppression, complementary
//! suppression checked by the audit, and what is shown per named group and
//! overall.

use crate::anonymity::allowed::allowed;
use crate::anonymity::audit::{Auditor, Member, Residual, Status};
use crate::anonymity::release::{Counts, OPTIONS, Release, headcount, release};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cell {
    Shown(Release),
    /// "—": one symbol, whatever the reason.
    Hidden,
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

    // b. Complementary: the residual is derivable as the overall minus the
    // shown groups; while it fails its audit, hide the smallest shown group too.
    while !residual.members.is_empty()
        && !auditor.audit(&residual, &release(kind, &residual_counts))
    {
        let smallest = named
            .iter()
            .enumerate()
            .filter(|(i, _)| shown[*i])
            .min_by_key(|(i, (v, _))| (headcount(v), std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        let Some(i) = smallest else {
            // Nothing left to hide: the whole item is "—", the overall too.
            return ItemRelease {
                named: vec![Cell::Hidden; named.len()],
                overall: Cell::Hidden,
            };
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
    ItemRelease {
        named: named
            .iter()
            .zip(&shown)
            .map(|((v, _), shown)| {
                if *shown {
                    Cell::Shown(release(kind, v))
                } else {
                    Cell::Hidden
                }
            })
            .collect(),
        overall: Cell::Shown(release(kind, &overall)),
    }
}

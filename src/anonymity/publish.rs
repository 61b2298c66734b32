//! Step 2 for one item: what is shown per named group and overall.
//!
//! Interim rule (simpler than anonymity.md's primary + complementary
//! suppression with the audit, and more cautious): an item is shown only if
//! every block — each named group, the Pool as one block, and the overall —
//! is `allowed`; otherwise the whole item is "—". A shown item then tells the
//! attacker, per block, exactly `A(r)` (which keeps `l` options open for
//! every respondent); a hidden item tells only "some block was unsafe". The
//! exhaustive attacker test (`tests/anonymity`) checks guarantee G for this
//! rule. Per-group "—" with complementary suppression replaces it later.

use crate::anonymity::Params;
use crate::anonymity::allowed::allowed;
use crate::anonymity::release::{Counts, OPTIONS, Release, ReleaseType, release};

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

fn add(a: &Counts, b: &Counts) -> Counts {
    let mut out = *a;
    for o in 0..OPTIONS {
        out[o] += b[o];
    }
    out
}

/// Publishes one item. `named` are the counts of the named groups, `pool` the
/// counts of every Pool group, `coalitions` the `c` of each named group and
/// of the Pool (the largest of its groups).
pub fn publish_item(
    kind: ReleaseType,
    named: &[(Counts, u32)],
    pool: &[(Counts, u32)],
    p: &Params,
) -> ItemRelease {
    let pool_counts = pool.iter().fold([0; OPTIONS], |acc, (v, _)| add(&acc, v));
    let pool_c = pool.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let overall = named.iter().fold(pool_counts, |acc, (v, _)| add(&acc, v));
    let overall_c = named
        .iter()
        .map(|(_, c)| *c)
        .chain([pool_c])
        .max()
        .unwrap_or(0);
    let safe = named.iter().all(|(v, c)| allowed(kind, v, p.k, p.l, *c))
        && (pool.is_empty() || allowed(kind, &pool_counts, p.k, p.l, pool_c))
        && allowed(kind, &overall, p.k, p.l, overall_c);
    if safe {
        ItemRelease {
            named: named
                .iter()
                .map(|(v, _)| Cell::Shown(release(kind, v)))
                .collect(),
            overall: Cell::Shown(release(kind, &overall)),
        }
    } else {
        ItemRelease {
            named: vec![Cell::Hidden; named.len()],
            overall: Cell::Hidden,
        }
    }
}

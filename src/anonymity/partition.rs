//! Step 1 of publishing: split a round's groups into named groups and the
//! Pool by headcount only (never by answers), and choose the release type.

use crate::anonymity::Params;
use crate::anonymity::release::ReleaseType;

/// One rater group (the self-assessment is never passed in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block<G> {
    pub group: G,
    /// Respondents of the group.
    pub headcount: u32,
    /// `c_g`: respondents of this group who may pool their answers with the
    /// attacker. The bound applies per released block: a named group, or
    /// the Pool as a whole, whose `c` is 1 however many groups it holds (a
    /// coalition with insiders in two pooled groups is outside the
    /// guarantee; see docs/anonymity-decisions.md, "The coalition").
    pub coalition: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Partition<G> {
    /// Fewer than `k` raters responded: publish only "te weinig reacties".
    TooFew,
    Blocks {
        /// Groups shown by name, in the order given.
        named: Vec<Block<G>>,
        /// Groups shown only inside the overall figure.
        pool: Vec<Block<G>>,
        kind: ReleaseType,
    },
}

/// The fewest respondents a group needs to be shown apart: `h − c ≥ k`,
/// so `k + c`. Every text and indicator that promises when a group is shown
/// by name uses this (the invitation, the round setup, the forecast).
pub fn shown_apart_from(k: u32, c: u32) -> u32 {
    k + c
}

/// Partitions `groups` (in their fixed display order, which also breaks
/// ties). Groups without respondents count for nothing: they are in neither
/// list, so they neither make a Pool nor decide the release type.
pub fn partition<G: Clone>(groups: &[Block<G>], p: &Params) -> Partition<G> {
    let total: u32 = groups.iter().map(|g| g.headcount).sum();
    if total < p.k {
        return Partition::TooFew;
    }
    type Indexed<G> = Vec<(usize, Block<G>)>;
    let (mut named, mut pool): (Indexed<G>, Indexed<G>) = groups
        .iter()
        .cloned()
        .enumerate()
        .filter(|(_, g)| g.headcount > 0)
        .partition(|(_, g)| g.headcount >= shown_apart_from(p.k, g.coalition));
    loop {
        let pool_h: u32 = pool.iter().map(|(_, g)| g.headcount).sum();
        if pool.is_empty() || pool_h >= p.k || named.is_empty() {
            break;
        }
        // The smallest named group joins the Pool; ties go to the later group.
        let Some(at) = named
            .iter()
            .enumerate()
            .min_by_key(|(i, (_, g))| (g.headcount, std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
        else {
            break;
        };
        pool.push(named.remove(at));
    }
    pool.sort_by_key(|(i, _)| *i);
    let pool_h: u32 = pool.iter().map(|(_, g)| g.headcount).sum();
    let blocks_large =
        named.iter().all(|(_, g)| g.headcount >= p.d) && (pool.is_empty() || pool_h >= p.d);
    Partition::Blocks {
        named: named.into_iter().map(|(_, g)| g).collect(),
        pool: pool.into_iter().map(|(_, g)| g).collect(),
        kind: if blocks_large {
            ReleaseType::Dist
        } else {
            ReleaseType::Mean
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(name: &'static str, h: u32) -> Block<&'static str> {
        Block {
            group: name,
            headcount: h,
            coalition: 1,
        }
    }

    fn names(v: &[Block<&'static str>]) -> Vec<&'static str> {
        v.iter().map(|b| b.group).collect()
    }

    #[test]
    fn too_few_respondents_publish_nothing() {
        assert_eq!(
            partition(&[b("raad", 1), b("college", 1)], &Params::DEFAULT),
            Partition::TooFew
        );
    }

    #[test]
    fn groups_need_k_plus_their_coalition_to_be_named() {
        let Partition::Blocks { named, pool, kind } = partition(
            &[
                b("raad", 6),
                b("college", 4),
                b("politie", 3),
                b("extern", 2),
            ],
            &Params::DEFAULT,
        ) else {
            panic!()
        };
        // politie (3 - 1 < 3) and extern go to the Pool, which then has 5 >= k.
        assert_eq!(names(&named), vec!["raad", "college"]);
        assert_eq!(names(&pool), vec!["politie", "extern"]);
        assert_eq!(kind, ReleaseType::Mean);
    }

    #[test]
    fn a_small_pool_takes_the_smallest_named_group() {
        let Partition::Blocks { named, pool, .. } = partition(
            &[b("raad", 6), b("college", 4), b("extern", 1)],
            &Params::DEFAULT,
        ) else {
            panic!()
        };
        assert_eq!(names(&named), vec!["raad"]);
        assert_eq!(names(&pool), vec!["college", "extern"]);
    }

    #[test]
    fn a_group_without_respondents_takes_no_named_group_with_it() {
        let Partition::Blocks { named, pool, .. } = partition(
            &[b("raad", 6), b("college", 4), b("extern", 0)],
            &Params::DEFAULT,
        ) else {
            panic!()
        };
        assert_eq!(names(&named), vec!["raad", "college"]);
        assert!(
            pool.is_empty(),
            "a group without respondents is in no block"
        );
    }

    #[test]
    fn an_empty_group_does_not_turn_distributions_into_means() {
        // 20 raters in two groups of 10 and an empty default group.
        let Partition::Blocks { named, pool, kind } = partition(
            &[b("raad", 10), b("college", 10), b("extern", 0)],
            &Params::DEFAULT,
        ) else {
            panic!()
        };
        assert_eq!(names(&named), vec!["raad", "college"]);
        assert!(pool.is_empty());
        assert_eq!(kind, ReleaseType::Dist);
    }

    #[test]
    fn shown_apart_from_k_plus_c() {
        assert_eq!(shown_apart_from(3, 1), 4);
        assert_eq!(shown_apart_from(5, 0), 5);
        let Partition::Blocks { named, .. } =
            partition(&[b("raad", 4), b("college", 3)], &Params::DEFAULT)
        else {
            panic!()
        };
        assert_eq!(names(&named), vec!["raad"]);
    }

    #[test]
    fn distributions_only_when_every_block_has_d() {
        let Partition::Blocks { kind, .. } =
            partition(&[b("raad", 12), b("college", 10)], &Params::DEFAULT)
        else {
            panic!()
        };
        assert_eq!(kind, ReleaseType::Dist);
        let Partition::Blocks { kind, .. } =
            partition(&[b("raad", 12), b("college", 9)], &Params::DEFAULT)
        else {
            panic!()
        };
        assert_eq!(kind, ReleaseType::Mean);
    }
}

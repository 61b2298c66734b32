//! Before a round: what step 1 of publishing (the partition by headcount)
//! would do if every referent on the list answered — the best case. The
//! griffier sees it while setting up the groups. The rule itself is
//! [`partition`]; nothing here repeats it.

use crate::anonymity::Params;
use crate::anonymity::partition::{Block, Partition, partition, shown_apart_from};

/// What would happen to one group in the best case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outlook {
    /// Shown as a group of its own.
    Apart,
    /// Counted only inside the total, together with the other pooled groups
    /// ("overige referenten").
    Pooled,
    /// Nobody on the list: the group shows nothing.
    Empty,
    /// Fewer than k referenten in the whole round: only "te weinig reacties".
    TooFewInRound,
}

/// One group's headcount on the list and its outlook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupForecast<G> {
    pub group: G,
    pub headcount: u32,
    pub outlook: Outlook,
}

/// Runs the partition on the headcounts (self-assessment excluded by the
/// caller), in the groups' display order, with coalition `coalition` each.
pub fn forecast<G: Clone + PartialEq>(
    groups: &[(G, u32)],
    p: &Params,
    coalition: u32,
) -> Vec<GroupForecast<G>> {
    let blocks: Vec<Block<G>> = groups
        .iter()
        .map(|(g, h)| Block {
            group: g.clone(),
            headcount: *h,
            coalition,
        })
        .collect();
    let parted = partition(&blocks, p);
    groups
        .iter()
        .map(|(g, h)| {
            let outlook = match &parted {
                Partition::TooFew => Outlook::TooFewInRound,
                _ if *h == 0 => Outlook::Empty,
                Partition::Blocks { named, .. } if named.iter().any(|b| b.group == *g) => {
                    Outlook::Apart
                }
                Partition::Blocks { .. } => Outlook::Pooled,
            };
            GroupForecast {
                group: g.clone(),
                headcount: *h,
                outlook,
            }
        })
        .collect()
}

/// The fewest referenten a group needs to be shown apart: `k + c`
/// ([`shown_apart_from`], the rule the partition applies).
pub fn needed_apart(p: &Params, coalition: u32) -> u32 {
    shown_apart_from(p.k, coalition)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlooks(groups: &[(&'static str, u32)], k: u32) -> Vec<(&'static str, Outlook)> {
        forecast(
            groups,
            &Params {
                k,
                ..Params::DEFAULT
            },
            1,
        )
        .into_iter()
        .map(|f| (f.group, f.outlook))
        .collect()
    }

    #[test]
    fn a_group_of_three_with_k_three_is_pooled() {
        assert_eq!(
            outlooks(
                &[("raad", 6), ("college", 3), ("politie", 2), ("extern", 0)],
                3
            ),
            vec![
                ("raad", Outlook::Apart),
                ("college", Outlook::Pooled),
                ("politie", Outlook::Pooled),
                ("extern", Outlook::Empty),
            ]
        );
        assert_eq!(needed_apart(&Params::DEFAULT, 1), 4);
    }

    #[test]
    fn a_small_pool_takes_the_smallest_named_group_along() {
        assert_eq!(
            outlooks(&[("raad", 6), ("college", 4), ("extern", 1)], 3),
            vec![
                ("raad", Outlook::Apart),
                ("college", Outlook::Pooled),
                ("extern", Outlook::Pooled),
            ]
        );
    }

    #[test]
    fn too_few_in_the_whole_round_shows_nothing() {
        assert_eq!(
            outlooks(&[("raad", 2), ("college", 0)], 3),
            vec![
                ("raad", Outlook::TooFewInRound),
                ("college", Outlook::TooFewInRound)
            ]
        );
    }

    #[test]
    fn a_higher_k_needs_more_per_group() {
        assert_eq!(
            outlooks(&[("raad", 5), ("college", 6)], 5),
            vec![("raad", Outlook::Pooled), ("college", Outlook::Apart)]
        );
    }
}

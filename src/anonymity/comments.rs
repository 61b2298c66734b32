//! Step 5 of anonymity.md: which comments are shown, under which group label.
//!
//! The groups asked an open question are partitioned as in step 1, with
//! `k_text` instead of `k`: a group gets its own label only if it has at
//! least `k_text` respondents beyond its coalition and what is left over is
//! empty or has at least `k_text` respondents. Everything else is shown
//! together without a label, and only if at least `k_text` raters were asked.
//! Every comment appears exactly once; the order within a block is a keyed
//! permutation chosen by the caller (never time or author).

use crate::anonymity::Params;
use crate::anonymity::partition::{Block, Partition, partition};

/// Where the comments of each group go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentPlan<G> {
    /// Fewer than `k_text` raters were asked: no comment is shown.
    Hidden,
    Shown {
        /// Groups whose comments are shown under their own name.
        labelled: Vec<G>,
        /// Groups whose comments are shown together, without a group name.
        together: Vec<G>,
    },
}

/// Plans the comments of one open question; `groups` are the non-self
/// groups asked it, with their respondents.
pub fn plan_comments<G: Clone>(groups: &[Block<G>], p: &Params) -> CommentPlan<G> {
    let text = Params {
        k: p.k_text(),
        ..*p
    };
    match partition(groups, &text) {
        Partition::TooFew => CommentPlan::Hidden,
        Partition::Blocks { named, pool, .. } => CommentPlan::Shown {
            labelled: named.into_iter().map(|b| b.group).collect(),
            together: pool.into_iter().map(|b| b.group).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn blocks(heads: &[u32]) -> Vec<Block<usize>> {
        heads
            .iter()
            .enumerate()
            .map(|(g, h)| Block {
                group: g,
                headcount: *h,
                coalition: 1,
            })
            .collect()
    }

    #[test]
    fn too_few_raters_show_no_comment() {
        assert_eq!(
            plan_comments(&blocks(&[2, 2]), &Params::DEFAULT),
            CommentPlan::Hidden
        );
    }

    #[test]
    fn a_large_group_gets_its_label_only_if_the_rest_is_large_enough() {
        // 7 raad members (7 - 1 >= 5) and 4 others: the 4 would stand alone, too few.
        assert_eq!(
            plan_comments(&blocks(&[7, 4]), &Params::DEFAULT),
            CommentPlan::Shown {
                labelled: vec![],
                together: vec![0, 1]
            }
        );
        assert_eq!(
            plan_comments(&blocks(&[7, 3, 2]), &Params::DEFAULT),
            CommentPlan::Shown {
                labelled: vec![0],
                together: vec![1, 2]
            }
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Property 7 of anonymity.md: the comments of every group with
        /// respondents appear in exactly one bucket (a group without any has
        /// none and counts for nothing), and every bucket holds at least
        /// k_text respondents.
        #[test]
        fn every_bucket_is_large_enough_and_every_group_is_in_one(
            heads in proptest::collection::vec(0u32..12, 1..7),
            k in 3u32..7,
        ) {
            let p = Params { k, ..Params::DEFAULT };
            match plan_comments(&blocks(&heads), &p) {
                CommentPlan::Hidden => prop_assert!(heads.iter().sum::<u32>() < p.k_text()),
                CommentPlan::Shown { labelled, together } => {
                    let mut all: Vec<usize> = labelled.iter().chain(&together).copied().collect();
                    all.sort_unstable();
                    prop_assert_eq!(all, (0..heads.len()).filter(|g| heads[*g] > 0).collect::<Vec<_>>());
                    for g in &labelled {
                        prop_assert!(heads[*g] > p.k_text());
                    }
                    let rest: u32 = together.iter().map(|g| heads[*g]).sum();
                    prop_assert!(rest == 0 || rest >= p.k_text());
                }
            }
        }
    }
}

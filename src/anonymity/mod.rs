//! Disclosure control: what may be published. Pure functions, no I/O (see
//! `../shared/docs/anonymity.md`). This module is the only door from answers
//! to anything shown or exported.
//!
//! - `release`: what a release of one block's answers reveals;
//! - `allowed`: the safety rule (exact, for coalitions of at most one
//!   respondent; only the answer values 1–5 count towards `l`);
//! - `partition`: named groups and the Pool, by headcount only
//!   (`shown_apart_from(k, c)`: the one rule for being shown by name);
//! - `audit` and `publish`: primary and complementary suppression per item,
//!   with a deterministic bound on the work of each item;
//! - `comments`: which comments are shown, and under which group label.

pub mod allowed;
pub mod audit;
pub mod comments;
pub mod forecast;
pub mod partition;
pub mod publish;
pub mod release;

pub use allowed::allowed;
pub use audit::Auditor;
pub use comments::{CommentPlan, plan_comments};
pub use partition::{Block, Partition, partition};
pub use publish::{Cell, ItemRelease, publish_item};
pub use release::{Counts, OPTIONS, Release, ReleaseType};

/// The parameters of a round, fixed when the first invitation goes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Minimum valid answers behind any figure.
    pub k: u32,
    /// Answer values (1–5; "kan ik niet beoordelen" does not count) that
    /// must stay possible for every respondent.
    pub l: u32,
    /// Minimum headcount of every block before distributions are shown.
    pub d: u32,
}

impl Params {
    pub const DEFAULT: Params = Params { k: 3, l: 2, d: 10 };

    /// `k_text = max(k, 5)`: the headcount behind any shown comment.
    pub fn k_text(&self) -> u32 {
        self.k.max(5)
    }
}

//! The published view of a closed round (stored as JSON, version 2).

use serde::{Deserialize, Serialize};

use crate::anonymity::ReleaseType;

pub const FORMAT_VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasedView {
    pub format: u32,
    /// Parameters the view was computed with.
    pub k: u32,
    pub l: u32,
    pub d: u32,
    pub k_text: u32,
    /// How the figures are shown; `None` when too few raters responded.
    pub release_type: Option<ReleaseKind>,
    /// Fewer than k raters responded: nothing but this fact is published.
    pub too_few: bool,
    /// Responses of all raters (the self-assessment not included).
    pub respondents: u32,
    /// Raters invited (the self-assessment not included).
    pub invited: u32,
    /// Whether the burgemeester filled in the self-assessment.
    pub self_assessed: bool,
    /// Groups shown by name, with their number of respondents.
    pub groups: Vec<GroupView>,
    /// Groups too small to be shown by name; they count only in the overall figures.
    pub pooled_groups: Vec<String>,
    pub themes: Vec<ThemeView>,
}

/// How every figure of a view is shown (stored as `mean` or `distribution`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseKind {
    /// A mean with the number of valid answers.
    Mean,
    /// How many chose each option.
    Distribution,
}

impl From<ReleaseType> for ReleaseKind {
    fn from(kind: ReleaseType) -> Self {
        match kind {
            ReleaseType::Mean => Self::Mean,
            ReleaseType::Dist => Self::Distribution,
        }
    }
}

/// What an item of the view is (stored as `scale` or `open`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    /// A statement on the scale: cells per group and overall.
    Scale,
    /// An open question: comments.
    Open,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub key: String,
    pub name: String,
    pub respondents: u32,
    pub invited: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeView {
    pub title: String,
    pub items: Vec<ItemView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemView {
    pub text: String,
    pub kind: ItemType,
    /// One cell per shown group, in the order of `ReleasedView::groups` (scale items only).
    pub groups: Vec<CellView>,
    /// All raters together (scale items only).
    pub overall: Option<CellView>,
    /// Comments in blocks (a group's own, or several groups together), each
    /// in a keyed random order; `None` when too few raters got the question
    /// to show any (open questions only).
    pub comments: Option<Vec<CommentBlock>>,
    /// The burgemeester's own answer (self-assessment): 0 = "kan ik niet
    /// beoordelen", 1..=5 the scale; `None` without a self-assessment.
    pub self_answer: Option<u32>,
    /// The burgemeester's own text for an open question, if any.
    pub self_comment: Option<String>,
}

/// Comments shown together: under one group's name, or (`group: None`)
/// of several groups without a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentBlock {
    pub group: Option<String>,
    pub comments: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cell", rename_all = "snake_case")]
pub enum CellView {
    /// "—": not shown (too few answers, or it could reveal someone's answer).
    Hidden,
    /// The question was not put to this group.
    NotAsked,
    /// Respondents, "kan ik niet beoordelen" answers, and the sum of the valid answers.
    Mean {
        respondents: u32,
        cannot_judge: u32,
        sum: u32,
    },
    /// How many chose each option: [kan ik niet beoordelen, 1, 2, 3, 4, 5].
    Distribution { counts: [u32; 6] },
}

impl CellView {
    /// The mean of the valid answers, if shown.
    pub fn mean(&self) -> Option<f64> {
        match self {
            CellView::Mean {
                respondents,
                cannot_judge,
                sum,
            } => {
                let n = respondents - cannot_judge;
                (n > 0).then(|| f64::from(*sum) / f64::from(n))
            }
            CellView::Distribution { counts } => {
                let n: u32 = counts[1..].iter().sum();
                let sum: u32 = counts
                    .iter()
                    .enumerate()
                    .skip(1)
                    .map(|(o, c)| o as u32 * c)
                    .sum();
                (n > 0).then(|| f64::from(sum) / f64::from(n))
            }
            CellView::Hidden | CellView::NotAsked => None,
        }
    }

    /// Valid answers behind the figure, if shown.
    pub fn valid(&self) -> Option<u32> {
        match self {
            CellView::Mean {
                respondents,
                cannot_judge,
                ..
            } => Some(respondents - cannot_judge),
            CellView::Distribution { counts } => Some(counts[1..].iter().sum()),
            CellView::Hidden | CellView::NotAsked => None,
        }
    }
}

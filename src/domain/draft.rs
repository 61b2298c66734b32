//! A referent's draft: the valid answers typed so far, kept between the
//! pages of the questionnaire and across a break (docs/anonymity-decisions.md,
//! "Drafts"). Pure: what is kept and how posted fields are laid over it.

use std::collections::HashMap;

use crate::domain::answers::{ScaleAnswer, field_name};
use crate::domain::ids::ItemId;
use crate::domain::questionnaire::{Item, ItemKind, Questionnaire};
use crate::domain::text::parse_comment;

/// The answers of a draft: only values the form itself would accept (a
/// scale answer, or a comment within its item's limit).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub scores: Vec<(ItemId, ScaleAnswer)>,
    pub comments: Vec<(ItemId, String)>,
}

impl std::fmt::Debug for Draft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Answers never reach a log line, not even through `{:?}`.
        write!(
            f,
            "Draft({} scores, {} comments)",
            self.scores.len(),
            self.comments.len()
        )
    }
}

impl Draft {
    /// The valid answers among `fields` to the items of `q`; everything else
    /// (other items, unknown values, over-long comments) is left out.
    pub fn from_fields(q: &Questionnaire, fields: &[(String, String)]) -> Self {
        let posted: HashMap<&str, &str> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut draft = Self::default();
        for item in q.items() {
            let Some(raw) = posted.get(field_name(item.id).as_str()) else {
                continue;
            };
            match item.kind {
                ItemKind::Scale => {
                    if let Some(a) = ScaleAnswer::from_form(raw) {
                        draft.scores.push((item.id, a));
                    }
                }
                ItemKind::Open { max_chars } => {
                    if let Ok(Some(text)) = parse_comment(raw, max_chars as usize) {
                        draft.comments.push((item.id, text));
                    }
                }
            }
        }
        draft
    }

    /// The draft as the form's fields.
    pub fn fields(&self) -> Vec<(String, String)> {
        self.scores
            .iter()
            .map(|(item, a)| (field_name(*item), a.form_value()))
            .chain(
                self.comments
                    .iter()
                    .map(|(item, text)| (field_name(*item), text.clone())),
            )
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.scores.is_empty() && self.comments.is_empty()
    }

    /// Whether the item has an answer (a statement) or a text (an open question).
    pub fn has(&self, item: ItemId) -> bool {
        self.scores.iter().any(|(i, _)| *i == item) || self.comments.iter().any(|(i, _)| *i == item)
    }

    /// How many of these items' statements still lack an answer.
    pub fn unanswered<'a>(&self, items: impl IntoIterator<Item = &'a Item>) -> usize {
        items
            .into_iter()
            .filter(|i| i.kind == ItemKind::Scale && !self.has(i.id))
            .count()
    }
}

/// `base` with the fields posted for `items` laid over it: a posted field
/// replaces the earlier value (an emptied text removes it); an item that was
/// not posted (a statement left open) keeps what it had. Posted fields of
/// other items are ignored.
pub fn lay_over<'a>(
    base: &[(String, String)],
    items: impl IntoIterator<Item = &'a Item>,
    posted: &[(String, String)],
) -> Vec<(String, String)> {
    let mut merged: HashMap<String, String> = base.iter().cloned().collect();
    let posted: HashMap<&str, &str> = posted
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    for item in items {
        let name = field_name(item.id);
        if let Some(v) = posted.get(name.as_str()) {
            merged.insert(name, (*v).to_owned());
        }
    }
    merged.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answers::Score;
    use crate::domain::ids::{GroupId, ThemeId};
    use crate::domain::questionnaire::Theme;

    fn q() -> (Questionnaire, ItemId, ItemId, ItemId) {
        let t = ThemeId::random();
        let g = GroupId::random();
        let item = |kind| Item {
            id: ItemId::random(),
            theme_id: t,
            kind,
            text: "x".into(),
            groups: vec![g],
        };
        let (a, b, o) = (
            item(ItemKind::Scale),
            item(ItemKind::Scale),
            item(ItemKind::Open { max_chars: 5 }),
        );
        let ids = (a.id, b.id, o.id);
        let q = Questionnaire {
            themes: vec![Theme {
                id: t,
                title: "T".into(),
                intro: String::new(),
                items: vec![a, b, o],
            }],
        };
        (q, ids.0, ids.1, ids.2)
    }

    #[test]
    fn only_valid_answers_to_known_items_are_kept() {
        let (q, a, b, o) = q();
        let d = Draft::from_fields(
            &q,
            &[
                (field_name(a), "kib".into()),
                (field_name(b), "9".into()),
                (field_name(o), "veel te lang".into()),
                (field_name(ItemId::random()), "3".into()),
            ],
        );
        assert_eq!(d.scores, vec![(a, ScaleAnswer::CannotJudge)]);
        assert!(d.comments.is_empty());
        assert_eq!(d.unanswered(q.items()), 1);
        let d = Draft::from_fields(&q, &d.fields());
        assert_eq!(d.scores, vec![(a, ScaleAnswer::CannotJudge)]);
    }

    #[test]
    fn posted_fields_replace_and_unposted_items_keep_their_answer() {
        let (q, a, b, o) = q();
        let base = Draft {
            scores: vec![(a, ScaleAnswer::Score(Score::new(2).unwrap()))],
            comments: vec![(o, "oud".into())],
        }
        .fields();
        let merged = lay_over(
            &base,
            q.items(),
            &[(field_name(b), "5".into()), (field_name(o), "".into())],
        );
        let d = Draft::from_fields(&q, &merged);
        assert_eq!(d.scores.len(), 2);
        assert!(d.comments.is_empty(), "an emptied text is removed");
        assert!(!d.is_empty());
    }
}

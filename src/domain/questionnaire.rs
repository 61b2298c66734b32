//! A round's questionnaire: themes with items, each item targeted at groups.

use crate::domain::ids::{GroupId, ItemId, ThemeId};

/// The longest answer to an open question unless the item says otherwise.
pub const DEFAULT_OPEN_MAX_CHARS: u32 = 2000;
/// The highest limit a griffier may set on an open question.
pub const OPEN_MAX_CHARS_LIMIT: u32 = 5000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A statement on the 5-point scale, plus "kan ik niet beoordelen".
    Scale,
    /// An open question with a length limit in characters.
    Open { max_chars: u32 },
}

impl ItemKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Scale => "scale",
            Self::Open { .. } => "open",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: ItemId,
    pub theme_id: ThemeId,
    pub kind: ItemKind,
    pub text: String,
    /// The groups that get this item. The self-assessment group gets every item.
    pub groups: Vec<GroupId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub id: ThemeId,
    pub title: String,
    pub intro: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Questionnaire {
    pub themes: Vec<Theme>,
}

impl Questionnaire {
    /// The questionnaire exactly as one group sees it: only items targeted
    /// at the group, and only themes that keep at least one item.
    pub fn for_group(&self, group: GroupId) -> Questionnaire {
        let themes = self
            .themes
            .iter()
            .filter_map(|t| {
                let items: Vec<Item> = t
                    .items
                    .iter()
                    .filter(|i| i.groups.contains(&group))
                    .cloned()
                    .collect();
                (!items.is_empty()).then(|| Theme { items, ..t.clone() })
            })
            .collect();
        Questionnaire { themes }
    }

    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.themes.iter().flat_map(|t| t.items.iter())
    }

    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.items().find(|i| i.id == id)
    }

    pub fn scale_item_count(&self) -> usize {
        self.items().filter(|i| i.kind == ItemKind::Scale).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_sees_only_its_items_and_no_empty_themes() {
        let (a, b) = (GroupId::random(), GroupId::random());
        let t1 = ThemeId::random();
        let t2 = ThemeId::random();
        let item = |theme, groups: Vec<GroupId>| Item {
            id: ItemId::random(),
            theme_id: theme,
            kind: ItemKind::Scale,
            text: "x".into(),
            groups,
        };
        let q = Questionnaire {
            themes: vec![
                Theme {
                    id: t1,
                    title: "1".into(),
                    intro: String::new(),
                    items: vec![item(t1, vec![a]), item(t1, vec![a, b])],
                },
                Theme {
                    id: t2,
                    title: "2".into(),
                    intro: String::new(),
                    items: vec![item(t2, vec![a])],
                },
            ],
        };
        let for_b = q.for_group(b);
        assert_eq!(for_b.themes.len(), 1);
        assert_eq!(for_b.items().count(), 1);
        assert_eq!(q.for_group(a).items().count(), 3);
    }
}

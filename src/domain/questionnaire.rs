//! A round's questionnaire: themes with items, each item targeted at groups.

use crate::domain::ids::{GroupId, ItemId, ThemeId};
use crate::domain::text::Line;

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

/// The longest wording of a statement or an open question.
pub const ITEM_TEXT_MAX_CHARS: usize = 300;
/// The most competencies of a profielschets added at once.
pub const PROFILE_MAX_LINES: usize = 20;
/// The key of the theme that holds the competencies of the profielschets.
pub const PROFILE_THEME_KEY: &str = "profielschets";
pub const PROFILE_THEME_TITLE: &str = "Profielschets";
pub const PROFILE_THEME_INTRO: &str =
    "De competenties uit de profielschets waarop de burgemeester is benoemd.";

/// The wording of a statement or open question: one line, at most 300 characters.
pub type ItemText = Line<ITEM_TEXT_MAX_CHARS>;

/// Where an item of a round comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemSource {
    /// The question bank.
    Bank,
    /// A competency of the profielschets.
    Profile,
    /// Written by the griffier.
    Own,
}

impl ItemSource {
    pub fn code(self) -> &'static str {
        match self {
            Self::Bank => "bank",
            Self::Profile => "profielschets",
            Self::Own => "eigen",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Bank, Self::Profile, Self::Own]
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Bank => "vragenbank",
            Self::Profile => "profielschets",
            Self::Own => "eigen",
        }
    }

    /// The prefix of the keys of new items of this source (`eigen-3`).
    pub fn key_prefix(self) -> &'static str {
        self.code()
    }
}

/// The next free key `<prefix>-<n>` among a round's item keys.
pub fn next_key<'a>(prefix: &str, existing: impl IntoIterator<Item = &'a str>) -> String {
    let n = existing
        .into_iter()
        .filter_map(|k| {
            k.strip_prefix(prefix)?
                .strip_prefix('-')?
                .parse::<u32>()
                .ok()
        })
        .max()
        .map_or(1, |n| n + 1);
    format!("{prefix}-{n}")
}

/// A line of a pasted profielschets that cannot become a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based, counting every line as typed.
    pub line: usize,
    pub message: String,
}

/// The competencies of a profielschets, one per line (blank lines are
/// skipped): at most 20, each a statement of at most 300 characters. Either
/// every line is good, or every bad line is named.
pub fn parse_competencies(text: &str) -> Result<Vec<ItemText>, Vec<LineError>> {
    let mut good = Vec::new();
    let mut errors = Vec::new();
    let mut count = 0;
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        count += 1;
        if count == PROFILE_MAX_LINES + 1 {
            errors.push(LineError {
                line: i + 1,
                message: format!(
                    "Meer dan {PROFILE_MAX_LINES} competenties. Voeg er hoogstens {PROFILE_MAX_LINES} tegelijk toe."
                ),
            });
        }
        match ItemText::parse(raw) {
            Ok(t) => good.push(t),
            Err(e) => errors.push(LineError {
                line: i + 1,
                message: e.to_string(),
            }),
        }
    }
    if count == 0 {
        errors.push(LineError {
            line: 1,
            message: "Vul minstens één competentie in, één per regel.".into(),
        });
    }
    if errors.is_empty() {
        Ok(good)
    } else {
        Err(errors)
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

    #[test]
    fn competencies_are_one_statement_per_line_within_limits() {
        let ok = parse_competencies("Verbindend\n\n  Integer  \n").unwrap();
        let texts: Vec<&str> = ok.iter().map(|t| t.as_str()).collect();
        assert_eq!(texts, ["Verbindend", "Integer"]);

        let long = "x".repeat(ITEM_TEXT_MAX_CHARS + 1);
        let errors = parse_competencies(&format!("Goed\n{long}\nOok goed")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.contains("300"));

        let many = vec!["c"; PROFILE_MAX_LINES + 1].join("\n");
        let errors = parse_competencies(&many).unwrap_err();
        assert_eq!(errors[0].line, PROFILE_MAX_LINES + 1);
        assert!(parse_competencies(&vec!["c"; PROFILE_MAX_LINES].join("\n")).is_ok());
        assert!(parse_competencies(" \n ").is_err());
    }

    #[test]
    fn new_keys_are_unique_per_round() {
        assert_eq!(
            next_key("eigen", ["raad-orde", "eigen-1", "eigen-7", "eigen-x"]),
            "eigen-8"
        );
        assert_eq!(next_key("eigen", ["profielschets-4"]), "eigen-1");
        assert_eq!(
            ItemSource::parse("profielschets"),
            Some(ItemSource::Profile)
        );
        assert_eq!(
            ItemSource::parse("bank").map(ItemSource::label),
            Some("vragenbank")
        );
        assert_eq!(ItemSource::parse("?"), None);
    }
}

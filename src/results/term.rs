//! The term in one view: per theme (and per group where a round showed
//! groups), the released theme score of every round of one burgemeester,
//! side by side. Built only from each round's own released view: a figure
//! appears only where that round released it, and nothing is ever computed
//! from two rounds together (no differences, no trends). Pure.

use std::collections::HashMap;

use crate::results::summary::{Score, ThemeScore, theme_scores};
use crate::results::view::ReleasedView;

/// One round of the term, as far as the reader may see its figures.
pub struct TermRound<'a> {
    /// "100-dagengesprek 12 maart 2025".
    pub label: String,
    pub figures: RoundFigures<'a>,
}

pub enum RoundFigures<'a> {
    /// The round's sharing mode keeps its figures from this reader.
    NotShared,
    /// No figures yet (the round is not closed, or is being computed).
    NotYet,
    /// The released view, with the round's themes as (title, key) from its
    /// questionnaire (`themes.key`), to match themes across rounds.
    Released {
        view: &'a ReleasedView,
        theme_keys: &'a [(String, String)],
    },
}

/// What one cell of the term view says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TermCell {
    /// "niet gedeeld": the round's figures are not for this reader.
    NotShared,
    /// "nog geen uitkomsten".
    NotYet,
    /// Too few referenten responded in that round: nothing was published.
    TooFew,
    /// The theme was not part of that round's questionnaire.
    NoTheme,
    /// The group was not shown apart in that round (too small, pooled) or
    /// did not exist then.
    NotApart,
    /// The theme score as that round released it (its mean is `None` when
    /// none of its statements was shown: "—").
    Score(Score),
}

impl TermCell {
    /// The figure for a chart: only a released mean.
    pub fn mean(&self) -> Option<f64> {
        match self {
            TermCell::Score(s) => s.mean,
            _ => None,
        }
    }
}

/// One row of a theme: all referenten together, or one group.
#[derive(Clone, Debug, PartialEq)]
pub struct TermRow {
    /// "" for all referenten, else the group's key.
    pub key: String,
    /// "Alle referenten", or the group's name (as the newest round calls it).
    pub label: String,
    /// One per round, in the order of the rounds.
    pub cells: Vec<TermCell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TermTheme {
    pub key: String,
    /// The title as the newest round with figures calls it.
    pub title: String,
    pub rows: Vec<TermRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TermView {
    /// The rounds' labels, in order (the columns).
    pub rounds: Vec<String>,
    pub themes: Vec<TermTheme>,
}

/// The label of the row of all referenten together.
pub const ALL_RATERS: &str = "Alle referenten";

/// A theme's key in one round. Themes are matched across rounds by their
/// key (`themes.key`, the question bank's key, the same in every round that
/// took the theme from the bank); the released view names a theme by its
/// title only, so the round's questionnaire gives the key for that title.
/// A theme of the griffier's own, or one whose title is not (or twice) in
/// the questionnaire, falls back on its title.
fn theme_key(title: &str, keys: &[(String, String)]) -> String {
    let mut found = keys.iter().filter(|(t, _)| t == title);
    match (found.next(), found.next()) {
        (Some((_, key)), None) => key.clone(),
        _ => format!("titel:{title}"),
    }
}

/// The term view over `rounds` (in the order of the term).
pub fn term_view(rounds: &[TermRound]) -> TermView {
    struct Released<'a> {
        view: &'a ReleasedView,
        scores: HashMap<String, ThemeScore>,
    }
    let released: Vec<Option<Released>> = rounds
        .iter()
        .map(|r| match r.figures {
            RoundFigures::Released { view, theme_keys } if !view.too_few => Some(Released {
                view,
                scores: theme_scores(view)
                    .into_iter()
                    .map(|t| (theme_key(&t.title, theme_keys), t))
                    .collect(),
            }),
            _ => None,
        })
        .collect();
    // Themes and groups in the order they first appear; titles and names as
    // the newest round says them.
    let mut themes: Vec<(String, String)> = Vec::new();
    let mut groups: Vec<(String, String)> = Vec::new();
    for (round, rel) in rounds.iter().zip(&released) {
        let (Some(rel), RoundFigures::Released { theme_keys, .. }) = (rel, &round.figures) else {
            continue;
        };
        for t in theme_scores(rel.view) {
            let key = theme_key(&t.title, theme_keys);
            match themes.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = t.title,
                None => themes.push((key, t.title)),
            }
        }
        for g in &rel.view.groups {
            match groups.iter_mut().find(|(k, _)| *k == g.key) {
                Some(entry) => entry.1.clone_from(&g.name),
                None => groups.push((g.key.clone(), g.name.clone())),
            }
        }
    }
    let cell = |i: usize, theme: &str, group: Option<&str>| -> TermCell {
        match (&rounds[i].figures, &released[i]) {
            (RoundFigures::NotShared, _) => TermCell::NotShared,
            (RoundFigures::NotYet, _) => TermCell::NotYet,
            (RoundFigures::Released { .. }, None) => TermCell::TooFew,
            (RoundFigures::Released { .. }, Some(rel)) => {
                let Some(score) = rel.scores.get(theme) else {
                    return TermCell::NoTheme;
                };
                match group {
                    None => TermCell::Score(score.overall),
                    Some(key) => rel
                        .view
                        .groups
                        .iter()
                        .position(|g| g.key == key)
                        .and_then(|at| score.groups.get(at))
                        .map_or(TermCell::NotApart, |s| TermCell::Score(*s)),
                }
            }
        }
    };
    let themes = themes
        .into_iter()
        .map(|(key, title)| {
            let mut rows = vec![TermRow {
                key: String::new(),
                label: ALL_RATERS.into(),
                cells: (0..rounds.len()).map(|i| cell(i, &key, None)).collect(),
            }];
            for (gkey, name) in &groups {
                let cells: Vec<TermCell> = (0..rounds.len())
                    .map(|i| cell(i, &key, Some(gkey)))
                    .collect();
                // A group none of whose rounds asked it about this theme gets no row.
                if cells
                    .iter()
                    .any(|c| matches!(c, TermCell::Score(s) if s.was_asked()))
                {
                    rows.push(TermRow {
                        key: gkey.clone(),
                        label: name.clone(),
                        cells,
                    });
                }
            }
            TermTheme { key, title, rows }
        })
        .collect();
    TermView {
        rounds: rounds.iter().map(|r| r.label.clone()).collect(),
        themes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::view::{CellView, GroupView, ItemType, ItemView, ThemeView};

    fn mean(respondents: u32, sum: u32) -> CellView {
        CellView::Mean {
            respondents,
            cannot_judge: 0,
            sum,
        }
    }

    fn view(
        groups: &[(&str, &str)],
        theme: &str,
        cells: Vec<CellView>,
        overall: CellView,
    ) -> ReleasedView {
        ReleasedView {
            format: 2,
            k: 3,
            l: 2,
            d: 1,
            k_text: 3,
            release_type: None,
            too_few: false,
            respondents: 10,
            invited: 12,
            self_assessed: false,
            groups: groups
                .iter()
                .map(|(k, n)| GroupView {
                    key: (*k).into(),
                    name: (*n).into(),
                    respondents: 5,
                    invited: 6,
                })
                .collect(),
            pooled_groups: vec![],
            themes: vec![ThemeView {
                title: theme.into(),
                items: vec![ItemView {
                    text: "Stelling".into(),
                    kind: ItemType::Scale,
                    groups: cells,
                    overall: Some(overall),
                    comments: None,
                    self_answer: None,
                    self_comment: None,
                }],
            }],
        }
    }

    #[test]
    fn rounds_stand_side_by_side_matched_by_theme_key_and_group_key() {
        let first = view(
            &[("raad", "Gemeenteraad")],
            "Integriteit",
            vec![mean(5, 20)],
            mean(10, 35),
        );
        let second = view(
            &[("raad", "De gemeenteraad"), ("college", "College")],
            "Integriteit en voorbeeldgedrag",
            vec![CellView::Hidden, mean(4, 18)],
            mean(9, 36),
        );
        let k1 = vec![("Integriteit".to_owned(), "integriteit".to_owned())];
        let k2 = vec![(
            "Integriteit en voorbeeldgedrag".to_owned(),
            "integriteit".to_owned(),
        )];
        let t = term_view(&[
            TermRound {
                label: "Eerste".into(),
                figures: RoundFigures::Released {
                    view: &first,
                    theme_keys: &k1,
                },
            },
            TermRound {
                label: "Tweede".into(),
                figures: RoundFigures::Released {
                    view: &second,
                    theme_keys: &k2,
                },
            },
            TermRound {
                label: "Derde".into(),
                figures: RoundFigures::NotShared,
            },
        ]);
        assert_eq!(t.rounds, ["Eerste", "Tweede", "Derde"]);
        assert_eq!(t.themes.len(), 1, "one theme under two titles");
        let theme = &t.themes[0];
        assert_eq!(
            theme.title, "Integriteit en voorbeeldgedrag",
            "the newest title"
        );
        let rows: Vec<&str> = theme.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(rows, [ALL_RATERS, "De gemeenteraad", "College"]);
        let means: Vec<Vec<Option<f64>>> = theme
            .rows
            .iter()
            .map(|r| r.cells.iter().map(TermCell::mean).collect())
            .collect();
        assert_eq!(means[0], [Some(3.5), Some(4.0), None]);
        assert_eq!(
            means[1],
            [Some(4.0), None, None],
            "the hidden cell stays hidden"
        );
        assert_eq!(means[2], [None, Some(4.5), None]);
        assert_eq!(theme.rows[2].cells[0], TermCell::NotApart);
        assert!(matches!(theme.rows[1].cells[1], TermCell::Score(s) if s.mean.is_none()));
        assert!(theme.rows.iter().all(|r| r.cells[2] == TermCell::NotShared));
    }

    #[test]
    fn unshared_and_unpublished_rounds_give_no_themes_of_their_own() {
        let mut few = view(&[], "Geheim thema", vec![], mean(2, 8));
        few.too_few = true;
        let keys = vec![];
        let t = term_view(&[
            TermRound {
                label: "A".into(),
                figures: RoundFigures::Released {
                    view: &few,
                    theme_keys: &keys,
                },
            },
            TermRound {
                label: "B".into(),
                figures: RoundFigures::NotYet,
            },
        ]);
        assert!(t.themes.is_empty());
        assert_eq!(theme_key("X", &[]), "titel:X");
    }
}

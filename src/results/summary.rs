//! Summaries in plain Dutch, computed from the released view only: theme
//! scores, the strongest and weakest statements, where groups differ most,
//! and response rates.

use crate::results::view::{CellView, ItemType, ItemView, ReleasedView};

/// A number as Dutch readers write it: one decimal, a decimal comma.
pub fn nl(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// Percent, rounded.
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| ((f64::from(part) * 100.0 / f64::from(whole)).round()) as u32)
}

/// A theme's score for some raters: the mean of the statement means that
/// were released for them, and on how many statements it rests. Derived
/// from the released view only (anonymity.md, step 3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    /// Mean of the released statement means; `None` when none was released.
    pub mean: Option<f64>,
    /// Statements whose figure was released.
    pub released: usize,
    /// Statements put to these raters (released or "—").
    pub asked: usize,
}

impl Score {
    /// The score over one cell per statement (`None`: no cell, counted as asked).
    pub fn over<'a>(cells: impl Iterator<Item = Option<&'a CellView>>) -> Score {
        let (mut sum, mut released, mut asked) = (0.0, 0, 0);
        for cell in cells {
            if cell == Some(&CellView::NotAsked) {
                continue;
            }
            asked += 1;
            if let Some(m) = cell.and_then(CellView::mean) {
                sum += m;
                released += 1;
            }
        }
        Score {
            mean: (released > 0).then(|| sum / released as f64),
            released,
            asked,
        }
    }

    /// Whether these raters got any statement of the theme.
    pub fn was_asked(&self) -> bool {
        self.asked > 0
    }

    /// Whether the score leaves out statements that were not released.
    pub fn partial(&self) -> bool {
        self.mean.is_some() && self.released < self.asked
    }

    /// "op basis van 4 van de 5 stellingen", "op basis van alle 5 stellingen".
    pub fn basis(&self) -> String {
        match (self.released, self.asked) {
            (_, 0) => "niet gevraagd".into(),
            (0, _) => "geen van de stellingen getoond".into(),
            (1, 1) => "op basis van 1 stelling".into(),
            (r, a) if r == a => format!("op basis van alle {a} stellingen"),
            (r, a) => format!("op basis van {r} van de {a} stellingen"),
        }
    }
}

/// Zelfbeeld against all raters for one theme, over the same statements.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SelfVsOthers {
    /// The burgemeester's own mean.
    pub own: f64,
    /// The mean of the released overall means.
    pub others: f64,
    /// Statements with both a self-answer on the scale and a released overall.
    pub statements: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ThemeScore {
    pub title: String,
    /// All raters together.
    pub overall: Score,
    /// Per shown group, in view order.
    pub groups: Vec<Score>,
    /// `None` without a self-assessment or without a statement having both.
    pub self_vs_others: Option<SelfVsOthers>,
}

pub(crate) fn scale_items(items: &[ItemView]) -> impl Iterator<Item = &ItemView> {
    items.iter().filter(|i| i.kind == ItemType::Scale)
}

/// The shown groups (indices into `view.groups`) that were asked at least
/// one of `items`; the others get no column, legend entry or row.
pub fn asked_groups(view: &ReleasedView, items: &[&ItemView]) -> Vec<usize> {
    (0..view.groups.len())
        .filter(|&g| {
            items
                .iter()
                .any(|i| i.groups.get(g).is_some_and(|c| *c != CellView::NotAsked))
        })
        .collect()
}

/// Whether anyone was asked the statement.
pub fn asked_anyone(item: &ItemView) -> bool {
    item.overall.as_ref() != Some(&CellView::NotAsked)
}

pub fn theme_scores(view: &ReleasedView) -> Vec<ThemeScore> {
    view.themes
        .iter()
        .filter(|t| scale_items(&t.items).next().is_some())
        .map(|t| ThemeScore {
            title: t.title.clone(),
            overall: Score::over(scale_items(&t.items).map(|i| i.overall.as_ref())),
            groups: (0..view.groups.len())
                .map(|g| Score::over(scale_items(&t.items).map(|i| i.groups.get(g))))
                .collect(),
            self_vs_others: {
                let pairs: Vec<(f64, f64)> = scale_items(&t.items)
                    .filter_map(|i| {
                        let own = i.self_answer.filter(|a| *a >= 1)?;
                        Some((f64::from(own), i.overall.as_ref()?.mean()?))
                    })
                    .collect();
                let n = pairs.len();
                (n > 0).then(|| SelfVsOthers {
                    own: pairs.iter().map(|p| p.0).sum::<f64>() / n as f64,
                    others: pairs.iter().map(|p| p.1).sum::<f64>() / n as f64,
                    statements: n,
                })
            },
        })
        .collect()
}

/// A statement where the self-assessment differs from all raters together.
#[derive(Clone, Debug, PartialEq)]
pub struct SelfGap {
    pub theme: String,
    pub text: String,
    pub own: u32,
    pub others: f64,
}

impl SelfGap {
    /// Self minus others: positive is a blind spot, negative a hidden strength.
    pub fn gap(&self) -> f64 {
        f64::from(self.own) - self.others
    }
}

/// Statements where self and others differ by at least
/// [`DIVERGENCE_THRESHOLD`], largest first: (blind spots, hidden strengths).
/// Only where the others' overall is shown.
pub fn self_gaps(view: &ReleasedView) -> (Vec<SelfGap>, Vec<SelfGap>) {
    let gaps: Vec<SelfGap> = view
        .themes
        .iter()
        .flat_map(|t| scale_items(&t.items).map(move |i| (t, i)))
        .filter_map(|(t, i)| {
            let own = i.self_answer.filter(|a| *a >= 1)?;
            let others = i.overall.as_ref().and_then(CellView::mean)?;
            Some(SelfGap {
                theme: t.title.clone(),
                text: i.text.clone(),
                own,
                others,
            })
        })
        .collect();
    let mut blind: Vec<SelfGap> = gaps
        .iter()
        .filter(|g| g.gap() >= DIVERGENCE_THRESHOLD)
        .cloned()
        .collect();
    blind.sort_by(|a, b| {
        b.gap()
            .total_cmp(&a.gap())
            .then_with(|| a.text.cmp(&b.text))
    });
    let mut hidden: Vec<SelfGap> = gaps
        .into_iter()
        .filter(|g| g.gap() <= -DIVERGENCE_THRESHOLD)
        .collect();
    hidden.sort_by(|a, b| {
        a.gap()
            .total_cmp(&b.gap())
            .then_with(|| a.text.cmp(&b.text))
    });
    (blind, hidden)
}

/// A statement with its overall mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    pub theme: String,
    pub text: String,
    pub mean: f64,
}

/// A statement where two shown groups differ most.
#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    pub text: String,
    pub high_group: String,
    pub high: f64,
    pub low_group: String,
    pub low: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub themes: Vec<ThemeScore>,
    pub strongest: Vec<Ranked>,
    pub weakest: Vec<Ranked>,
    pub divergent: Vec<Divergence>,
    /// Self much higher than the others.
    pub blind_spots: Vec<SelfGap>,
    /// Self much lower than the others.
    pub hidden_strengths: Vec<SelfGap>,
    /// The main signals as plain Dutch sentences.
    pub sentences: Vec<String>,
}

/// How far apart two group means must be to be called a difference.
pub const DIVERGENCE_THRESHOLD: f64 = 1.0;
const TOP: usize = 3;

fn groups_word(n: usize) -> String {
    if n == 1 {
        "1 groep".into()
    } else {
        format!("{n} groepen")
    }
}

fn themes_word(n: usize) -> String {
    if n == 1 {
        "1 thema".into()
    } else {
        format!("{n} thema's")
    }
}

/// The highest and lowest theme of all raters, saying over which themes.
fn theme_ranking(themes: &[ThemeScore]) -> Option<String> {
    let mut scored: Vec<(&str, f64, bool)> = themes
        .iter()
        .filter_map(|t| {
            t.overall
                .mean
                .map(|m| (t.title.as_str(), m, t.overall.partial()))
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let without = themes.len() - scored.len();
    let partial = scored.iter().filter(|s| s.2).count();
    let mut sentence = match (scored.first(), scored.last()) {
        (Some(best), Some(worst)) if scored.len() > 1 => format!(
            "Hoogst gewaardeerd thema: ‘{}’ ({}); laagst: ‘{}’ ({}) — vergeleken over de {} met een score van alle referenten.",
            best.0,
            nl(best.1),
            worst.0,
            nl(worst.1),
            themes_word(scored.len())
        ),
        (Some(only), _) => format!(
            "Alleen ‘{}’ heeft een score van alle referenten ({}); er is niets om mee te vergelijken.",
            only.0,
            nl(only.1)
        ),
        _ => return None,
    };
    if partial > 0 {
        sentence.push_str(&format!(
            " Bij {} daarvan rust de score op een deel van de stellingen: de andere konden niet worden getoond.",
            themes_word(partial)
        ));
    }
    if without > 0 {
        sentence.push_str(&format!(
            " {} zonder score: geen van de stellingen kon worden getoond.",
            themes_word(without)
        ));
    }
    Some(sentence)
}

pub fn summarize(view: &ReleasedView) -> Summary {
    let mut sentences = Vec::new();
    match percent(view.respondents, view.invited) {
        Some(p) => sentences.push(format!(
            "{} van de {} referenten hebben gereageerd ({p}%).",
            view.respondents, view.invited
        )),
        None => sentences.push(format!(
            "{} referenten hebben gereageerd.",
            view.respondents
        )),
    }
    if view.too_few {
        sentences.push(format!(
            "Dat zijn er te weinig om uitkomsten te tonen zonder dat iemand herkenbaar wordt (minimaal {}).",
            view.k
        ));
        return Summary {
            themes: Vec::new(),
            strongest: Vec::new(),
            weakest: Vec::new(),
            divergent: Vec::new(),
            blind_spots: Vec::new(),
            hidden_strengths: Vec::new(),
            sentences,
        };
    }

    let mut ranked: Vec<Ranked> = view
        .themes
        .iter()
        .flat_map(|t| scale_items(&t.items).map(move |i| (t, i)))
        .filter_map(|(t, i)| {
            i.overall
                .as_ref()
                .and_then(CellView::mean)
                .map(|mean| Ranked {
                    theme: t.title.clone(),
                    text: i.text.clone(),
                    mean,
                })
        })
        .collect();
    ranked.sort_by(|a, b| b.mean.total_cmp(&a.mean).then_with(|| a.text.cmp(&b.text)));
    let strongest: Vec<Ranked> = ranked.iter().take(TOP).cloned().collect();
    let weakest: Vec<Ranked> = ranked
        .iter()
        .rev()
        .take(TOP)
        .filter(|w| !strongest.contains(w))
        .cloned()
        .collect();

    let mut divergent: Vec<Divergence> = view
        .themes
        .iter()
        .flat_map(|t| scale_items(&t.items))
        .filter_map(|i| {
            let means: Vec<(usize, f64)> = i
                .groups
                .iter()
                .enumerate()
                .filter_map(|(g, c)| c.mean().map(|m| (g, m)))
                .collect();
            let (hg, high) = means.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1))?;
            let (lg, low) = means.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
            (high - low >= DIVERGENCE_THRESHOLD).then(|| Divergence {
                text: i.text.clone(),
                high_group: view.groups[hg].name.clone(),
                high,
                low_group: view.groups[lg].name.clone(),
                low,
            })
        })
        .collect();
    divergent.sort_by(|a, b| {
        (b.high - b.low)
            .total_cmp(&(a.high - a.low))
            .then_with(|| a.text.cmp(&b.text))
    });
    divergent.truncate(TOP);

    let themes = theme_scores(view);
    if let Some(sentence) = theme_ranking(&themes) {
        sentences.push(sentence);
    }
    for t in &themes {
        let groups: Vec<(&str, f64)> = t
            .groups
            .iter()
            .enumerate()
            .filter_map(|(g, s)| s.mean.map(|m| (view.groups[g].name.as_str(), m)))
            .collect();
        let high = groups.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
        let low = groups.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some((hn, hv)), Some((ln, lv))) = (high, low)
            && hv - lv >= DIVERGENCE_THRESHOLD
        {
            sentences.push(format!(
                "Bij ‘{}’ verschillen de groepen duidelijk: {hn} gemiddeld {}, {ln} {} — de hoogste en laagste van de {} met een score voor dit thema.",
                t.title,
                nl(hv),
                nl(lv),
                groups_word(groups.len())
            ));
        }
    }
    let total_statements = view
        .themes
        .iter()
        .flat_map(|t| scale_items(&t.items))
        .filter(|i| asked_anyone(i))
        .count();
    if let (Some(s), Some(w)) = (ranked.first(), ranked.last())
        && ranked.len() > 1
    {
        sentences.push(format!(
            "Hoogst gewaardeerde stelling: ‘{}’ ({}); laagst: ‘{}’ ({}) — vergeleken over de {} van de {total_statements} stellingen met een gemiddelde van alle referenten.",
            s.text,
            nl(s.mean),
            w.text,
            nl(w.mean),
            ranked.len()
        ));
    }
    let (blind_spots, hidden_strengths) = self_gaps(view);
    let compared = view
        .themes
        .iter()
        .flat_map(|t| scale_items(&t.items))
        .filter(|i| {
            i.self_answer.is_some_and(|a| a >= 1)
                && i.overall.as_ref().and_then(CellView::mean).is_some()
        })
        .count();
    if let Some(g) = blind_spots.first() {
        sentences.push(format!(
            "Bij {} van de {compared} stellingen met zowel zelfbeeld als gemiddelde schat de burgemeester zichzelf duidelijk hoger in dan de referenten (mogelijke blinde vlek). Het grootste verschil: ‘{}’ (zelf {}, referenten gemiddeld {}).",
            blind_spots.len(),
            g.text,
            g.own,
            nl(g.others)
        ));
    }
    if let Some(g) = hidden_strengths.first() {
        sentences.push(format!(
            "Bij {} van de {compared} stellingen met zowel zelfbeeld als gemiddelde zijn de referenten duidelijk positiever dan de burgemeester zelf (verborgen kracht). Het grootste verschil: ‘{}’ (zelf {}, referenten gemiddeld {}).",
            hidden_strengths.len(),
            g.text,
            g.own,
            nl(g.others)
        ));
    }
    if view.self_assessed && blind_spots.is_empty() && hidden_strengths.is_empty() {
        sentences.push(format!(
            "Het zelfbeeld van de burgemeester ligt bij geen van de {compared} stellingen met zowel zelfbeeld als gemiddelde een heel punt of meer naast het beeld van de referenten."
        ));
    }
    Summary {
        themes,
        strongest,
        weakest,
        divergent,
        blind_spots,
        hidden_strengths,
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::view::{GroupView, ThemeView};
    use proptest::prelude::*;

    fn mean(respondents: u32, sum: u32) -> CellView {
        CellView::Mean {
            respondents,
            cannot_judge: 0,
            sum,
        }
    }

    fn item(text: &str, groups: Vec<CellView>, overall: CellView, own: Option<u32>) -> ItemView {
        ItemView {
            text: text.into(),
            kind: ItemType::Scale,
            groups,
            overall: Some(overall),
            comments: None,
            self_answer: own,
            self_comment: None,
        }
    }

    fn view(themes: Vec<ThemeView>, groups: usize) -> ReleasedView {
        ReleasedView {
            format: 2,
            k: 3,
            l: 2,
            d: 10,
            k_text: 5,
            release_type: Some(crate::results::ReleaseKind::Mean),
            too_few: false,
            respondents: 20,
            invited: 24,
            self_assessed: true,
            groups: (0..groups)
                .map(|g| GroupView {
                    key: format!("g{g}"),
                    name: format!("Groep {g}"),
                    respondents: 5,
                    invited: 6,
                })
                .collect(),
            pooled_groups: vec![],
            themes,
        }
    }

    fn theme(title: &str, items: Vec<ItemView>) -> ThemeView {
        ThemeView {
            title: title.into(),
            items,
        }
    }

    #[test]
    fn one_hidden_statement_leaves_the_theme_score_over_the_others_and_says_so() {
        let v = view(
            vec![theme(
                "Leiderschap",
                vec![
                    item("A", vec![mean(5, 20)], mean(10, 40), Some(5)),
                    item("B", vec![CellView::Hidden], CellView::Hidden, Some(5)),
                    item("C", vec![mean(5, 15)], mean(10, 30), Some(2)),
                ],
            )],
            1,
        );
        let t = &theme_scores(&v)[0];
        assert_eq!(t.overall.mean, Some(3.5));
        assert_eq!((t.overall.released, t.overall.asked), (2, 3));
        assert!(t.overall.partial());
        assert_eq!(t.overall.basis(), "op basis van 2 van de 3 stellingen");
        // Self against others over the same two statements (B has no overall).
        assert_eq!(
            t.self_vs_others,
            Some(SelfVsOthers {
                own: 3.5,
                others: 3.5,
                statements: 2
            })
        );
    }

    #[test]
    fn a_group_never_asked_has_no_score_and_is_not_among_the_asked_groups() {
        let v = view(
            vec![theme(
                "Raad",
                vec![
                    item(
                        "A",
                        vec![mean(5, 20), CellView::NotAsked],
                        mean(5, 20),
                        None,
                    ),
                    item(
                        "B",
                        vec![CellView::Hidden, CellView::NotAsked],
                        mean(5, 20),
                        None,
                    ),
                ],
            )],
            2,
        );
        let t = &theme_scores(&v)[0];
        assert!(!t.groups[1].was_asked());
        assert_eq!(t.groups[1].basis(), "niet gevraagd");
        assert_eq!(t.groups[0].basis(), "op basis van 1 van de 2 stellingen");
        let items: Vec<&ItemView> = v.themes[0].items.iter().collect();
        assert_eq!(asked_groups(&v, &items), vec![0]);
    }

    #[test]
    fn a_theme_without_a_released_statement_says_so_and_is_named_in_the_ranking() {
        let v = view(
            vec![
                theme(
                    "Hoog",
                    vec![item("A", vec![mean(5, 22)], mean(10, 45), None)],
                ),
                theme(
                    "Laag",
                    vec![item("B", vec![mean(5, 10)], mean(10, 25), None)],
                ),
                theme(
                    "Leeg",
                    vec![item("C", vec![CellView::Hidden], CellView::Hidden, None)],
                ),
            ],
            1,
        );
        let scores = theme_scores(&v);
        assert_eq!(scores[2].overall.mean, None);
        assert_eq!(scores[2].overall.basis(), "geen van de stellingen getoond");
        let sentences = summarize(&v).sentences;
        let ranking = sentences
            .iter()
            .find(|s| s.starts_with("Hoogst gewaardeerd thema"))
            .expect("ranking");
        assert!(ranking.contains("‘Hoog’ (4,5)") && ranking.contains("‘Laag’ (2,5)"));
        assert!(ranking.contains("vergeleken over de 2 thema's met een score"));
        assert!(ranking.contains("1 thema zonder score"), "{ranking}");
        let statements = sentences
            .iter()
            .find(|s| s.starts_with("Hoogst gewaardeerde stelling"))
            .expect("statements");
        assert!(statements.contains("vergeleken over de 2 van de 3 stellingen"));
    }

    fn cell() -> impl Strategy<Value = CellView> {
        prop_oneof![
            Just(CellView::Hidden),
            Just(CellView::NotAsked),
            (3u32..12, 0u32..3).prop_flat_map(|(n, cj)| {
                let valid = n - cj.min(n - 3);
                (valid..=5 * valid).prop_map(move |sum| CellView::Mean {
                    respondents: n,
                    cannot_judge: n - valid,
                    sum,
                })
            }),
        ]
    }

    fn any_view() -> impl Strategy<Value = ReleasedView> {
        let groups = 1usize..4;
        groups.prop_flat_map(|g| {
            let it = (
                proptest::collection::vec(cell(), g),
                cell(),
                proptest::option::of(0u32..=5),
            )
                .prop_map(|(groups, overall, own)| item("S", groups, overall, own));
            let th = proptest::collection::vec(it, 1..6).prop_map(|items| theme("T", items));
            proptest::collection::vec(th, 1..5).prop_map(move |themes| view(themes, g))
        })
    }

    /// The same score computed the plain way, from the view's cells.
    fn recompute(cells: &[Option<&CellView>]) -> (Option<f64>, usize, usize) {
        let asked: Vec<_> = cells
            .iter()
            .filter(|c| **c != Some(&CellView::NotAsked))
            .collect();
        let means: Vec<f64> = asked
            .iter()
            .filter_map(|c| c.and_then(|c| c.mean()))
            .collect();
        let mean = (!means.is_empty()).then(|| means.iter().sum::<f64>() / means.len() as f64);
        (mean, means.len(), asked.len())
    }

    proptest! {
        #[test]
        fn every_theme_score_is_recomputable_from_the_released_view(v in any_view()) {
            let scores = theme_scores(&v);
            prop_assert_eq!(scores.len(), v.themes.len());
            for (t, s) in v.themes.iter().zip(&scores) {
                let overall: Vec<_> = t.items.iter().map(|i| i.overall.as_ref()).collect();
                prop_assert_eq!((s.overall.mean, s.overall.released, s.overall.asked), recompute(&overall));
                for (g, gs) in s.groups.iter().enumerate() {
                    let cells: Vec<_> = t.items.iter().map(|i| i.groups.get(g)).collect();
                    prop_assert_eq!((gs.mean, gs.released, gs.asked), recompute(&cells));
                    if let Some(m) = gs.mean {
                        prop_assert!((1.0..=5.0).contains(&m));
                    }
                    prop_assert!(gs.released <= gs.asked);
                }
                let pairs: Vec<(f64, f64)> = t.items.iter().filter_map(|i| {
                    Some((f64::from(i.self_answer.filter(|a| *a >= 1)?), i.overall.as_ref()?.mean()?))
                }).collect();
                prop_assert_eq!(s.self_vs_others.map(|p| p.statements).unwrap_or(0), pairs.len());
            }
            // Deterministic: the same view gives the same summary.
            prop_assert_eq!(summarize(&v), summarize(&v.clone()));
        }

        #[test]
        fn a_ranking_sentence_names_how_many_themes_it_compares(v in any_view()) {
            let scores = theme_scores(&v);
            let scored = scores.iter().filter(|s| s.overall.mean.is_some()).count();
            let sentences = summarize(&v).sentences;
            let ranking = sentences.iter().find(|s| s.starts_with("Hoogst gewaardeerd thema"));
            prop_assert_eq!(ranking.is_some(), scored > 1);
            if let Some(r) = ranking {
                let over = format!("vergeleken over de {scored} thema's");
                prop_assert!(r.contains(&over), "{}", r);
                if scored < scores.len() {
                    prop_assert!(r.contains("zonder score"), "{}", r);
                }
            }
        }
    }
}

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

#[derive(Clone, Debug, PartialEq)]
pub struct ThemeScore {
    pub title: String,
    /// Mean of the item means of all raters; only if every statement of the
    /// theme that anyone was asked is shown.
    pub overall: Option<f64>,
    /// Per shown group (view order): only if every statement put to the group is shown.
    pub groups: Vec<Option<f64>>,
    /// The burgemeester's own mean over the statements of the theme answered
    /// on the scale ("kan ik niet beoordelen" left out).
    pub self_mean: Option<f64>,
}

fn scale_items(items: &[ItemView]) -> impl Iterator<Item = &ItemView> {
    items.iter().filter(|i| i.kind == ItemType::Scale)
}

fn mean_of(cells: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let mut sum = 0.0;
    let mut n = 0;
    for c in cells {
        sum += c?;
        n += 1;
    }
    (n > 0).then(|| sum / f64::from(n))
}

pub fn theme_scores(view: &ReleasedView) -> Vec<ThemeScore> {
    view.themes
        .iter()
        .filter(|t| scale_items(&t.items).next().is_some())
        .map(|t| ThemeScore {
            title: t.title.clone(),
            overall: mean_of(
                scale_items(&t.items)
                    .filter(|i| i.overall.as_ref() != Some(&CellView::NotAsked))
                    .map(|i| i.overall.as_ref().and_then(CellView::mean)),
            ),
            groups: (0..view.groups.len())
                .map(|g| {
                    mean_of(
                        scale_items(&t.items)
                            .filter(|i| i.groups.get(g) != Some(&CellView::NotAsked))
                            .map(|i| i.groups.get(g).and_then(CellView::mean)),
                    )
                })
                .collect(),
            self_mean: {
                let own: Vec<f64> = scale_items(&t.items)
                    .filter_map(|i| i.self_answer.filter(|a| *a >= 1).map(f64::from))
                    .collect();
                (!own.is_empty()).then(|| own.iter().sum::<f64>() / own.len() as f64)
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

fn statements(n: usize) -> String {
    if n == 1 {
        "1 stelling".into()
    } else {
        format!("{n} stellingen")
    }
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
    let mut scored: Vec<&ThemeScore> = themes.iter().filter(|t| t.overall.is_some()).collect();
    scored.sort_by(|a, b| {
        b.overall
            .unwrap_or(0.0)
            .total_cmp(&a.overall.unwrap_or(0.0))
    });
    if let (Some(best), Some(worst)) = (scored.first(), scored.last())
        && scored.len() > 1
    {
        sentences.push(format!(
            "De referenten zijn het meest positief over ‘{}’ (gemiddeld {}) en het minst over ‘{}’ (gemiddeld {}).",
            best.title,
            nl(best.overall.unwrap_or(0.0)),
            worst.title,
            nl(worst.overall.unwrap_or(0.0))
        ));
    }
    for t in &themes {
        let groups: Vec<(&str, f64)> = t
            .groups
            .iter()
            .enumerate()
            .filter_map(|(g, m)| m.map(|m| (view.groups[g].name.as_str(), m)))
            .collect();
        let high = groups.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
        let low = groups.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some((hn, hv)), Some((ln, lv))) = (high, low)
            && hv - lv >= DIVERGENCE_THRESHOLD
        {
            sentences.push(format!(
                "Bij ‘{}’ verschillen de groepen duidelijk: {hn} waardeert de burgemeester met gemiddeld {}, {ln} met {}.",
                t.title,
                nl(hv),
                nl(lv)
            ));
        }
    }
    if let Some(s) = strongest.first() {
        sentences.push(format!(
            "Het hoogst gewaardeerd: ‘{}’ (gemiddeld {}).",
            s.text,
            nl(s.mean)
        ));
    }
    if let Some(w) = weakest.first() {
        sentences.push(format!(
            "Het laagst gewaardeerd: ‘{}’ (gemiddeld {}).",
            w.text,
            nl(w.mean)
        ));
    }
    let (blind_spots, hidden_strengths) = self_gaps(view);
    if let Some(g) = blind_spots.first() {
        sentences.push(format!(
            "Bij {} schat de burgemeester zichzelf duidelijk hoger in dan de referenten (mogelijke blinde vlek). Het grootste verschil: ‘{}’ (zelf {}, referenten gemiddeld {}).",
            statements(blind_spots.len()),
            g.text,
            g.own,
            nl(g.others)
        ));
    }
    if let Some(g) = hidden_strengths.first() {
        sentences.push(format!(
            "Bij {} zijn de referenten duidelijk positiever dan de burgemeester zelf (verborgen kracht). Het grootste verschil: ‘{}’ (zelf {}, referenten gemiddeld {}).",
            statements(hidden_strengths.len()),
            g.text,
            g.own,
            nl(g.others)
        ));
    }
    if view.self_assessed && blind_spots.is_empty() && hidden_strengths.is_empty() {
        sentences.push(
            "Het zelfbeeld van de burgemeester ligt bij geen enkele getoonde stelling een heel punt of meer naast het beeld van de referenten."
                .into(),
        );
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

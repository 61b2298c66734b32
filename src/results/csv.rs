//! CSV export of exactly the published view: one row per statement and group
//! (and "Alle referenten"). UTF-8 with BOM for Excel; cells that a
//! spreadsheet would read as a formula are neutralised.

use crate::results::summary::nl;
use crate::results::view::{CellView, ItemType, ReleasedView};

pub const HIDDEN: &str = "—";
pub const NOT_ASKED: &str = "n.v.t.";
/// The self-assessment's row: never counted in any group or the overall.
pub const SELF_LABEL: &str = "Zelfbeeld burgemeester";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    Comma,
    Semicolon,
}

impl Separator {
    fn char(self) -> char {
        match self {
            Separator::Comma => ',',
            Separator::Semicolon => ';',
        }
    }
}

/// A cell as text: quoted when needed, and a leading `= + - @`, tab or CR
/// prefixed with `'` so no spreadsheet runs it.
pub fn cell(text: &str, sep: Separator) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if neutral.contains([sep.char(), '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

fn figures(c: &CellView) -> [String; 4] {
    match c {
        CellView::Hidden => [HIDDEN.into(), HIDDEN.into(), HIDDEN.into(), HIDDEN.into()],
        CellView::NotAsked => [
            NOT_ASKED.into(),
            String::new(),
            String::new(),
            String::new(),
        ],
        c => [
            c.mean().map(nl).unwrap_or_else(|| HIDDEN.into()),
            c.valid().map(|n| n.to_string()).unwrap_or_default(),
            match c {
                CellView::Mean { cannot_judge, .. } => cannot_judge.to_string(),
                CellView::Distribution { counts } => counts[0].to_string(),
                _ => String::new(),
            },
            match c {
                CellView::Distribution { counts } => counts[1..]
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" / "),
                _ => String::new(),
            },
        ],
    }
}

pub fn to_csv(view: &ReleasedView, sep: Separator) -> String {
    let s = sep.char();
    let mut out = String::from("\u{feff}");
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| cell(c, sep))
            .collect::<Vec<_>>()
            .join(&s.to_string())
            + "\r\n"
    };
    out.push_str(&line(&[
        "thema".into(),
        "stelling".into(),
        "groep".into(),
        "gemiddelde".into(),
        "aantal antwoorden".into(),
        "kan ik niet beoordelen".into(),
        "verdeling 1 / 2 / 3 / 4 / 5".into(),
    ]));
    if view.too_few {
        return out;
    }
    for theme in &view.themes {
        for item in theme.items.iter().filter(|i| i.kind == ItemType::Scale) {
            let rows = view
                .groups
                .iter()
                .zip(&item.groups)
                .map(|(g, c)| (g.name.clone(), c.clone()))
                .chain(
                    item.overall
                        .clone()
                        .map(|c| ("Alle referenten".to_owned(), c)),
                );
            for (group, c) in rows {
                let [mean, n, cj, dist] = figures(&c);
                out.push_str(&line(&[
                    theme.title.clone(),
                    item.text.clone(),
                    group,
                    mean,
                    n,
                    cj,
                    dist,
                ]));
            }
            if let Some(own) = item.self_answer {
                let judged = own >= 1;
                out.push_str(&line(&[
                    theme.title.clone(),
                    item.text.clone(),
                    SELF_LABEL.into(),
                    if judged {
                        own.to_string()
                    } else {
                        HIDDEN.into()
                    },
                    u32::from(judged).to_string(),
                    u32::from(!judged).to_string(),
                    String::new(),
                ]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_quotes_escaped() {
        assert_eq!(cell("=SUM(A1)", Separator::Semicolon), "'=SUM(A1)");
        assert_eq!(cell("+31", Separator::Comma), "'+31");
        assert_eq!(cell("-1", Separator::Comma), "'-1");
        assert_eq!(cell("@x", Separator::Comma), "'@x");
        assert_eq!(cell("\tx", Separator::Comma), "'\tx");
        assert_eq!(cell("a;b", Separator::Semicolon), "\"a;b\"");
        assert_eq!(cell("a;b", Separator::Comma), "a;b");
        assert_eq!(cell("zei \"ja\"", Separator::Comma), "\"zei \"\"ja\"\"\"");
        assert_eq!(cell("\rx", Separator::Comma), "\"'\rx\"");
    }
}

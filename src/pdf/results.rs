//! The results of a closed round as a document for the klankbordgesprek:
//! what the round is and who may read it, the response per group and the
//! main signals, per theme the statements by their text × the groups that
//! were asked (a chart and a table), the self-assessment beside the others
//! where the reader may see it, and the comments. Built from the released
//! view only: nothing it does not hold.

use jiff::civil::Date;

use crate::domain::ids::RoundId;
use crate::domain::round::RoundKind;
use crate::domain::sharing::SharingMode;
use crate::domain::staff::ResultsAccess;
use crate::results::csv::HIDDEN;
use crate::results::figures::{cell_text, self_answer_text, signed};
use crate::results::summary::{SelfGap, Summary, ThemeScore, asked_groups, nl, percent, summarize};
use crate::results::view::{CellView, ItemType, ItemView, ReleaseKind, ReleasedView, ThemeView};

use super::capitalised;
use super::document::{
    Align, BarChart, Block, Chart, Column, Conformance, Document, DotChart, DotRow, Series, Style,
    Table,
};

/// What the document says about the round (the view itself holds only figures).
#[derive(Clone, Debug)]
pub struct Cover<'a> {
    pub round: RoundId,
    pub municipality: &'a str,
    pub kind: RoundKind,
    pub mayor_name: &'a str,
    pub meeting_on: Date,
    pub sharing: SharingMode,
    /// When the results were published (the document's date).
    pub published_at: jiff::Timestamp,
}

/// The marking on every page: who may read this.
pub fn marking(sharing: SharingMode) -> &'static str {
    match sharing {
        SharingMode::DelegationOnly => "Vertrouwelijk — alleen voor de klankbordcommissie",
        SharingMode::AlsoMayor | SharingMode::AlsoCouncil => {
            "Vertrouwelijk — alleen voor de klankbordcommissie en de burgemeester"
        }
    }
}

/// The PDF of the results (see [`document`]).
pub fn results_pdf(
    cover: &Cover,
    view: &ReleasedView,
    access: ResultsAccess,
    conformance: Conformance,
) -> Result<Vec<u8>, super::PdfError> {
    super::render(&document(cover, view, access, conformance))
}

const EXPLAIN_DASH: &str = "— betekent: niet getoond, omdat te weinig mensen antwoordden of omdat het getal iets over één persoon zou kunnen verraden. n.v.t.: deze stelling is niet aan deze groep voorgelegd. Gemiddelden lopen van 1 (helemaal mee oneens) tot 5 (helemaal mee eens); n is het aantal antwoorden zonder ‘kan ik niet beoordelen’.";

/// The whole document. Only a full reader sees the self-assessment.
pub fn document(
    cover: &Cover,
    view: &ReleasedView,
    access: ResultsAccess,
    conformance: Conformance,
) -> Document {
    let mut view = view.clone();
    if access != ResultsAccess::Full {
        view.self_assessed = false;
        for item in view.themes.iter_mut().flat_map(|t| t.items.iter_mut()) {
            item.self_answer = None;
            item.self_comment = None;
        }
    }
    let view = &view;
    let summary = summarize(view);
    let name = format!(
        "{} met burgemeester {}",
        capitalised(cover.kind.label()),
        cover.mayor_name
    );
    let mut blocks = vec![
        Block::Paragraph(Style::Note, format!("Gemeente {}", cover.municipality)),
        Block::Title(format!("Uitkomsten: {name}")),
        Block::Paragraph(
            Style::Lead,
            format!(
                "De vragenlijst is gesloten. Dit zijn de uitkomsten voor het klankbordgesprek op {}.",
                crate::dutch::date(cover.meeting_on)
            ),
        ),
        Block::Paragraph(
            Style::Body,
            format!(
                "Wie ziet de uitkomsten: {}\n{}. Geef dit document niet door en bewaar het niet langer dan nodig.",
                cover.sharing.who_sees(),
                marking(cover.sharing)
            ),
        ),
    ];
    overview(&mut blocks, view, &summary);
    if !view.too_few {
        blocks.push(Block::Heading(2, "Per thema".into()));
        blocks.push(Block::Paragraph(Style::Note, EXPLAIN_DASH.into()));
        for theme in &view.themes {
            theme_blocks(&mut blocks, view, &summary, theme);
        }
        if view.self_assessed {
            self_blocks(&mut blocks, &summary);
        }
        comment_blocks(&mut blocks, view);
    }
    blocks.push(Block::Paragraph(
        Style::Note,
        format!(
            "Uitkomsten worden alleen getoond als minstens {} mensen antwoordden. Alle cijfers komen uit de gepubliceerde uitkomsten van de ronde; antwoorden van één persoon zijn nergens te zien.",
            view.k
        ),
    ));
    Document {
        title: format!("Uitkomsten {} — {}", cover.kind.label(), cover.municipality),
        subject: format!(
            "Uitkomsten van de klankbordronde voor het {} met burgemeester {}, gemeente {}.",
            cover.kind.label(),
            cover.mayor_name,
            cover.municipality
        ),
        id: format!("klankbord/{}/uitkomsten", cover.round),
        running_head: format!("{name} · uitkomsten"),
        marking: marking(cover.sharing).into(),
        footer: format!("Klankbord · gemeente {}", cover.municipality),
        created: Some(cover.published_at),
        conformance,
        blocks,
    }
}

fn overview(blocks: &mut Vec<Block>, view: &ReleasedView, summary: &Summary) {
    blocks.push(Block::Heading(2, "Overzicht".into()));
    blocks.push(Block::List(summary.sentences.clone()));
    let rate =
        |part, whole| percent(part, whole).map_or_else(|| HIDDEN.to_owned(), |p| format!("{p}%"));
    let mut rows: Vec<Vec<String>> = view
        .groups
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.invited.to_string(),
                g.respondents.to_string(),
                rate(g.respondents, g.invited),
            ]
        })
        .collect();
    rows.push(vec![
        "Alle referenten".into(),
        view.invited.to_string(),
        view.respondents.to_string(),
        rate(view.respondents, view.invited),
    ]);
    let number = |title: &str| Column {
        title: title.into(),
        weight: 1.0,
        align: Align::Right,
    };
    blocks.push(Block::Table(Table {
        caption: "Respons per groep".into(),
        columns: vec![
            Column {
                title: "Groep".into(),
                weight: 2.5,
                align: Align::Left,
            },
            number("Uitgenodigd"),
            number("Gereageerd"),
            number("Respons"),
        ],
        rows,
        row_headers: true,
    }));
    if !view.pooled_groups.is_empty() {
        blocks.push(Block::Paragraph(
            Style::Note,
            format!(
                "Te klein om apart te tonen (alleen meegeteld bij ‘Alle referenten’): {}.",
                view.pooled_groups.join(", ")
            ),
        ));
    }
}

/// "Gemiddelde over de stellingen van dit thema: alle referenten 3,8; …".
fn theme_score_sentence(view: &ReleasedView, score: &ThemeScore, asked: &[usize]) -> String {
    let mut parts: Vec<String> = asked
        .iter()
        .filter_map(|g| {
            let s = score.groups.get(*g)?;
            Some(format!(
                "{} {} ({})",
                view.groups[*g].name,
                nl(s.mean?),
                s.basis()
            ))
        })
        .collect();
    if let Some(m) = score.overall.mean {
        parts.insert(
            0,
            format!("alle referenten {} ({})", nl(m), score.overall.basis()),
        );
    }
    if parts.is_empty() {
        "Voor dit thema is geen gemiddelde te tonen: geen van de stellingen kon worden getoond."
            .into()
    } else {
        format!(
            "Gemiddelde over de stellingen van dit thema: {}.",
            parts.join("; ")
        )
    }
}

fn theme_blocks(
    blocks: &mut Vec<Block>,
    view: &ReleasedView,
    summary: &Summary,
    theme: &ThemeView,
) {
    let scale: Vec<&ItemView> = theme
        .items
        .iter()
        .filter(|i| i.kind == ItemType::Scale)
        .collect();
    if scale.is_empty() {
        return;
    }
    let asked = asked_groups(view, &scale);
    blocks.push(Block::Heading(3, theme.title.clone()));
    if let Some(score) = summary.themes.iter().find(|s| s.title == theme.title) {
        blocks.push(Block::Paragraph(
            Style::Body,
            theme_score_sentence(view, score, &asked),
        ));
    }
    let mut series: Vec<Series> = asked
        .iter()
        .map(|g| Series {
            name: view.groups[*g].name.clone(),
            emphasis: false,
        })
        .collect();
    series.push(Series {
        name: "Alle referenten".into(),
        emphasis: true,
    });
    if view.self_assessed {
        series.push(Series {
            name: "Zelfbeeld".into(),
            emphasis: false,
        });
    }
    blocks.push(Block::Chart(Chart::Dots(DotChart {
        title: format!("Gemiddelde per stelling: {}", theme.title),
        alt: format!(
            "Grafiek van het gemiddelde per stelling en groep voor het thema {}. De cijfers staan in de tabel hieronder.",
            theme.title
        ),
        series,
        rows: scale
            .iter()
            .map(|item| DotRow {
                label: item.text.clone(),
                values: asked
                    .iter()
                    .map(|g| item.groups.get(*g).and_then(CellView::mean))
                    .chain([item.overall.as_ref().and_then(CellView::mean)])
                    .chain(
                        view.self_assessed
                            .then(|| item.self_answer.filter(|a| *a >= 1).map(f64::from)),
                    )
                    .collect(),
            })
            .collect(),
    })));
    if view.release_type == Some(ReleaseKind::Distribution) {
        let rows: Vec<(String, Vec<u32>)> = scale
            .iter()
            .filter_map(|item| match &item.overall {
                Some(CellView::Distribution { counts }) => {
                    Some((item.text.clone(), counts.to_vec()))
                }
                _ => None,
            })
            .collect();
        if !rows.is_empty() {
            blocks.push(Block::Chart(Chart::Bars(BarChart {
                title: format!("Zo antwoordden alle referenten: {}", theme.title),
                alt: format!(
                    "Grafiek met per stelling van het thema {} hoeveel referenten elk antwoord gaven.",
                    theme.title
                ),
                categories: ["kan ik niet beoordelen", "1", "2", "3", "4", "5"]
                    .map(String::from)
                    .to_vec(),
                rows,
            })));
        }
    }
    let figure_col = |title: &str| Column {
        title: title.into(),
        weight: 0.0,
        align: Align::Right,
    };
    let mut columns = vec![Column {
        title: "Stelling".into(),
        weight: 3.2,
        align: Align::Left,
    }];
    columns.extend(asked.iter().map(|g| figure_col(&view.groups[*g].name)));
    columns.push(figure_col("Alle referenten"));
    if view.self_assessed {
        columns.push(figure_col("Zelfbeeld"));
    }
    blocks.push(Block::Table(Table {
        caption: format!("Gemiddelde per stelling en groep: {}", theme.title),
        columns,
        rows: scale
            .iter()
            .map(|item| {
                let mut row = vec![item.text.clone()];
                row.extend(asked.iter().map(|g| {
                    item.groups
                        .get(*g)
                        .map_or_else(|| HIDDEN.to_owned(), cell_text)
                }));
                row.push(
                    item.overall
                        .as_ref()
                        .map_or_else(|| HIDDEN.to_owned(), cell_text),
                );
                if view.self_assessed {
                    row.push(self_answer_text(item.self_answer));
                }
                row
            })
            .collect(),
        row_headers: true,
    }));
}

fn self_blocks(blocks: &mut Vec<Block>, summary: &Summary) {
    blocks.push(Block::Heading(2, "Zelfbeeld en beeld van anderen".into()));
    blocks.push(Block::Paragraph(
        Style::Body,
        "De burgemeester vulde dezelfde stellingen zelf in. Het zelfbeeld telt nergens mee in de cijfers van de referenten.".into(),
    ));
    blocks.push(Block::Chart(Chart::Dots(DotChart {
        title: "Zelfbeeld en alle referenten, gemiddeld per thema".into(),
        alt: "Grafiek van het zelfbeeld van de burgemeester en het gemiddelde van alle referenten per thema. De cijfers staan in de tabel hieronder.".into(),
        series: vec![
            Series {
                name: "Zelfbeeld".into(),
                emphasis: false,
            },
            Series {
                name: "Alle referenten".into(),
                emphasis: true,
            },
        ],
        rows: summary
            .themes
            .iter()
            .map(|t| DotRow {
                label: t.title.clone(),
                values: vec![
                    t.self_vs_others.map(|x| x.own),
                    t.self_vs_others.map(|x| x.others),
                ],
            })
            .collect(),
    })));
    let dash = || HIDDEN.to_owned();
    let number = |title: &str| Column {
        title: title.into(),
        weight: 1.0,
        align: Align::Right,
    };
    blocks.push(Block::Table(Table {
        caption: "Zelfbeeld en beeld van alle referenten per thema".into(),
        columns: vec![
            Column {
                title: "Thema".into(),
                weight: 3.0,
                align: Align::Left,
            },
            number("Zelfbeeld"),
            number("Alle referenten"),
            number("Verschil"),
        ],
        rows: summary
            .themes
            .iter()
            .map(|t| {
                vec![
                    t.title.clone(),
                    t.self_vs_others.map_or_else(dash, |x| nl(x.own)),
                    t.self_vs_others.map_or_else(dash, |x| nl(x.others)),
                    t.self_vs_others
                        .map_or_else(dash, |x| signed(x.own - x.others)),
                ]
            })
            .collect(),
        row_headers: true,
    }));
    let gaps = |gaps: &[SelfGap]| -> Vec<String> {
        gaps.iter()
            .map(|g| {
                format!(
                    "‘{}’: zelf {}, referenten gemiddeld {}.",
                    g.text,
                    g.own,
                    nl(g.others)
                )
            })
            .collect()
    };
    blocks.push(Block::Heading(3, "Mogelijke blinde vlekken".into()));
    if summary.blind_spots.is_empty() {
        blocks.push(Block::Paragraph(Style::Body, "Geen: bij geen enkele getoonde stelling schat de burgemeester zichzelf een heel punt of meer hoger in dan de referenten.".into()));
    } else {
        blocks.push(Block::Paragraph(Style::Body, "Stellingen waarbij de burgemeester zichzelf een heel punt of meer hoger inschat dan de referenten, het grootste verschil eerst:".into()));
        blocks.push(Block::List(gaps(&summary.blind_spots)));
    }
    blocks.push(Block::Heading(3, "Verborgen krachten".into()));
    if summary.hidden_strengths.is_empty() {
        blocks.push(Block::Paragraph(Style::Body, "Geen: bij geen enkele getoonde stelling zijn de referenten een heel punt of meer positiever dan de burgemeester zelf.".into()));
    } else {
        blocks.push(Block::Paragraph(Style::Body, "Stellingen waarbij de referenten een heel punt of meer positiever zijn dan de burgemeester zelf, het grootste verschil eerst:".into()));
        blocks.push(Block::List(gaps(&summary.hidden_strengths)));
    }
}

fn comment_blocks(blocks: &mut Vec<Block>, view: &ReleasedView) {
    let open: Vec<&ItemView> = view
        .themes
        .iter()
        .flat_map(|t| &t.items)
        .filter(|i| i.kind == ItemType::Open)
        .collect();
    if open.is_empty() {
        return;
    }
    blocks.push(Block::Heading(2, "Toelichtingen".into()));
    blocks.push(Block::Paragraph(
        Style::Note,
        "Toelichtingen staan zonder naam en in willekeurige volgorde. Een groep staat er alleen bij als die groep groot genoeg is om niemand te herkennen.".into(),
    ));
    for item in open {
        blocks.push(Block::Heading(3, item.text.clone()));
        match &item.comments {
            Some(list) if list.iter().any(|b| !b.comments.is_empty()) => {
                let labelled = list.iter().any(|b| b.group.is_some());
                for block in list.iter().filter(|b| !b.comments.is_empty()) {
                    if labelled {
                        blocks.push(Block::Heading(
                            4,
                            block
                                .group
                                .clone()
                                .unwrap_or_else(|| "Andere groepen samen".into()),
                        ));
                    }
                    blocks.push(Block::List(block.comments.clone()));
                }
            }
            Some(_) => blocks.push(Block::Paragraph(
                Style::Body,
                "Niemand schreef hier iets.".into(),
            )),
            None => blocks.push(Block::Paragraph(
                Style::Body,
                "Te weinig reacties om toelichtingen te tonen.".into(),
            )),
        }
        if let Some(own) = &item.self_comment {
            blocks.push(Block::Heading(
                4,
                "De burgemeester zelf (zelfevaluatie)".into(),
            ));
            blocks.push(Block::Paragraph(Style::Body, own.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::view::{CommentBlock, GroupView};

    fn cover() -> Cover<'static> {
        Cover {
            round: RoundId::random(),
            municipality: "Teststad",
            kind: RoundKind::Regular,
            mayor_name: "Bert Burgemeester",
            meeting_on: jiff::civil::date(2026, 12, 8),
            sharing: SharingMode::DelegationOnly,
            published_at: jiff::Timestamp::from_second(1_796_000_000).unwrap(),
        }
    }

    fn item(text: &str, groups: Vec<CellView>, overall: CellView) -> ItemView {
        ItemView {
            text: text.into(),
            kind: ItemType::Scale,
            groups,
            overall: Some(overall),
            comments: None,
            self_answer: Some(4),
            self_comment: None,
        }
    }

    fn view() -> ReleasedView {
        let mean = |sum| CellView::Mean {
            respondents: 5,
            cannot_judge: 0,
            sum,
        };
        ReleasedView {
            format: 2,
            k: 3,
            l: 2,
            d: 10,
            k_text: 5,
            release_type: Some(ReleaseKind::Mean),
            too_few: false,
            respondents: 10,
            invited: 12,
            self_assessed: true,
            groups: vec![
                GroupView {
                    key: "gemeenteraad".into(),
                    name: "Gemeenteraad".into(),
                    respondents: 5,
                    invited: 6,
                },
                GroupView {
                    key: "college".into(),
                    name: "College".into(),
                    respondents: 5,
                    invited: 6,
                },
            ],
            pooled_groups: vec![],
            themes: vec![
                ThemeView {
                    title: "Voorzitter van de raad".into(),
                    items: vec![item(
                        "Leidt de vergadering",
                        vec![mean(20), CellView::NotAsked],
                        mean(20),
                    )],
                },
                ThemeView {
                    title: "Samenwerking".into(),
                    items: vec![
                        item("Werkt samen", vec![CellView::Hidden, mean(15)], mean(30)),
                        ItemView {
                            text: "Wat wilt u nog kwijt?".into(),
                            kind: ItemType::Open,
                            groups: vec![],
                            overall: None,
                            comments: Some(vec![CommentBlock {
                                group: None,
                                comments: vec!["Fijne samenwerking".into()],
                            }]),
                            self_answer: None,
                            self_comment: Some("Eigen blik".into()),
                        },
                    ],
                },
            ],
        }
    }

    fn tables(doc: &Document) -> Vec<&Table> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_theme_table_has_only_the_groups_that_were_asked_and_explains_the_dash() {
        let doc = document(&cover(), &view(), ResultsAccess::Full, Conformance::Archive);
        let chair = tables(&doc)
            .into_iter()
            .find(|t| t.caption.ends_with("Voorzitter van de raad"))
            .unwrap();
        let titles: Vec<&str> = chair.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Stelling", "Gemeenteraad", "Alle referenten", "Zelfbeeld"]
        );
        assert_eq!(
            chair.rows,
            [["Leidt de vergadering", "4,0 (n=5)", "4,0 (n=5)", "4"]]
        );
        let together = tables(&doc)
            .into_iter()
            .find(|t| t.caption.ends_with("Samenwerking"))
            .unwrap();
        assert_eq!(together.rows[0][1], HIDDEN);
        assert!(
            doc.blocks
                .contains(&Block::Paragraph(Style::Note, EXPLAIN_DASH.into()))
        );
        assert_eq!(
            doc.marking,
            "Vertrouwelijk — alleen voor de klankbordcommissie"
        );
        assert!(
            doc.blocks
                .contains(&Block::List(vec!["Fijne samenwerking".into()]))
        );
    }

    #[test]
    fn a_reader_of_the_summary_gets_no_self_assessment() {
        let full = format!(
            "{:?}",
            document(&cover(), &view(), ResultsAccess::Full, Conformance::Archive)
        );
        assert!(full.contains("Zelfbeeld") && full.contains("Eigen blik"));
        let summary = format!(
            "{:?}",
            document(
                &cover(),
                &view(),
                ResultsAccess::Summary,
                Conformance::Archive
            )
        );
        assert!(!summary.contains("Zelfbeeld") && !summary.contains("Eigen blik"));
    }

    #[test]
    fn the_same_view_gives_the_same_bytes_and_another_view_other_bytes() {
        let cover = cover();
        let a = results_pdf(&cover, &view(), ResultsAccess::Full, Conformance::Archive).unwrap();
        let b = results_pdf(&cover, &view(), ResultsAccess::Full, Conformance::Archive).unwrap();
        assert!(a == b, "deterministic");
        assert!(a.starts_with(b"%PDF-1.7"));
        let mut changed = view();
        changed.invited += 1;
        let c = results_pdf(&cover, &changed, ResultsAccess::Full, Conformance::Archive).unwrap();
        assert!(a != c);
        let accessible = results_pdf(
            &cover,
            &view(),
            ResultsAccess::Full,
            Conformance::Accessible,
        )
        .unwrap();
        assert!(accessible.starts_with(b"%PDF-1.7") && accessible != a);
    }
}

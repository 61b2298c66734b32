//! The delegation's dashboard of a closed round: overview first (response,
//! main signals), then per theme (chart, and the same figures as a table),
//! then the comments. Built from the released view only.

use maud::{Markup, PreEscaped, html};

use crate::charts::{DistributionChart, DotPlot, DotRow, distribution_svg, dot_plot_svg};
use crate::results::ReleasedView;
use crate::results::csv::{HIDDEN, NOT_ASKED};
use crate::results::summary::{SelfGap, Summary, ThemeScore, nl, percent, summarize};
use crate::results::view::{CellView, ItemType, ItemView, ReleaseKind};
use crate::service::round_info::RoundInfo;
use crate::web::views::layout::{PageContext, page};

fn figure(c: &CellView) -> String {
    match c {
        CellView::Hidden => HIDDEN.into(),
        CellView::NotAsked => NOT_ASKED.into(),
        c => match (c.mean(), c.valid()) {
            (Some(m), Some(n)) => format!("{} (n={n})", nl(m)),
            _ => HIDDEN.into(),
        },
    }
}

fn response_table(view: &ReleasedView) -> Markup {
    html! {
        div.table-scroll tabindex="0" { table.data {
            caption { "Respons per groep" }
            thead { tr { th scope="col" { "Groep" } th scope="col" { "Uitgenodigd" } th scope="col" { "Gereageerd" } th scope="col" { "Respons" } } }
            tbody {
                @for g in &view.groups {
                    tr {
                        th scope="row" { (g.name) }
                        td { (g.invited) }
                        td { (g.respondents) }
                        td { (percent(g.respondents, g.invited).map_or_else(|| HIDDEN.to_owned(), |p| format!("{p}%"))) }
                    }
                }
                tr {
                    th scope="row" { "Alle referenten" }
                    td { (view.invited) }
                    td { (view.respondents) }
                    td { (percent(view.respondents, view.invited).map_or_else(|| HIDDEN.to_owned(), |p| format!("{p}%"))) }
                }
            }
        } }
    }
}

/// "Themascore: alle referenten 3,8; Gemeenteraad 3,4; …" (only complete scores).
fn theme_score_sentence(view: &ReleasedView, score: &ThemeScore) -> String {
    let mut parts: Vec<String> = view
        .groups
        .iter()
        .zip(&score.groups)
        .filter_map(|(g, m)| m.map(|m| format!("{} {}", g.name, nl(m))))
        .collect();
    if let Some(m) = score.overall {
        parts.insert(0, format!("alle referenten {}", nl(m)));
    }
    if parts.is_empty() {
        "Voor dit thema is geen gemiddelde te tonen: niet alle stellingen konden worden getoond."
            .into()
    } else {
        format!(
            "Gemiddelde over de stellingen van dit thema: {}.",
            parts.join("; ")
        )
    }
}

/// The council's view (sharing mode "ook-gemeenteraad"): the overview only.
pub fn council_summary(info: &RoundInfo, view: &ReleasedView) -> Markup {
    // The self-assessment is for the delegation only.
    let mut view = view.clone();
    view.self_assessed = false;
    for item in view.themes.iter_mut().flat_map(|t| t.items.iter_mut()) {
        item.self_answer = None;
        item.self_comment = None;
    }
    let view = &view;
    let summary = summarize(view);
    let title = format!("Samenvatting {}", info.kind.label());
    page(
        &PageContext {
            title: &title,
            municipality: Some(&info.municipality),
            house_style: crate::web::views::house_style::links(info.house_style),
        },
        html! {
            h1 { "Samenvatting: " (info.kind.label()) " met burgemeester " (info.mayor_name) }
            p.lead { "De burgemeester heeft gekozen dat de hele gemeenteraad deze samenvatting krijgt. De volledige uitkomsten zijn voor de klankbordcommissie." }
            section aria-labelledby="overzicht" {
                h2 #overzicht { "Overzicht" }
                ul { @for s in &summary.sentences { li { (s) } } }
                (response_table(view))
            }
        },
    )
}

/// The whole dashboard page.
pub fn dashboard(info: &RoundInfo, view: &ReleasedView) -> Markup {
    let summary = summarize(view);
    let title = format!("Uitkomsten {}", info.kind.label());
    page(
        &PageContext {
            title: &title,
            municipality: Some(&info.municipality),
            house_style: crate::web::views::house_style::links(info.house_style),
        },
        html! {
            h1 { "Uitkomsten: " (info.kind.label()) " met burgemeester " (info.mayor_name) }
            p.lead { "De vragenlijst is gesloten. Het klankbordgesprek is op " (crate::dutch::date(info.meeting_on)) "." }
            section aria-labelledby="overzicht" {
                h2 #overzicht { "Overzicht" }
                ul { @for s in &summary.sentences { li { (s) } } }
                (response_table(view))
                @if !view.pooled_groups.is_empty() {
                    p { "Te klein om apart te tonen (alleen meegeteld bij ‘Alle referenten’): " (view.pooled_groups.join(", ")) "." }
                }
            }
            @if !view.too_few {
                section aria-labelledby="themas" {
                    h2 #themas { "Per thema" }
                    @for (t, theme) in view.themes.iter().enumerate() {
                        @let scale: Vec<_> = theme.items.iter().filter(|i| i.kind == ItemType::Scale).collect();
                        @if !scale.is_empty() {
                            section.theme aria-labelledby={ "thema-" (t) } {
                                h3 id={ "thema-" (t) } { (theme.title) }
                                @if let Some(score) = summary.themes.iter().find(|s| s.title == theme.title) {
                                    p { (theme_score_sentence(view, score)) }
                                }
                                (theme_chart(view, &theme.title, &scale))
                                @if view.release_type == Some(ReleaseKind::Distribution) {
                                    (distribution_chart(&theme.title, &scale))
                                }
                                div.table-scroll tabindex="0" {
                                    table.data {
                                        caption { "Gemiddelde per stelling en groep: " (theme.title) }
                                        thead { tr {
                                            th scope="col" { "Stelling" }
                                            @for g in &view.groups { th scope="col" { (g.name) } }
                                            th scope="col" { "Alle referenten" }
                                            @if view.self_assessed { th scope="col" { "Zelfbeeld" } }
                                        } }
                                        tbody {
                                            @for (n, item) in scale.iter().enumerate() {
                                                tr {
                                                    th scope="row" { (n + 1) ". " (item.text) }
                                                    @for c in &item.groups { td { (figure(c)) } }
                                                    td { (item.overall.as_ref().map_or_else(|| HIDDEN.to_owned(), figure)) }
                                                    @if view.self_assessed { td { (self_text(item.self_answer)) } }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if view.self_assessed {
                    (self_section(&summary))
                }
                section aria-labelledby="toelichtingen" {
                    h2 #toelichtingen { "Toelichtingen" }
                    p { "Toelichtingen staan zonder naam en in willekeurige volgorde. Een groep staat er alleen bij als die groep groot genoeg is om niemand te herkennen." }
                    @for item in view.themes.iter().flat_map(|t| &t.items).filter(|i| i.kind == ItemType::Open) {
                        h3 { (item.text) }
                        @match &item.comments {
                            Some(blocks) if blocks.iter().any(|b| !b.comments.is_empty()) => {
                                @let labelled = blocks.iter().any(|b| b.group.is_some());
                                @for block in blocks.iter().filter(|b| !b.comments.is_empty()) {
                                    @if labelled {
                                        h4 { (block.group.as_deref().unwrap_or("Andere groepen samen")) }
                                    }
                                    ul.comments { @for c in &block.comments { li { (c) } } }
                                }
                            },
                            Some(_) => p { "Niemand schreef hier iets." },
                            None => p { "Te weinig reacties om toelichtingen te tonen." },
                        }
                        @if let Some(own) = &item.self_comment {
                            h4 { "De burgemeester zelf (zelfevaluatie)" }
                            p.self-comment { (own) }
                        }
                    }
                }
            }
            p.footnote {
                "— betekent: niet getoond, omdat te weinig mensen antwoordden of omdat het getal iets over één persoon zou kunnen verraden. "
                "n.v.t. betekent: deze stelling is niet aan deze groep voorgelegd. "
                "Gemiddelden lopen van 1 (helemaal mee oneens) tot 5 (helemaal mee eens); n is het aantal antwoorden zonder ‘kan ik niet beoordelen’. "
                "Uitkomsten worden alleen getoond als minstens " (view.k) " mensen antwoordden."
            }
        },
    )
}

/// The self-assessment's answer as shown in a table.
fn self_text(answer: Option<u32>) -> String {
    match answer {
        Some(0) => "kan niet beoordelen".into(),
        Some(a) => a.to_string(),
        None => HIDDEN.into(),
    }
}

/// The largest differences listed by name; the rest are in the theme tables.
const GAPS_LISTED: usize = 5;

/// Self versus others: per theme a chart and table, then the statements
/// where they differ most.
fn self_section(summary: &Summary) -> Markup {
    let rows: Vec<DotRow> = summary
        .themes
        .iter()
        .map(|t| DotRow {
            label: t.title.clone(),
            values: vec![t.self_mean, t.overall],
        })
        .collect();
    let svg = dot_plot_svg(&DotPlot {
        title: "Zelfbeeld en beeld van alle referenten per thema".into(),
        series: vec!["Zelfbeeld".into(), "Alle referenten".into()],
        rows,
    });
    let gap_list = |gaps: &[SelfGap]| {
        html! {
            ul { @for g in gaps.iter().take(GAPS_LISTED) { li { "‘" (g.text) "’: zelf " (g.own) ", referenten gemiddeld " (nl(g.others)) "." } } }
            @if gaps.len() > GAPS_LISTED {
                p { "En nog " (gaps.len() - GAPS_LISTED) " stellingen met een verschil van een heel punt of meer; ze staan in de tabellen per thema (kolom Zelfbeeld)." }
            }
        }
    };
    html! {
        section aria-labelledby="zelfbeeld" {
            h2 #zelfbeeld { "Zelfbeeld en beeld van anderen" }
            p { "De burgemeester vulde dezelfde stellingen zelf in. Het zelfbeeld telt nergens mee in de cijfers van de referenten." }
            figure.chart {
                (PreEscaped(svg))
                figcaption { "Gemiddelde per thema: het zelfbeeld van de burgemeester en het gemiddelde van alle referenten. Een thema zonder getoond gemiddelde ontbreekt in de grafiek." }
            }
            div.table-scroll tabindex="0" {
                table.data {
                    caption { "Zelfbeeld en beeld van alle referenten per thema" }
                    thead { tr { th scope="col" { "Thema" } th scope="col" { "Zelfbeeld" } th scope="col" { "Alle referenten" } th scope="col" { "Verschil" } } }
                    tbody {
                        @for t in &summary.themes {
                            tr {
                                th scope="row" { (t.title) }
                                td { (t.self_mean.map_or_else(|| HIDDEN.to_owned(), nl)) }
                                td { (t.overall.map_or_else(|| HIDDEN.to_owned(), nl)) }
                                td { (t.self_mean.zip(t.overall).map_or_else(|| HIDDEN.to_owned(), |(s, o)| signed(s - o))) }
                            }
                        }
                    }
                }
            }
            h3 { "Mogelijke blinde vlekken" }
            @if summary.blind_spots.is_empty() {
                p { "Geen: bij geen enkele getoonde stelling schat de burgemeester zichzelf een heel punt of meer hoger in dan de referenten." }
            } @else {
                p { "Stellingen waarbij de burgemeester zichzelf een heel punt of meer hoger inschat dan de referenten, het grootste verschil eerst:" }
                (gap_list(&summary.blind_spots))
            }
            h3 { "Verborgen krachten" }
            @if summary.hidden_strengths.is_empty() {
                p { "Geen: bij geen enkele getoonde stelling zijn de referenten een heel punt of meer positiever dan de burgemeester zelf." }
            } @else {
                p { "Stellingen waarbij de referenten een heel punt of meer positiever zijn dan de burgemeester zelf, het grootste verschil eerst:" }
                (gap_list(&summary.hidden_strengths))
            }
        }
    }
}

/// A difference with its sign: "+0,8", "−1,2", "0,0".
fn signed(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded > 0.0 {
        format!("+{}", nl(rounded))
    } else if rounded < 0.0 {
        format!("−{}", nl(-rounded))
    } else {
        nl(0.0)
    }
}

/// Per statement of a theme, a dot per shown group and one for all raters.
fn theme_chart(view: &ReleasedView, title: &str, items: &[&ItemView]) -> Markup {
    let mut series: Vec<String> = view.groups.iter().map(|g| g.name.clone()).collect();
    series.push("Alle referenten".into());
    let rows: Vec<DotRow> = items
        .iter()
        .enumerate()
        .map(|(n, item)| DotRow {
            label: format!("Stelling {}", n + 1),
            values: item
                .groups
                .iter()
                .map(CellView::mean)
                .chain([item.overall.as_ref().and_then(CellView::mean)])
                .collect(),
        })
        .collect();
    let svg = dot_plot_svg(&DotPlot {
        title: format!("Gemiddelde per stelling en groep: {title}"),
        series,
        rows,
    });
    html! {
        figure.chart {
            (PreEscaped(svg))
            figcaption { "Gemiddelde per stelling (de nummers staan in de tabel hieronder), per groep en voor alle referenten samen. Niet getoonde cijfers ontbreken in de grafiek." }
        }
    }
}

/// With distributions released: per statement, how all raters answered.
fn distribution_chart(title: &str, items: &[&ItemView]) -> Markup {
    let rows: Vec<(String, [u32; 6])> = items
        .iter()
        .enumerate()
        .filter_map(|(n, item)| match &item.overall {
            Some(CellView::Distribution { counts }) => {
                Some((format!("Stelling {}", n + 1), *counts))
            }
            _ => None,
        })
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    let svg = distribution_svg(&DistributionChart {
        title: format!("Verdeling van de antwoorden van alle referenten: {title}"),
        rows,
    });
    html! {
        figure.chart {
            (PreEscaped(svg))
            figcaption { "Hoe alle referenten samen per stelling antwoordden; de aantallen staan in de balken." }
        }
    }
}

/// The page as a file on its own: the stylesheet inside, for `klankbord results --format html`.
pub fn standalone(page: Markup, css: &str) -> String {
    page.into_string().replacen(
        r#"<link rel="stylesheet" href="/assets/style.css">"#,
        &format!("<style>{css}</style>"),
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{MunicipalityId, RoundId};
    use crate::domain::round::{MinGroupSize, RoundKind, RoundState};
    use crate::domain::sharing::SharingMode;
    use crate::results::view::{GroupView, ThemeView};

    fn info() -> RoundInfo {
        RoundInfo {
            id: RoundId::random(),
            municipality_id: MunicipalityId::random(),
            municipality: "Teststad".into(),
            clerk_name: "G".into(),
            clerk_email: "g@x.nl".into(),
            mayor_name: "B".into(),
            kind: RoundKind::Regular,
            state: RoundState::Closed,
            opens_on: jiff::civil::date(2026, 11, 2),
            closes_at: jiff::Timestamp::UNIX_EPOCH,
            meeting_on: jiff::civil::date(2026, 12, 8),
            min_group_size: MinGroupSize::DEFAULT,
            sharing: SharingMode::AlsoMayor,
            mayor_sees_raters: true,
            house_style: None,
        }
    }

    fn view(cell: CellView, release_type: ReleaseKind) -> ReleasedView {
        ReleasedView {
            format: 1,
            k: 3,
            l: 2,
            d: 10,
            k_text: 5,
            release_type: Some(release_type),
            too_few: false,
            respondents: 12,
            invited: 14,
            self_assessed: false,
            groups: vec![GroupView {
                key: "gemeenteraad".into(),
                name: "Gemeenteraad".into(),
                respondents: 12,
                invited: 14,
            }],
            pooled_groups: vec![],
            themes: vec![ThemeView {
                title: "Openbare orde en veiligheid".into(),
                items: vec![ItemView {
                    text: "De burgemeester is zichtbaar bij incidenten.".into(),
                    kind: ItemType::Scale,
                    groups: vec![cell.clone()],
                    overall: Some(cell),
                    comments: None,
                    self_answer: None,
                    self_comment: None,
                }],
            }],
        }
    }

    #[test]
    fn distributions_get_a_stacked_bar_chart_and_their_table() {
        let html = dashboard(
            &info(),
            &view(
                CellView::Distribution {
                    counts: [1, 0, 1, 3, 4, 3],
                },
                ReleaseKind::Distribution,
            ),
        )
        .into_string();
        assert!(html.contains("Verdeling van de antwoorden van alle referenten"));
        assert!(
            html.contains("3,8 (n=11)"),
            "the table shows the mean of the distribution"
        );
    }

    #[test]
    fn hidden_cells_show_the_one_dash_and_its_footnote() {
        let html = dashboard(&info(), &view(CellView::Hidden, ReleaseKind::Mean)).into_string();
        assert!(html.contains("<td>—</td>") && html.contains("— betekent"));
        assert!(!html.contains("Verdeling van de antwoorden"));
    }
}

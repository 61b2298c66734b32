//! The delegation's dashboard of a closed round: first a one-screen
//! overview (signals, response, heat map, self against others), then per
//! theme (statements by their text in a chart, the same figures as a table,
//! only the groups that were asked), then the comments. Built from the
//! released view only.

use maud::{Markup, PreEscaped, html};

use crate::charts::{DistributionChart, DotPlot, DotRow, Labels, distribution_svg, dot_plot_svg};
use crate::domain::ids::RoundId;
use crate::domain::sharing::SharingMode;
use crate::results::ReleasedView;
use crate::results::csv::HIDDEN;
use crate::results::figures::{cell_text, self_answer_text};
use crate::results::summary::{Score, Summary, asked_anyone, asked_groups, nl, summarize};
use crate::results::view::{CellView, ItemType, ItemView, ReleaseKind, ThemeView};
use crate::service::round_info::RoundInfo;
use crate::web::views::dashboard_overview::{overview, response_table};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, round_page_trail};

/// What the page links to; `None` for the one-file dashboard of the CLI.
pub struct Links {
    pub round: RoundId,
    /// The griffier goes back to the round's page, the others to their start page.
    pub round_page: bool,
    /// The delegation and the griffier review and redact comments.
    pub may_redact: bool,
}

/// The round as named on every printed page.
fn round_name(info: &RoundInfo) -> String {
    let kind = info.kind.label();
    let mut chars = kind.chars();
    let kind = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    format!(
        "{kind} met burgemeester {}, {}",
        info.mayor_name,
        crate::dutch::date(info.meeting_on)
    )
}

/// Who may read the full results, as printed on every page.
pub fn confidentiality(sharing: SharingMode) -> &'static str {
    match sharing {
        SharingMode::DelegationOnly => "Vertrouwelijk — alleen voor de klankbordcommissie",
        SharingMode::AlsoMayor | SharingMode::AlsoCouncil => {
            "Vertrouwelijk — alleen voor de klankbordcommissie en de burgemeester"
        }
    }
}

/// The marking repeated on every printed page (hidden on screen).
fn print_marking(info: &RoundInfo, marking: &str) -> Markup {
    html! {
        div.print-marking aria-hidden="true" {
            span.print-marking__class { (marking) }
            span.print-marking__round { (round_name(info)) }
        }
    }
}

/// The council's view (sharing mode "ook-gemeenteraad"): the overview only.
pub fn council_summary(nav: &StaffNav, info: &RoundInfo, view: &ReleasedView) -> Markup {
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
        &PageContext::new(&title).for_round(info).staff(
            nav,
            round_page_trail(nav, info, "Samenvatting", "uitkomsten"),
        ),
        html! {
            (print_marking(info, "Vertrouwelijk — voor de gemeenteraad"))
            h1 { "Samenvatting: " (info.kind.label()) " met burgemeester " (info.mayor_name) }
            p.lead { "De burgemeester heeft gekozen dat de hele gemeenteraad deze samenvatting krijgt. De volledige uitkomsten zijn voor de klankbordcommissie." }
            section aria-labelledby="overzicht" {
                h2 #overzicht { "Overzicht" }
                ul.signals { @for s in &summary.sentences { li { (s) } } }
                (response_table(view))
            }
        },
    )
}

/// The one-file dashboard (`klankbord results --format html`): no links.
pub fn dashboard(info: &RoundInfo, view: &ReleasedView) -> Markup {
    dashboard_page(None, info, view, None)
}

fn links_bar(links: &Links) -> Markup {
    let base = format!("/mijn/rondes/{}", links.round);
    let results = format!("{base}/uitkomsten");
    html! {
        nav.page-actions aria-label="Bij deze uitkomsten" {
            ul.page-actions__list {
                li { @if links.round_page { a href=(base) { "← Terug naar de ronde" } } @else { a href="/mijn" { "← Terug naar mijn rondes" } } }
                li { a href={ (results) ".pdf" } download { "PDF downloaden" } }
                li { a href={ (results) ".csv" } download { "CSV downloaden" } }
                li { a href={ (results) ".json" } download { "JSON downloaden" } }
                li { a href="#afdrukken" { "Afdrukken" } }
                @if links.may_redact {
                    li { a href={ (base) "/toelichtingen" } { "Toelichtingen nakijken en weglakken" } }
                }
            }
        }
    }
}

/// The whole dashboard page; `nav`: the signed-in reader (none in the
/// command line's one-file dashboard).
pub fn dashboard_page(
    nav: Option<&StaffNav>,
    info: &RoundInfo,
    view: &ReleasedView,
    links: Option<&Links>,
) -> Markup {
    let summary = summarize(view);
    let title = format!("Uitkomsten {}", info.kind.label());
    let ctx = PageContext::new(&title).for_round(info);
    page(
        &match nav {
            Some(nav) => ctx.staff(nav, round_page_trail(nav, info, "Uitkomsten", "uitkomsten")),
            None => ctx,
        },
        html! {
            (print_marking(info, confidentiality(info.sharing)))
            h1 { "Uitkomsten: " (info.kind.label()) " met burgemeester " (info.mayor_name) }
            p.lead { "De vragenlijst is gesloten. Het klankbordgesprek is op " (crate::dutch::date(info.meeting_on)) ". " (confidentiality(info.sharing)) "." }
            @if let Some(links) = links { (links_bar(links)) }
            (overview(view, &summary))
            @if !view.too_few {
                section.themes aria-labelledby="themas" {
                    h2 #themas { "Per thema" }
                    @for (t, theme) in view.themes.iter().enumerate() {
                        (theme_section(view, &summary, t, theme))
                    }
                }
                @if view.self_assessed {
                    (self_section(&summary))
                }
                (comments_section(view))
            }
            p.footnote {
                "— betekent: niet getoond, omdat te weinig mensen antwoordden of omdat het getal iets over één persoon zou kunnen verraden. "
                @if shows_not_asked(view) { "n.v.t. betekent: deze stelling is niet aan deze groep voorgelegd. " }
                "Gemiddelden lopen van 1 (helemaal mee oneens) tot 5 (helemaal mee eens); n is het aantal antwoorden zonder ‘kan ik niet beoordelen’. "
                "Uitkomsten worden alleen getoond als minstens " (view.k) " mensen antwoordden."
            }
            @if links.is_some() {
                p.print-hint #afdrukken {
                    "Afdrukken of bewaren als PDF: gebruik de afdrukopdracht van uw browser (Ctrl+P, op een Mac ⌘P). "
                    "De pagina is opgemaakt voor A4, met paginanummers en op elke pagina de vermelding ‘" (confidentiality(info.sharing)) "’."
                }
            }
        },
    )
}

/// Whether a theme table shows a statement not put to one of its groups.
fn shows_not_asked(view: &ReleasedView) -> bool {
    view.themes.iter().any(|t| {
        let scale: Vec<&ItemView> = t
            .items
            .iter()
            .filter(|i| i.kind == ItemType::Scale && asked_anyone(i))
            .collect();
        let groups = asked_groups(view, &scale);
        scale.iter().any(|i| {
            groups
                .iter()
                .any(|&g| i.groups.get(g) == Some(&CellView::NotAsked))
        })
    })
}

/// "Alle referenten: 3,8, op basis van 4 van de 5 stellingen."
fn theme_score_sentence(score: &Score) -> String {
    match score.mean {
        Some(m) => format!(
            "Themascore van alle referenten: {}, {}.",
            nl(m),
            score.basis()
        ),
        None => "Geen themascore: geen van de stellingen van dit thema kon worden getoond.".into(),
    }
}

/// One theme: its score, the chart of its statements, the table.
fn theme_section(view: &ReleasedView, summary: &Summary, t: usize, theme: &ThemeView) -> Markup {
    let scale: Vec<&ItemView> = theme
        .items
        .iter()
        .filter(|i| i.kind == ItemType::Scale && asked_anyone(i))
        .collect();
    if scale.is_empty() {
        return html! {};
    }
    let groups = asked_groups(view, &scale);
    let score = summary.themes.iter().find(|s| s.title == theme.title);
    html! {
        section.theme aria-labelledby={ "thema-" (t) } {
            div.keep-together {
                h3 id={ "thema-" (t) } { (theme.title) }
                @if let Some(score) = score {
                    p.theme-score { (theme_score_sentence(&score.overall)) }
                }
                (theme_chart(view, &groups, &theme.title, &scale))
            }
            @if view.release_type == Some(ReleaseKind::Distribution) {
                (distribution_chart(&theme.title, &scale))
            }
            div.table-scroll tabindex="0" {
                table.data.statements {
                    caption { "Gemiddelde per stelling en groep: " (theme.title) }
                    thead { tr {
                        th scope="col" { "Stelling" }
                        @for &g in &groups { th scope="col" { (view.groups[g].name) } }
                        th scope="col" { "Alle referenten" }
                        @if view.self_assessed { th scope="col" { "Zelfbeeld" } }
                    } }
                    tbody {
                        @for (n, item) in scale.iter().enumerate() {
                            tr {
                                th scope="row" { (n + 1) ". " (item.text) }
                                @for &g in &groups {
                                    td { (item.groups.get(g).map_or_else(|| HIDDEN.to_owned(), cell_text)) }
                                }
                                td { (item.overall.as_ref().map_or_else(|| HIDDEN.to_owned(), cell_text)) }
                                @if view.self_assessed { td { (self_answer_text(item.self_answer)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn comments_section(view: &ReleasedView) -> Markup {
    html! {
        section.comments-section aria-labelledby="toelichtingen" {
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
}

/// The largest differences listed by name; the rest are in the theme tables.
const GAPS_LISTED: usize = 5;

/// Self versus others: per theme a chart, then the statements where they
/// differ most (the table per theme is in the overview).
fn self_section(summary: &Summary) -> Markup {
    let rows: Vec<DotRow> = summary
        .themes
        .iter()
        .map(|t| DotRow {
            label: t.title.clone(),
            values: t
                .self_vs_others
                .map_or(vec![None, None], |p| vec![Some(p.own), Some(p.others)]),
        })
        .collect();
    let svg = dot_plot_svg(&DotPlot {
        title: "Zelfbeeld en beeld van alle referenten per thema".into(),
        series: vec!["Zelfbeeld".into(), "Alle referenten".into()],
        rows,
        labels: Labels::SHORT,
    });
    let gap_list = |gaps: &[crate::results::summary::SelfGap]| {
        html! {
            ul { @for g in gaps.iter().take(GAPS_LISTED) { li { "‘" (g.text) "’: zelf " (g.own) ", referenten gemiddeld " (nl(g.others)) "." } } }
            @if gaps.len() > GAPS_LISTED {
                p { "En nog " (gaps.len() - GAPS_LISTED) " stellingen met een verschil van een heel punt of meer; ze staan in de tabellen per thema (kolom Zelfbeeld)." }
            }
        }
    };
    html! {
        section.self-section aria-labelledby="zelfbeeld" {
            div.keep-together {
                h2 #zelfbeeld { "Zelfbeeld en beeld van anderen" }
                p { "De burgemeester vulde dezelfde stellingen zelf in. Het zelfbeeld telt nergens mee in de cijfers van de referenten. Per thema vergeleken over dezelfde stellingen (de tabel staat in het overzicht)." }
                figure.chart {
                    (PreEscaped(svg))
                    figcaption { "Gemiddelde per thema: het zelfbeeld van de burgemeester en het gemiddelde van alle referenten, over de stellingen met allebei. Een thema zonder zo'n stelling heeft geen punten. De cijfers staan in de " a href="#tabel-zelfbeeld" { "tabel in het overzicht" } "." }
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

/// A statement's label in a chart: its number and text (wrapped or cut by
/// the chart; the full text is in the table).
fn statement_label(n: usize, item: &ItemView) -> String {
    format!("{}. {}", n + 1, item.text)
}

/// Per statement of a theme, a dot per asked group and one for all raters.
fn theme_chart(view: &ReleasedView, groups: &[usize], title: &str, items: &[&ItemView]) -> Markup {
    let mut series: Vec<String> = groups
        .iter()
        .map(|&g| view.groups[g].name.clone())
        .collect();
    series.push("Alle referenten".into());
    let rows: Vec<DotRow> = items
        .iter()
        .enumerate()
        .map(|(n, item)| DotRow {
            label: statement_label(n, item),
            values: groups
                .iter()
                .map(|&g| item.groups.get(g).and_then(CellView::mean))
                .chain([item.overall.as_ref().and_then(CellView::mean)])
                .collect(),
        })
        .collect();
    let svg = dot_plot_svg(&DotPlot {
        title: format!("Gemiddelde per stelling en groep: {title}"),
        series,
        rows,
        labels: Labels::STATEMENT,
    });
    html! {
        figure.chart {
            (PreEscaped(svg))
            figcaption { "Gemiddelde per stelling, per groep en voor alle referenten samen; de volledige tekst van de stellingen staat in de tabel. Niet getoonde cijfers ontbreken in de grafiek." }
        }
    }
}

/// With distributions released: per statement, how all raters answered.
fn distribution_chart(title: &str, items: &[&ItemView]) -> Markup {
    let rows: Vec<(String, [u32; 6])> = items
        .iter()
        .enumerate()
        .filter_map(|(n, item)| match &item.overall {
            Some(CellView::Distribution { counts }) => Some((statement_label(n, item), *counts)),
            _ => None,
        })
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    let svg = distribution_svg(&DistributionChart {
        title: format!("Verdeling van de antwoorden van alle referenten: {title}"),
        rows,
        labels: Labels::STATEMENT,
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

//! The dashboard's first screen: the main signals in sentences, response per
//! group, a heat map of themes × groups and the self-assessment against all
//! referenten per theme. Everything from the released view only.

use maud::{Markup, html};

use crate::results::ReleasedView;
use crate::results::csv::HIDDEN;
use crate::results::figures::signed;
use crate::results::summary::{Score, Summary, nl, percent};

/// The colour band of a mean, 1 (lowest) to 7 (highest), from the mean as
/// printed (one decimal), so colour and number always agree.
pub fn heat_band(mean: f64) -> u8 {
    let shown = (mean * 10.0).round() / 10.0;
    match shown {
        m if m < 2.0 => 1,
        m if m < 2.5 => 2,
        m if m < 3.0 => 3,
        m if m < 3.5 => 4,
        m if m < 4.0 => 5,
        m if m < 4.5 => 6,
        _ => 7,
    }
}

/// The legend of the heat map: band and what it covers.
const BANDS: [(u8, &str); 7] = [
    (1, "lager dan 2,0"),
    (2, "2,0 – 2,4"),
    (3, "2,5 – 2,9"),
    (4, "3,0 – 3,4"),
    (5, "3,5 – 3,9"),
    (6, "4,0 – 4,4"),
    (7, "4,5 of hoger"),
];

/// One cell of the heat map.
fn heat_cell(score: &Score) -> Markup {
    match score.mean {
        _ if !score.was_asked() => html! { td.heat.heat--not-asked { "niet gevraagd" } },
        None => html! { td.heat.heat--hidden { (HIDDEN) } },
        Some(m) => html! {
            td class={ "heat heat--" (heat_band(m)) } {
                (nl(m))
                @if score.partial() {
                    " " span.heat__basis { "(" (score.released) " van " (score.asked) ")" }
                }
            }
        },
    }
}

/// The signals beside the response, the heat map, its key beside self
/// against others.
pub fn overview(view: &ReleasedView, summary: &Summary) -> Markup {
    html! {
        section.overview aria-labelledby="overzicht" {
            h2 #overzicht { "Overzicht" }
            div.overview__row {
                ul.signals { @for s in &summary.sentences { li { (s) } } }
                (response_table(view))
            }
            @if !view.too_few {
                (heat_map(view, summary))
                div.overview__row {
                    (heat_key())
                    @if view.self_assessed { div { (self_table(summary)) } }
                }
            }
        }
    }
}

/// Themes × groups: the theme score per shown group and for all referenten.
fn heat_map(view: &ReleasedView, summary: &Summary) -> Markup {
    html! {
        div.table-scroll tabindex="0" {
            table.data.heatmap {
                caption { "Gemiddelde per thema en groep" }
                thead { tr {
                    th scope="col" { "Thema" }
                    @for g in &view.groups { th scope="col" { (g.name) } }
                    th scope="col" { "Alle referenten" }
                } }
                tbody {
                    @for t in &summary.themes {
                        tr {
                            th scope="row" { (t.title) }
                            @for s in &t.groups { (heat_cell(s)) }
                            (heat_cell(&t.overall))
                        }
                    }
                }
            }
        }
    }
}

/// What the colours and signs of the heat map mean, right beside it.
fn heat_key() -> Markup {
    html! {
        div.heatmap-key {
            p { "Gemiddelde van de getoonde stellingen van het thema, van 1 (helemaal mee oneens) tot 5 (helemaal mee eens). Hoe donkerder blauw, hoe positiever; oranje is onder het midden." }
            ul.heat-legend aria-label="Kleuren van de tabel" {
                @for (band, label) in BANDS {
                    li { span class={ "heat-swatch heat--" (band) } aria-hidden="true" {} (label) }
                }
            }
            dl.heat-notes {
                dt { (HIDDEN) }
                dd { "niet getoond: te weinig antwoorden, of het cijfer zou iets over één persoon kunnen verraden." }
                dt { "(4 van 5)" }
                dd { "de score rust op 4 van de 5 stellingen; de andere konden niet worden getoond." }
                dt { "niet gevraagd" }
                dd { "deze groep kreeg de stellingen van dit thema niet." }
            }
        }
    }
}

/// Responded of invited per group, and whether the group is shown apart.
pub fn response_table(view: &ReleasedView) -> Markup {
    let rate = |part: u32, whole: u32| {
        percent(part, whole).map_or_else(String::new, |p| format!(" ({p}%)"))
    };
    html! {
        div.table-scroll tabindex="0" { table.data.response {
            caption { "Respons per groep" }
            thead { tr { th scope="col" { "Groep" } th scope="col" { "Gereageerd" } th scope="col" { "Apart" } } }
            tbody {
                @for g in &view.groups {
                    tr {
                        th scope="row" { (g.name) }
                        td { (g.respondents) " van " (g.invited) (rate(g.respondents, g.invited)) }
                        td { "ja" }
                    }
                }
                @for name in &view.pooled_groups {
                    tr {
                        th scope="row" { (name) }
                        td { "in het totaal" }
                        td { "nee, te klein" }
                    }
                }
                tr.response__total {
                    th scope="row" { "Alle referenten" }
                    td { (view.respondents) " van " (view.invited) (rate(view.respondents, view.invited)) }
                    td { "" }
                }
            }
        } }
        @if !view.pooled_groups.is_empty() {
            p.small { "Een groep die te klein is om apart te tonen, telt alleen mee bij ‘Alle referenten’; hoeveel van die groep reageerden, staat er niet bij." }
        }
    }
}

/// Zelfbeeld against all referenten per theme, over the same statements.
fn self_table(summary: &Summary) -> Markup {
    html! {
        div.table-scroll tabindex="0" { table.data.self-vs-others #tabel-zelfbeeld {
            caption { "Zelfbeeld en alle referenten per thema" }
            thead { tr { th scope="col" { "Thema" } th scope="col" { "Zelf" } th scope="col" { "Anderen" } th scope="col" { "Verschil" } } }
            tbody {
                @for t in &summary.themes {
                    tr {
                        th scope="row" { (t.title) }
                        @match &t.self_vs_others {
                            Some(p) => {
                                td { (nl(p.own)) }
                                td { (nl(p.others)) }
                                td { (signed(p.own - p.others)) }
                            },
                            None => { td { (HIDDEN) } td { (HIDDEN) } td { (HIDDEN) } },
                        }
                    }
                }
            }
        } }
        p.small { "Zelf en anderen vergeleken over dezelfde stellingen: die met een zelfbeeld op de schaal en een getoond gemiddelde van alle referenten. Plus: de burgemeester is positiever over zichzelf." }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_follows_the_printed_number() {
        assert_eq!(heat_band(1.0), 1);
        assert_eq!(heat_band(1.96), 2, "printed as 2,0");
        assert_eq!(heat_band(3.449), 4);
        assert_eq!(heat_band(3.46), 5, "printed as 3,5");
        assert_eq!(heat_band(5.0), 7);
    }

    #[test]
    fn signs_are_written_out() {
        assert_eq!(signed(0.84), "+0,8");
        assert_eq!(signed(-1.25), "−1,3");
        assert_eq!(signed(0.01), "0,0");
    }
}

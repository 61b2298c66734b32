//! The confidential dossier over a burgemeester's term, and the term in one
//! view (a chart per theme with the same figures as a table).

use maud::{Markup, PreEscaped, html};

use crate::charts::term::{TermChart, term_svg};
use crate::domain::dossier::DossierScope;
use crate::domain::staff::ResultsAccess;
use crate::results::csv::HIDDEN;
use crate::results::summary::nl;
use crate::results::term::{TermCell, TermTheme};
use crate::service::dossier::{
    AgreementHistory, Dossier, DossierEntry, DossierHeader, TermOverview,
};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{Crumb, StaffNav, overview, round_name};
use crate::web::views::staff::state_label;

/// The text of a cell whose round's figures are not for the reader.
pub const NOT_SHARED: &str = "niet gedeeld";

fn base(h: &DossierHeader) -> String {
    format!("/mijn/gemeenten/{}/dossier", h.municipality_id)
}

/// `?burgemeester=<id>` unless it is the newest burgemeester (the default).
fn query(h: &DossierHeader) -> String {
    match h.mayors.first() {
        Some(m) if m.id == h.mayor.id => String::new(),
        _ => format!("?burgemeester={}", h.mayor.id),
    }
}

fn trail(h: &DossierHeader, sub: Option<&str>) -> Vec<Crumb> {
    let mut crumbs = vec![
        overview(),
        Crumb::new("Dossier", format!("{}{}", base(h), query(h))),
    ];
    if let Some(label) = sub {
        crumbs.push(Crumb::new(
            label,
            format!("{}/verloop{}", base(h), query(h)),
        ));
    }
    crumbs
}

/// The choice of burgemeester (a plain GET form: works without script).
fn mayor_choice(h: &DossierHeader, action: &str) -> Markup {
    html! {
        @if h.mayors.len() > 1 {
            form.inline method="get" action=(action) {
                div.form-group {
                    label for="burgemeester" { "Burgemeester" }
                    select #burgemeester name="burgemeester" {
                        @for m in &h.mayors {
                            option value=(m.id) selected[m.id == h.mayor.id] { (m.name) }
                        }
                    }
                }
                button.button.button--secondary type="submit" { "Toon dossier" }
            }
        }
    }
}

fn confidential(h: &DossierHeader) -> Markup {
    html! {
        p.lead {
            "Vertrouwelijk. Dit dossier bundelt de klankbordgesprekken met burgemeester "
            (h.mayor.name) ": de verslagen, de afspraken en hoe die liepen, en de uitkomsten. "
            "Alleen de griffier, de burgemeester zelf, de raadsleden die aan een gesprek deelnamen en de klankbordcommissie lezen het. "
            "Dat u het opent, staat in het logboek."
        }
        @if h.scope == DossierScope::OwnGesprekken {
            p { "U ziet alleen de gesprekken waaraan u deelnam." }
        }
    }
}

/// `/mijn/gemeenten/{id}/dossier`
pub fn dossier(nav: &StaffNav, d: &Dossier) -> Markup {
    let h = &d.header;
    let title = format!("Dossier van burgemeester {}", h.mayor.name);
    page(
        &PageContext::new("Dossier")
            .in_municipality(h.municipality_id, &h.municipality)
            .with_house_style(h.house_style)
            .staff(nav, trail(h, None)),
        html! {
            h1 { (title) }
            (confidential(h))
            (mayor_choice(h, &base(h)))
            p { a href={ (base(h)) "/verloop" (query(h)) } { "Het verloop van de ambtstermijn in één overzicht" } }
            @if d.entries.is_empty() {
                p { "Er zijn nog geen klankbordgesprekken met deze burgemeester." }
            } @else {
                h2 #gesprekken { "Gesprekken" }
                ol.link-list {
                    @for e in &d.entries {
                        li { a href={ "#gesprek-" (e.info.id) } { (round_name(&e.info)) } " — " (state_label(e.info.state).to_lowercase()) }
                    }
                }
                @for e in &d.entries { (entry(h, e)) }
            }
        },
    )
}

fn entry(h: &DossierHeader, e: &DossierEntry) -> Markup {
    let info = &e.info;
    let heading = format!("gesprek-{}", info.id);
    let round_href = if h.clerk {
        format!("/mijn/rondes/{}", info.id)
    } else {
        format!("/mijn#ronde-{}", info.id)
    };
    html! {
        section.dossier-entry id=(heading) aria-labelledby={ (heading) "-titel" } {
            h2 id={ (heading) "-titel" } { (round_name(info)) }
            dl.dossier-entry__facts {
                dt { "Soort gesprek" } dd { (info.kind.label()) }
                dt { "Datum gesprek" } dd { (crate::dutch::date(info.meeting_on)) }
                dt { "Stand" } dd { span.state-tag { (state_label(info.state)) } }
            }
            p { a href=(round_href) { "Naar de ronde" span.visually-hidden { ": " (round_name(info)) } } }
            h3 { "Verslag" }
            @match &e.verslag {
                Some(v) => {
                    p { "Vastgesteld op " (crate::dutch::instant(v.adopted_at)) "." }
                    @if !v.signatures.is_empty() {
                        p { "Ondertekend door:" }
                        ul {
                            @for s in &v.signatures { li { (s.name) " (" (s.role) ")" } }
                        }
                    }
                    p { a href={ "/mijn/rondes/" (info.id) "/verslag" } { "Verslag lezen" span.visually-hidden { ": " (round_name(info)) } } }
                }
                None => { p { "Er is (nog) geen vastgesteld verslag." } }
            }
            h3 { "Afspraken" }
            @if e.agreements.is_empty() {
                p { "Bij dit gesprek zijn geen afspraken vastgelegd." }
            } @else {
                @for a in &e.agreements { (agreement(a)) }
            }
            h3 { "Uitkomsten" }
            @match e.results {
                ResultsAccess::Full => p { a href={ "/mijn/rondes/" (info.id) "/uitkomsten" } { "Uitkomsten bekijken" span.visually-hidden { ": " (round_name(info)) } } },
                ResultsAccess::Summary => p { a href={ "/mijn/rondes/" (info.id) "/uitkomsten" } { "Samenvatting van de uitkomsten" span.visually-hidden { ": " (round_name(info)) } } },
                ResultsAccess::None => p { "De uitkomsten van dit gesprek zijn niet met u gedeeld, of er zijn nog geen uitkomsten." },
            }
        }
    }
}

fn agreement(a: &AgreementHistory) -> Markup {
    let g = &a.agreement;
    html! {
        div.dossier-agreement {
            p.dossier-agreement__what { strong { (g.what) } }
            dl.dossier-entry__facts {
                dt { "Verantwoordelijk" } dd { (g.responsible) }
                dt { "Bewaakt door" } dd { (g.monitor) }
                dt { "Uiterlijk" } dd { (crate::dutch::date(g.due_on)) }
                dt { "Status nu" } dd { (g.status.label()) }
            }
            div.table-scroll tabindex="0" { table.data.data--stack {
                caption { "Verloop van de status" }
                thead { tr { th scope="col" { "Wanneer" } th scope="col" { "Status" } th scope="col" { "Toelichting" } th scope="col" { "Door" } } }
                tbody {
                    @for c in &a.changes {
                        tr {
                            th scope="row" { (crate::dutch::instant(c.at)) }
                            td data-label="Status" { (c.status.label()) }
                            td data-label="Toelichting" { @if c.note.is_empty() { "—" } @else { (c.note) } }
                            td data-label="Door" { (c.by.as_deref().unwrap_or("onbekend")) }
                        }
                    }
                }
            } }
        }
    }
}

/// A cell of the term table.
fn cell_text(c: &TermCell) -> String {
    match c {
        TermCell::NotShared => NOT_SHARED.into(),
        TermCell::NotYet => "nog geen uitkomsten".into(),
        TermCell::TooFew => "te weinig reacties".into(),
        TermCell::NoTheme => "niet in de vragenlijst".into(),
        TermCell::NotApart => "niet apart getoond".into(),
        TermCell::Score(s) if !s.was_asked() => "niet gevraagd".into(),
        TermCell::Score(s) => match s.mean {
            None => HIDDEN.into(),
            Some(m) if s.partial() => {
                format!("{} ({} van {} stellingen)", nl(m), s.released, s.asked)
            }
            Some(m) => nl(m),
        },
    }
}

/// `/mijn/gemeenten/{id}/dossier/verloop`
pub fn term(nav: &StaffNav, t: &TermOverview) -> Markup {
    let h = &t.header;
    page(
        &PageContext::new("Verloop van de ambtstermijn")
            .in_municipality(h.municipality_id, &h.municipality)
            .with_house_style(h.house_style)
            .staff(nav, trail(h, Some("Verloop"))),
        html! {
            h1 { "Verloop van de ambtstermijn van burgemeester " (h.mayor.name) }
            (confidential(h))
            (mayor_choice(h, &format!("{}/verloop", base(h))))
            p {
                "Per thema ziet u de gemiddelde score (1 tot 5) uit elk gesprek van deze ambtstermijn naast elkaar, "
                "precies zoals die na het gesprek is gedeeld. "
                "Een cijfer staat er alleen als het bij dat gesprek werd getoond."
            }
            p.hint {
                strong { "Let op: " }
                "de referenten verschillen per gesprek. Ook in een groep met dezelfde naam zaten andere mensen. "
                "Trek daarom geen cijfers van elkaar af; lees elk gesprek als een eigen beeld."
            }
            p { "“" (NOT_SHARED) "” betekent: bij dat gesprek koos de burgemeester een deelmodus die deze cijfers niet met u deelt. "
                "“" (HIDDEN) "” betekent: te weinig antwoorden om te tonen." }
            @if t.view.themes.is_empty() {
                p { "Er zijn nog geen gedeelde uitkomsten om te tonen." }
                @if !t.view.rounds.is_empty() {
                    ul {
                        @for r in &t.view.rounds { li { (r) } }
                    }
                }
            }
            @for (i, theme) in t.view.themes.iter().enumerate() {
                (term_theme(i, &t.view.rounds, theme))
            }
        },
    )
}

fn term_theme(i: usize, rounds: &[String], theme: &TermTheme) -> Markup {
    let id = format!("thema-{i}");
    let svg = term_svg(&TermChart {
        title: format!("{} per gesprek", theme.title),
        rounds: rounds.to_vec(),
        series: theme
            .rows
            .iter()
            .map(|r| {
                (
                    r.label.clone(),
                    r.cells.iter().map(TermCell::mean).collect(),
                )
            })
            .collect(),
    });
    html! {
        section.term-theme aria-labelledby=(id) {
            h2 id=(id) { (theme.title) }
            figure.chart {
                (PreEscaped(svg))
                figcaption { "Gemiddelde per gesprek, voor alle referenten en per groep. Cijfers die bij een gesprek niet werden getoond, ontbreken. De tabel hieronder geeft dezelfde cijfers." }
            }
            div.table-scroll tabindex="0" { table.data {
                caption { (theme.title) ": gemiddelde per gesprek" }
                thead { tr {
                    th scope="col" { "Wie" }
                    @for r in rounds { th scope="col" { (r) } }
                } }
                tbody {
                    @for row in &theme.rows {
                        tr {
                            th scope="row" { (row.label) }
                            @for c in &row.cells { td { (cell_text(c)) } }
                        }
                    }
                }
            } }
        }
    }
}

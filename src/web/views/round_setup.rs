//! The griffier's forms for setting up a round: a new round, its settings,
//! and its rater groups with the forecast of what can be shown apart.

use maud::{Markup, html};

use crate::anonymity::forecast::Outlook;
use crate::domain::ids::GroupId;
use crate::domain::round::{MinGroupSize, RoundKind, RoundState};
use crate::domain::round_setup::{field, proposed_dates};
use crate::service::round_info::RoundInfo;
use crate::service::round_setup::GroupsOverview;
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};

/// The kinds of conversation as the form offers them.
fn kind_choice(kind: RoundKind) -> &'static str {
    match kind {
        RoundKind::HundredDays => "100-dagengesprek",
        RoundKind::FirstYear => "Eerste jaar",
        RoundKind::Regular => "Regulier",
        RoundKind::Midterm => "Midterm",
        RoundKind::TowardsReappointment => "Richting herbenoeming",
        RoundKind::Reappointment => "Herbenoemingsgesprek",
    }
}

/// The form's values as typed (or as stored).
#[derive(Clone, Debug, Default)]
pub struct SettingsValues {
    pub kind: String,
    pub meeting: String,
    pub opens: String,
    pub closes: String,
    pub min_group_size: String,
    pub mayor_sees_raters: bool,
}

/// What may no longer change (after the first invitation).
#[derive(Clone, Copy, Debug, Default)]
struct Fixed {
    invited: bool,
}

fn field_error(errors: &[(String, String)], name: &str) -> Option<String> {
    errors
        .iter()
        .filter(|(f, _)| f == name || (name == field::KIND && f == "soort-0"))
        .map(|(_, m)| m.clone())
        .reduce(|a, b| format!("{a} {b}"))
}

fn error_text(e: &Option<String>) -> Markup {
    html! { @if let Some(e) = e { p.field-error { span.visually-hidden { "Fout: " } (e) } } }
}

fn date_field(
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    errors: &[(String, String)],
) -> Markup {
    let e = field_error(errors, name);
    let hint_id = format!("{name}-uitleg");
    html! {
        div.form-group.form-group--error[e.is_some()] {
            label.question for=(name) { (label) }
            @if let Some(h) = hint { p.hint id=(hint_id) { (h) } }
            (error_text(&e))
            input type="date" id=(name) name=(name) value=(value) aria-describedby=[hint.map(|_| hint_id.as_str())];
        }
    }
}

/// A field that is fixed now: its value as text, sent along unchanged.
fn fixed_field(name: &str, label: &str, shown: &str, value: &str, why: &str) -> Markup {
    html! {
        div.form-group {
            p.question { strong { (label) ": " } (shown) }
            p.hint { (why) }
            input type="hidden" name=(name) value=(value);
        }
    }
}

fn kind_field(v: &SettingsValues, fixed: Fixed, errors: &[(String, String)]) -> Markup {
    if fixed.invited {
        let shown = RoundKind::parse(&v.kind).map(kind_choice).unwrap_or("");
        return fixed_field(
            field::KIND,
            "Soort gesprek",
            shown,
            &v.kind,
            "Dit ligt vast sinds de eerste uitnodiging: die noemt het gesprek.",
        );
    }
    let e = field_error(errors, field::KIND);
    html! {
        fieldset.form-group.form-group--error[e.is_some()] {
            legend { "Soort gesprek" }
            (error_text(&e))
            @for (n, kind) in RoundKind::ALL.into_iter().enumerate() {
                div.choice {
                    input type="radio" name=(field::KIND) id={ "soort-" (n) } value=(kind.code()) checked[kind.code() == v.kind];
                    label for={ "soort-" (n) } { (kind_choice(kind)) }
                }
            }
        }
    }
}

fn k_field(v: &SettingsValues, fixed: Fixed, errors: &[(String, String)]) -> Markup {
    if fixed.invited {
        return fixed_field(
            field::MIN_GROUP_SIZE,
            "Minimale groepsgrootte",
            &v.min_group_size,
            &v.min_group_size,
            crate::domain::round_setup::K_FIXED,
        );
    }
    let e = field_error(errors, field::MIN_GROUP_SIZE);
    html! {
        div.form-group.form-group--error[e.is_some()] {
            label.question for=(field::MIN_GROUP_SIZE) { "Minimale groepsgrootte" }
            p.hint id="k-uitleg" {
                "Cijfers van een groep verschijnen alleen als genoeg mensen uit die groep de vragenlijst invulden, zodat niemand te herkennen is. "
                "Dit getal is dat minimum: minstens " (MinGroupSize::MIN) ". "
                "Nodig daarom 5 à 6 mensen per groep uit: niet iedereen vult in, en bij 3 antwoorden blijft een cijfer vaak verborgen."
            }
            (error_text(&e))
            input type="number" id=(field::MIN_GROUP_SIZE) name=(field::MIN_GROUP_SIZE) value=(v.min_group_size) inputmode="numeric" min=(MinGroupSize::MIN) max=(MinGroupSize::MAX) aria-describedby="k-uitleg";
        }
    }
}

fn proposal_text(meeting: &str) -> String {
    match crate::domain::round_setup::parse_day(meeting) {
        Ok(m) => {
            let (opens, closes) = proposed_dates(m);
            format!(
                "Voorstel volgens de handreiking: de vragenlijst gaat open op {} (week 3) en sluit op {}, een week voor het gesprek (voor week 6), zodat de commissie de uitkomsten kan lezen.",
                crate::dutch::date(opens),
                crate::dutch::date(closes)
            )
        }
        Err(_) => {
            "Vul eerst de datum van het gesprek in; dan stellen we de data van de vragenlijst voor."
                .into()
        }
    }
}

/// The dates; `propose` is where the button for proposed dates posts the form.
fn dates_fields(
    v: &SettingsValues,
    fixed: Fixed,
    errors: &[(String, String)],
    propose: &str,
) -> Markup {
    let proposal = proposal_text(&v.meeting);
    html! {
        (date_field(field::MEETING, "Datum van het klankbordgesprek", &v.meeting, None, errors))
        fieldset.form-group {
            legend { "Wanneer kunnen referenten de vragenlijst invullen?" }
            p.hint { (proposal) }
            @if !fixed.invited {
                button.button.button--secondary type="submit" formaction=(propose) formnovalidate { "Data voorstellen bij deze gespreksdatum" }
            }
            @if fixed.invited {
                (fixed_field(field::OPENS, "Open vanaf", &v.opens, &v.opens, "De uitnodigingen zijn verstuurd; de openingsdatum ligt vast."))
                (date_field(field::CLOSES, "Sluit op (tot 23:59 uur)", &v.closes, Some("U kunt de vragenlijst langer open laten, niet eerder sluiten dan de uitnodiging zegt."), errors))
            } @else {
                (date_field(field::OPENS, "Open vanaf", &v.opens, None, errors))
                (date_field(field::CLOSES, "Sluit op (tot 23:59 uur)", &v.closes, None, errors))
            }
        }
    }
}

pub struct NewRoundView<'a> {
    pub municipality_id: &'a str,
    pub municipality: &'a str,
    pub mayor: Option<&'a str>,
    pub values: &'a SettingsValues,
    pub errors: &'a [(String, String)],
    pub csrf: &'a str,
}

pub fn new_round(p: &NewRoundView<'_>) -> Markup {
    page(
        &PageContext {
            title: "Nieuwe ronde",
            municipality: Some(p.municipality),
            house_style: None,
        },
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Nieuwe ronde" }
            @match p.mayor {
                None => {
                    section.notice {
                        h2.notice__title { "Eerst een burgemeester" }
                        p { "De gemeente " (p.municipality) " heeft nog geen burgemeester in Klankbord. Een ronde gaat altijd over de burgemeester die nu in functie is. Geef eerst de burgemeester een rol bij " a href={ "/mijn/gemeenten/" (p.municipality_id) "/mensen" } { "mensen en rollen" } "; daarna maakt u hier de ronde aan." }
                    }
                }
                Some(mayor) => {
                    p.lead { "Een klankbordronde met burgemeester " (mayor) ". U kunt alles later nog aanpassen, tot de eerste uitnodiging is verstuurd." }
                    @let action = format!("/mijn/gemeenten/{}/rondes/nieuw", p.municipality_id);
                    form method="post" action=(action) novalidate {
                        input type="hidden" name="csrf" value=(p.csrf);
                        (kind_field(p.values, Fixed::default(), p.errors))
                        (dates_fields(p.values, Fixed::default(), p.errors, &format!("{action}/voorstellen")))
                        (k_field(p.values, Fixed::default(), p.errors))
                        p.hint { "De referentengroepen en de vragenlijst krijgen de standaardinhoud; die past u daarna aan." }
                        button.button type="submit" { "Ronde aanmaken" }
                    }
                }
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

pub struct SettingsView<'a> {
    pub info: &'a RoundInfo,
    pub values: &'a SettingsValues,
    pub errors: &'a [(String, String)],
    pub csrf: &'a str,
    pub notice: Option<&'a str>,
}

pub fn settings(p: &SettingsView<'_>) -> Markup {
    let info = p.info;
    let fixed = Fixed {
        invited: info.state != RoundState::Draft,
    };
    let base = format!("/mijn/rondes/{}", info.id);
    let lijst = p.values.mayor_sees_raters;
    let e = field_error(p.errors, "lijst");
    page(
        &PageContext {
            title: "Instellingen van de ronde",
            municipality: Some(&info.municipality),
            house_style: crate::web::views::house_style::links(info.house_style),
        },
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Instellingen van de ronde" }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            @match info.state {
                RoundState::Draft => p.lead { "De ronde is in voorbereiding: u kunt alles nog aanpassen." },
                RoundState::Open => p.lead { "De uitnodigingen zijn verstuurd. Het soort gesprek, de openingsdatum en de minimale groepsgrootte liggen nu vast; de vragenlijst kan wel langer open blijven." },
                RoundState::Closed => p.lead { "De ronde is gesloten; de instellingen liggen vast." },
            }
            @if info.state != RoundState::Closed {
                form method="post" action={ (base) "/instellingen" } novalidate {
                    input type="hidden" name="csrf" value=(p.csrf);
                    (kind_field(p.values, fixed, p.errors))
                    (dates_fields(p.values, fixed, p.errors, &format!("{base}/instellingen/voorstellen")))
                    (k_field(p.values, fixed, p.errors))
                    fieldset.form-group.form-group--error[e.is_some()] {
                        legend { "Ziet de burgemeester de lijst van referenten?" }
                        p.hint { "De handreiking raadt aan open te zijn over hoe de informatie wordt verzameld: dan kan de burgemeester de feedback beter plaatsen. Wat iemand antwoordde, ziet de burgemeester nooit; alleen wie er gevraagd zijn." }
                        (error_text(&e))
                        div.choice {
                            input type="radio" name="lijst" id="lijst-0" value="ja" checked[lijst];
                            label for="lijst-0" { "Ja, de burgemeester ziet de definitieve lijst (aanbevolen)" }
                        }
                        div.choice {
                            input type="radio" name="lijst" id="lijst-1" value="nee" checked[!lijst];
                            label for="lijst-1" { "Nee, de lijst blijft bij de commissie en de griffie" }
                        }
                    }
                    button.button type="submit" { "Instellingen opslaan" }
                }
            }
            p { a href=(base) { "Terug naar de ronde" } }
        },
    )
}

/// A group's typed values after a refused change (kept in its form).
pub struct TypedGroup<'a> {
    /// `None`: the form for a new group.
    pub group: Option<GroupId>,
    pub name: &'a str,
    pub description: &'a str,
}

pub struct GroupsView<'a> {
    pub overview: &'a GroupsOverview,
    pub errors: &'a [(String, String)],
    pub typed: Option<&'a TypedGroup<'a>>,
    pub csrf: &'a str,
    pub notice: Option<&'a str>,
}

fn names_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

pub fn groups(p: &GroupsView<'_>) -> Markup {
    let o = p.overview;
    let info = &o.info;
    let editable = info.state == RoundState::Draft;
    let action = format!("/mijn/rondes/{}/groepen", info.id);
    let k = info.min_group_size.get();
    let name_of = |id: GroupId| {
        o.groups
            .iter()
            .find(|l| l.group.id == id)
            .map_or("", |l| l.group.name.as_str())
    };
    let pooled: Vec<&str> = o
        .forecast
        .iter()
        .filter(|f| f.outlook == Outlook::Pooled)
        .map(|f| name_of(f.group))
        .collect();
    let too_few = o
        .forecast
        .iter()
        .any(|f| f.outlook == Outlook::TooFewInRound);
    let typed = |id: Option<GroupId>| p.typed.filter(|t| t.group == id);
    html! {
        (ErrorSummary { errors: p.errors })
        h1 { "Groepen referenten" }
        @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
        p.lead {
            "De commissie ziet de cijfers van een groep apart als er uit die groep minstens " (o.needed) " ingevulde vragenlijsten zijn: de minimale groepsgrootte (" (k) ") plus één, want één referent zou zijn eigen antwoorden kunnen aftrekken. "
            "Groepen die dat niet halen, tellen samen als ‘overige referenten’: hun antwoorden tellen mee in het totaal, maar niet apart."
        }
        p { "Hieronder staat wat er gebeurt als iedereen op de lijst invult. Dat is het beste geval: nodig daarom 5 à 6 mensen per groep uit." }
        @if too_few {
            section.notice { h2.notice__title { "Te weinig referenten" } p { "Er staan in de hele ronde minder dan " (k) " referenten op de lijst. Dan tonen de uitkomsten alleen ‘te weinig reacties’." } }
        } @else if !pooled.is_empty() {
            section.notice { h2.notice__title { "Let op" } p { (names_list(&pooled)) " " (if pooled.len() == 1 { "wordt" } else { "worden" }) " niet apart getoond, maar samengevoegd tot ‘overige referenten’." } }
        }
        div.table-scroll tabindex="0" { table.data {
            caption { "Per groep: referenten op de lijst en wat de commissie straks ziet" }
            thead { tr { th scope="col" { "Groep" } th scope="col" { "Op de lijst" } th scope="col" { "Nodig voor apart tonen" } th scope="col" { "Wat de commissie ziet (als iedereen invult)" } } }
            tbody {
                @for f in &o.forecast {
                    tr {
                        th scope="row" id={ "groep-" (f.group) } { (name_of(f.group)) }
                        td { (f.headcount) }
                        td { (o.needed) }
                        td {
                            @match f.outlook {
                                Outlook::Apart => "Apart te zien.",
                                Outlook::Pooled => {
                                    @let others: Vec<&str> = pooled.iter().copied().filter(|n| *n != name_of(f.group)).collect();
                                    "Niet apart: samengevoegd tot ‘overige referenten’"
                                    @if others.is_empty() { " (alleen in het totaal)." } @else { ", samen met " (names_list(&others)) "." }
                                    @if f.headcount >= o.needed {
                                        " Deze groep is groot genoeg, maar gaat mee omdat de overige referenten anders te weinig zijn om iemand te beschermen."
                                    } @else {
                                        " Er " (if o.needed - f.headcount == 1 { "is" } else { "zijn" }) " " (o.needed - f.headcount) " referent" (if o.needed - f.headcount == 1 { "" } else { "en" }) " meer nodig om de groep apart te tonen."
                                    }
                                },
                                Outlook::Empty => "Nog niemand op de lijst: deze groep komt niet terug in de uitkomsten.",
                                Outlook::TooFewInRound => "Te weinig referenten in de hele ronde.",
                            }
                        }
                    }
                }
            }
        } }
        p.hint { "De zelfevaluatie van de burgemeester staat hier niet bij: die telt nergens mee en wordt apart getoond als ‘Zelfbeeld’." }
        h2 { "Groepen aanpassen" }
        @if !editable {
            p { "De uitnodigingen zijn verstuurd: de groepen liggen nu vast." }
        }
        @for line in o.groups.iter().filter(|l| !l.group.is_self) {
            @let g = &line.group;
            @let t = typed(Some(g.id));
            @let name_id = format!("naam-{}", g.id);
            @let desc_id = format!("omschrijving-{}", g.id);
            @let e = t.and_then(|_| field_error(p.errors, &name_id));
            section.group-edit aria-labelledby={ "kop-" (g.id) } {
                h3 id={ "kop-" (g.id) } { (g.name) }
                @if editable {
                    form method="post" action={ (action) "/" (g.id) "/wijzigen" } novalidate {
                        input type="hidden" name="csrf" value=(p.csrf);
                        div.form-group.form-group--error[e.is_some()] {
                            label.question for=(name_id) { "Naam" }
                            (error_text(&e))
                            input type="text" id=(name_id) name="naam" maxlength="80" value=(t.map_or(g.name.as_str(), |t| t.name));
                        }
                        div.form-group {
                            label.question for=(desc_id) { "Omschrijving (voor wie is deze groep?)" }
                            input type="text" id=(desc_id) name="omschrijving" maxlength="300" value=(t.map_or(g.description.as_str(), |t| t.description));
                        }
                        button.button.button--secondary type="submit" { "Wijzigingen opslaan" }
                    }
                    @if line.in_use {
                        p.hint { "Deze groep heeft referenten en kan daarom niet weg." }
                    } @else {
                        form.inline method="post" action={ (action) "/" (g.id) "/verwijderen" } {
                            input type="hidden" name="csrf" value=(p.csrf);
                            button.button.button--secondary type="submit" { "Groep verwijderen" span.visually-hidden { ": " (g.name) } }
                        }
                    }
                } @else {
                    p { (g.description) }
                }
            }
        }
        @if editable {
            @let t = typed(None);
            @let e = t.and_then(|_| field_error(p.errors, "nieuw-naam"));
            h2 { "Groep toevoegen" }
            form method="post" action={ (action) "/toevoegen" } novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                div.form-group.form-group--error[e.is_some()] {
                    label.question for="nieuw-naam" { "Naam van de nieuwe groep" }
                    (error_text(&e))
                    input type="text" id="nieuw-naam" name="naam" maxlength="80" value=(t.map_or("", |t| t.name));
                }
                div.form-group {
                    label.question for="nieuw-omschrijving" { "Omschrijving (voor wie is deze groep?)" }
                    input type="text" id="nieuw-omschrijving" name="omschrijving" maxlength="300" value=(t.map_or("", |t| t.description));
                }
                p.hint { "Een nieuwe groep krijgt de vragen die alle groepen krijgen." }
                button.button type="submit" { "Groep toevoegen" }
            }
        }
        p { a href={ "/mijn/rondes/" (info.id) } { "Terug naar de ronde" } }
    }
}

/// The groups page in the layout.
pub fn groups_page(p: &GroupsView<'_>) -> Markup {
    page(
        &PageContext {
            title: "Groepen referenten",
            municipality: Some(&p.overview.info.municipality),
            house_style: crate::web::views::house_style::links(p.overview.info.house_style),
        },
        groups(p),
    )
}

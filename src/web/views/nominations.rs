//! Voordrachten: the form to suggest a referent, the suggestions with their
//! status, the commissie's decisions, and the final list of referenten.

use maud::{Markup, html};

use crate::domain::ids::NominationId;
use crate::domain::nomination::{INVOLVED, MAX_REASON_CHARS, NominationStatus, may_see_rater_list};
use crate::domain::round::RoundState;
use crate::domain::staff::Role;
use crate::service::nominations::{ListedRater, NominationLine, Nominations};
use crate::service::round_info::RoundInfo;
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};

/// What was typed in the form to suggest a referent (kept on errors).
#[derive(Clone, Debug, Default)]
pub struct Typed {
    pub name: String,
    pub email: String,
    pub group: String,
    pub reason: String,
}

pub struct NominationsPage<'a> {
    pub n: &'a Nominations,
    pub csrf: &'a str,
    pub typed: &'a Typed,
    /// A decision that was refused, with the reason as typed.
    pub deciding: Option<(NominationId, &'a str)>,
    /// (field id, Dutch message) of a refused form.
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

/// The links to these screens in a round's row on `/mijn`, for the roles
/// that may use them.
pub fn links(info: &RoundInfo, roles: &[Role]) -> Markup {
    let involved = roles.iter().any(|r| INVOLVED.contains(r));
    html! {
        @if involved {
            ul.actions {
                li { a href={ "/mijn/rondes/" (info.id) "/voordrachten" } { "Voordrachten" } }
                @if may_see_rater_list(roles, info.mayor_sees_raters) {
                    li { a href={ "/mijn/rondes/" (info.id) "/referentenlijst" } { "Lijst van referenten" } }
                }
            }
        }
    }
}

fn error_for<'e>(errors: &'e [(String, String)], id: &str) -> Option<&'e str> {
    errors
        .iter()
        .find(|(f, _)| f == id)
        .map(|(_, m)| m.as_str())
}

fn field_error(error: Option<&str>, id: &str) -> Markup {
    html! {
        @if let Some(e) = error {
            p.field-error id={ (id) "-fout" } { span.visually-hidden { "Fout: " } (e) }
        }
    }
}

pub fn nominations_page(p: &NominationsPage<'_>) -> Markup {
    let n = p.n;
    let action = format!("/mijn/rondes/{}/voordrachten", n.info.id);
    page(
        &PageContext {
            title: "Voordrachten",
            municipality: Some(&n.info.municipality),
            house_style: crate::web::views::house_style::links(n.info.house_style),
        },
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Voordrachten" }
            @if let Some(text) = p.notice { div.notice role="status" { p { (text) } } }
            @if n.sees_all {
                p.lead { "De burgemeester en de leden van de klankbordcommissie dragen mensen voor als referent. De klankbordcommissie beslist. Wie u goedkeurt, komt op de lijst van referenten en krijgt een uitnodiging met de anderen." }
            } @else {
                p.lead { "U kunt mensen voordragen als referent voor het " (n.info.kind.label()) ". De klankbordcommissie beslist of ze op de lijst komen. Hieronder ziet u wat er met uw voordrachten gebeurde." }
            }
            @if n.may_nominate { (nominate_form(p, &format!("{action}/voordragen"))) }
            @if n.info.state == RoundState::Closed {
                p { "Deze ronde is gesloten. Voordragen en beslissen kan niet meer." }
            }
            h2 { @if n.sees_all { "Alle voordrachten" } @else { "Uw voordrachten" } " (" (n.lines.len()) ")" }
            @if n.lines.is_empty() {
                p { "Er zijn nog geen voordrachten." }
            } @else {
                div.table-scroll tabindex="0" {
                    table.data {
                        caption { @if n.sees_all { "Voordrachten voor deze ronde" } @else { "Uw voordrachten en het besluit van de klankbordcommissie" } }
                        thead { tr {
                            th scope="col" { "Naam" } th scope="col" { "E-mail" } th scope="col" { "Groep" } th scope="col" { "Waarom voorgedragen" }
                            @if n.sees_all { th scope="col" { "Voorgedragen door" } }
                            th scope="col" { "Status" } th scope="col" { "Reden van het besluit" }
                        } }
                        tbody {
                            @for l in &n.lines {
                                tr {
                                    th scope="row" { (l.name) } td { (l.email) } td { (l.group_name) } td { (l.reason) }
                                    @if n.sees_all { td { (l.nominated_by.as_deref().unwrap_or("")) } }
                                    td { (l.status.label()) }
                                    td { (l.decision_reason.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
            @if n.may_decide {
                (decisions(p, &action))
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

fn nominate_form(p: &NominationsPage<'_>, action: &str) -> Markup {
    let t = p.typed;
    let err = |id: &str| error_for(p.errors, id);
    let group_error = err("groep-0");
    html! {
        h2 { "Een referent voordragen" }
        form method="post" action=(action) novalidate {
            input type="hidden" name="csrf" value=(p.csrf);
            div.form-group.form-group--error[err("naam").is_some()] {
                label.question for="naam" { "Naam" }
                (field_error(err("naam"), "naam"))
                input #naam type="text" name="naam" maxlength="120" autocomplete="off" value=(t.name);
            }
            div.form-group.form-group--error[err("email").is_some()] {
                label.question for="email" { "E-mailadres" }
                p.hint #email-hint { "Hierheen gaat de uitnodiging als de klankbordcommissie de voordracht goedkeurt." }
                (field_error(err("email"), "email"))
                input #email type="email" name="email" maxlength="254" autocomplete="off" aria-describedby="email-hint" value=(t.email);
            }
            fieldset.form-group.form-group--error[group_error.is_some()] {
                legend { "Groep" }
                p.hint { "Hoe kent deze persoon de burgemeester?" }
                (field_error(group_error, "groep"))
                @for (i, g) in p.n.groups.iter().enumerate() {
                    div.choice {
                        input type="radio" name="groep" id={ "groep-" (i) } value=(g.key) checked[t.group == g.key];
                        label for={ "groep-" (i) } { (g.name) @if !g.description.is_empty() { span.hint { " — " (g.description) } } }
                    }
                }
            }
            div.form-group.form-group--error[err("reden").is_some()] {
                label.question for="reden" { "Waarom draagt u deze persoon voor?" }
                p.char-limit #reden-hint { "Maximaal " (MAX_REASON_CHARS) " tekens. De klankbordcommissie leest dit." }
                (field_error(err("reden"), "reden"))
                textarea #reden name="reden" rows="4" maxlength=(MAX_REASON_CHARS) aria-describedby="reden-hint" { (t.reason) }
            }
            button.button type="submit" { "Voordragen" }
        }
    }
}

fn decisions(p: &NominationsPage<'_>, action: &str) -> Markup {
    let pending: Vec<&NominationLine> =
        p.n.lines
            .iter()
            .filter(|l| l.status == NominationStatus::Proposed)
            .collect();
    html! {
        h2 { "Beslissen" }
        @if pending.is_empty() {
            p { "Er wachten geen voordrachten op een besluit." }
        }
        @for l in pending {
            @let id = format!("reden-{}", l.id);
            @let typed = p.deciding.filter(|(d, _)| *d == l.id).map(|(_, r)| r).unwrap_or("");
            @let error = error_for(p.errors, &id);
            section {
                h3 { (l.name) " — " (l.group_name) }
                p { "Voorgedragen door " (l.nominated_by.as_deref().unwrap_or("")) ": " (l.reason) }
                form method="post" action={ (action) "/" (l.id) "/goedkeuren" } novalidate {
                    input type="hidden" name="csrf" value=(p.csrf);
                    div.form-group.form-group--error[error.is_some()] {
                        label.question for=(id) { "Reden van uw besluit over " (l.name) }
                        p.char-limit id={ (id) "-hint" } { "Verplicht als u afwijst; de burgemeester ziet deze reden. Maximaal " (MAX_REASON_CHARS) " tekens." }
                        (field_error(error, &id))
                        textarea id=(id) name="reden" rows="3" maxlength=(MAX_REASON_CHARS) aria-describedby={ (id) "-hint" } { (typed) }
                    }
                    div.actions {
                        button.button type="submit" { "Goedkeuren" }
                        button.button.button--secondary type="submit" formaction={ (action) "/" (l.id) "/afwijzen" } { "Afwijzen" }
                    }
                }
            }
        }
    }
}

/// The final list of referenten: names and groups, nothing else.
pub fn rater_list(info: &RoundInfo, raters: &[ListedRater]) -> Markup {
    page(
        &PageContext {
            title: "Lijst van referenten",
            municipality: Some(&info.municipality),
            house_style: crate::web::views::house_style::links(info.house_style),
        },
        html! {
            h1 { "Lijst van referenten" }
            p.lead { "Wie om input wordt gevraagd voor het " (info.kind.label()) " met burgemeester " (info.mayor_name) ". Wie wat antwoordde, ziet niemand." }
            @if raters.is_empty() {
                p { "Er staan nog geen referenten op de lijst." }
            } @else {
                div.table-scroll tabindex="0" { table.data {
                    caption { "Referenten per groep (" (raters.len()) ")" }
                    thead { tr { th scope="col" { "Naam" } th scope="col" { "Groep" } } }
                    tbody { @for r in raters { tr { th scope="row" { (r.name) } td { (r.group_name) } } } }
                } }
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

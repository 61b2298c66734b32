//! The two-way conversation: the burgemeester's reflection on the council,
//! the agenda, and the agreements (with those of the previous round).

use maud::{Markup, html};

use crate::web::views::fields::text_area;

use crate::domain::agenda::AgendaText;
use crate::domain::agreement::{AgreementForm, AgreementStatus, NOTE_MAX, Party, WHAT_MAX};
use crate::domain::answers::{CANNOT_JUDGE_LABEL, SCALE_LABELS, ScaleAnswer};
use crate::domain::council_reflection::{
    CouncilReflection, CouncilTopic, InvalidReflection, REMARK_MAX,
};
use crate::domain::ids::{AgendaItemId, AgreementId};
use crate::service::meeting::{
    AgendaView, Agreement, AgreementsView, PreviousAgreements, ReflectionPage,
};
use crate::service::round_info::RoundInfo;
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, round_page_trail};
use crate::web::views::respond::scale_question;

fn back_to_mijn() -> Markup {
    html! { p { a href="/mijn" { "Terug naar Mijn Klankbord" } } }
}

fn answer_label(a: ScaleAnswer) -> &'static str {
    match a {
        ScaleAnswer::Score(s) => SCALE_LABELS[usize::from(s.get()).saturating_sub(1)],
        ScaleAnswer::CannotJudge => CANNOT_JUDGE_LABEL,
    }
}

/// A one-line text field with its label and error (`max`: its most
/// characters, for a text field).
fn text_input(
    id: &str,
    label: &str,
    kind: &str,
    max: Option<usize>,
    value: &str,
    error: Option<&str>,
) -> Markup {
    html! {
        div.form-group.form-group--error[error.is_some()] {
            label.question for=(id) { (label) }
            @if let Some(e) = error { p.field-error id={ (id) "-fout" } { span.visually-hidden { "Fout: " } (e) } }
            input type=(kind) id=(id) name=(id) value=(value) maxlength=[max] aria-describedby=[error.map(|_| format!("{id}-fout"))];
        }
    }
}

fn error_of<'a>(errors: &'a [(String, String)], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m.as_str())
}

fn reflection_answers(r: &CouncilReflection) -> Markup {
    html! {
        div.table-scroll tabindex="0" { table.data.data--stack {
            caption { "Reflectie op de raad" }
            thead { tr { th scope="col" { "Onderwerp" } th scope="col" { "Stelling" } th scope="col" { "Antwoord" } th scope="col" { "Toelichting" } } }
            tbody {
                @for a in r.answers() {
                    tr {
                        th scope="row" { (a.topic.title()) }
                        td data-label="Stelling" { (a.topic.statement()) }
                        td data-label="Antwoord" { (answer_label(a.answer)) }
                        td data-label="Toelichting" { @if let Some(remark) = &a.remark { p.self-comment { (remark) } } @else { "—" } }
                    }
                }
            }
        } }
    }
}

/// The reflection on the council: the burgemeester's form, or the answers.
pub fn reflection(
    nav: &StaffNav,
    p: &ReflectionPage,
    csrf: &str,
    invalid: Option<&InvalidReflection>,
) -> Markup {
    let info = &p.info;
    let errors: Vec<(String, String)> = invalid
        .map(|inv| {
            inv.errors
                .iter()
                .map(|(field, m)| {
                    let focus = if field.ends_with("-opmerking") {
                        field.clone()
                    } else {
                        format!("{field}-1")
                    };
                    (focus, m.clone())
                })
                .collect()
        })
        .unwrap_or_default();
    page(
        &PageContext {
            title: if errors.is_empty() {
                "Reflectie op de raad"
            } else {
                "Fout: reflectie op de raad"
            },
            ..PageContext::default()
                .for_round(info)
                .staff(nav, round_page_trail(nav, info, "Reflectie", "reflectie"))
        },
        html! {
            (ErrorSummary { errors: &errors })
            h1 { "Reflectie op de raad" }
            @if p.may_write {
                p.lead { "Het klankbordgesprek is een gesprek in twee richtingen. Hier geeft u de raad feedback over vijf onderwerpen, voor het " (info.kind.label()) " op " (crate::dutch::date(info.meeting_on)) "." }
                div.notice role="note" { p { strong { "Niet anoniem. " } "De klankbordcommissie en de griffier lezen uw antwoorden als uw eigen inbreng, met uw naam. U vult de reflectie één keer in; daarna kunt u niets meer wijzigen." } }
                form method="post" action={ "/mijn/rondes/" (info.id) "/reflectie" } novalidate {
                    input type="hidden" name="csrf" value=(csrf);
                    p { "Kies bij elke stelling het antwoord dat het best past. Kunt u iets niet beoordelen? Kies dan ‘" (CANNOT_JUDGE_LABEL.to_lowercase()) "’." }
                    @for (i, topic) in CouncilTopic::ALL.into_iter().enumerate() {
                        @let (field, remark) = (topic.field(), topic.remark_field());
                        section.theme {
                            h2 { (topic.title()) }
                            (scale_question(i + 1, &field, topic.statement(), invalid.and_then(|v| v.value(&field)), invalid.and_then(|v| v.error(&field))))
                            (text_area(&remark, &format!("Toelichting bij stelling {}", i + 1), "Niet verplicht.", REMARK_MAX,
                                invalid.and_then(|v| v.value(&remark)).unwrap_or(""), invalid.and_then(|v| v.error(&remark))))
                        }
                    }
                    button.button type="submit" { "Reflectie versturen" }
                }
            } @else if let Some(r) = &p.reflection {
                @if p.author {
                    div.notice role="status" { p { "U heeft de reflectie op de raad ingevuld. De klankbordcommissie en de griffier lezen dit als uw eigen inbreng." } }
                } @else {
                    p.lead { "De eigen inbreng van burgemeester " (info.mayor_name) " over de raad, voor het " (info.kind.label()) ". Deze antwoorden zijn niet anoniem: ze komen van de burgemeester zelf." }
                }
                (reflection_answers(r))
            } @else if p.author {
                p { "De ronde is gesloten. De reflectie op de raad kan niet meer worden ingevuld." }
            } @else {
                p { "Burgemeester " (info.mayor_name) " heeft de reflectie op de raad nog niet ingevuld." }
            }
            (back_to_mijn())
        },
    )
}

/// Where and how the griffier updates the status of agreements.
pub struct StatusForm<'a> {
    /// The round whose page the form is on (it posts to its agreements).
    pub round: &'a RoundInfo,
    pub csrf: &'a str,
    /// Where to go afterwards: "ronde" or "afspraken".
    pub back: &'a str,
    pub errors: &'a [(String, String)],
    /// What was typed for one agreement after an error: (agreement, status, note).
    pub typed: Option<(AgreementId, &'a str, &'a str)>,
}

/// The agreements as a table, with a status form per agreement for the griffier.
pub fn agreements_table(
    caption: &str,
    agreements: &[Agreement],
    edit: Option<&StatusForm<'_>>,
) -> Markup {
    html! {
        div.table-scroll tabindex="0" { table.data.data--stack {
            caption { (caption) }
            thead { tr { th scope="col" { "Afspraak" } th scope="col" { "Verantwoordelijk" } th scope="col" { "Bewaakt" } th scope="col" { "Uiterlijk" } th scope="col" { "Status" } } }
            tbody {
                @for (n, a) in agreements.iter().enumerate() {
                    tr {
                        th scope="row" { (a.what) }
                        td data-label="Verantwoordelijk" { (a.responsible) }
                        td data-label="Bewaakt" { (a.monitor) }
                        td data-label="Uiterlijk" { (crate::dutch::date(a.due_on)) }
                        td data-label="Status" {
                            @match edit {
                                None => { strong { (a.status.label()) } @if !a.note.is_empty() { br; (a.note) } },
                                Some(f) => (status_form(n + 1, a, f)),
                            }
                        }
                    }
                }
            }
        } }
    }
}

fn status_form(n: usize, a: &Agreement, f: &StatusForm<'_>) -> Markup {
    let (status_id, note_id) = (format!("status-{}", a.id), format!("toelichting-{}", a.id));
    let typed = f.typed.filter(|(id, _, _)| *id == a.id);
    let status = typed.map(|(_, s, _)| s).unwrap_or(a.status.code());
    let note = typed.map(|(_, _, n)| n).unwrap_or(a.note.as_str());
    let (status_error, note_error) = (error_of(f.errors, &status_id), error_of(f.errors, &note_id));
    html! {
        form method="post" action={ "/mijn/rondes/" (f.round.id) "/afspraken/" (a.id) "/status" } novalidate {
            input type="hidden" name="csrf" value=(f.csrf);
            input type="hidden" name="terug" value=(f.back);
            fieldset.form-group.form-group--error[status_error.is_some() || note_error.is_some()] {
                legend.visually-hidden { "Status van afspraak " (n) }
                @if let Some(e) = status_error { p.field-error { span.visually-hidden { "Fout: " } (e) } }
                label for=(status_id) { "Status" }
                select id=(status_id) name="status" {
                    @for s in AgreementStatus::ALL {
                        option value=(s.code()) selected[s.code() == status] { (s.label()) }
                    }
                }
                @if let Some(e) = note_error { p.field-error { span.visually-hidden { "Fout: " } (e) } }
                label for=(note_id) { "Korte toelichting (niet verplicht, maximaal " (NOTE_MAX) " tekens)" }
                input type="text" id=(note_id) name="toelichting" value=(note) maxlength=(NOTE_MAX);
                button.button.button--secondary type="submit" { "Status opslaan" }
            }
        }
    }
}

/// "Afspraken van het vorige gesprek", read-only or with status forms.
pub fn previous_agreements(prev: &PreviousAgreements, edit: Option<&StatusForm<'_>>) -> Markup {
    html! {
        section #vorige-afspraken aria-labelledby="vorige-afspraken-titel" {
            h2 #vorige-afspraken-titel { "Afspraken van het vorige gesprek" }
            p { "Uit het " (prev.round.kind.label()) " van " (crate::dutch::date(prev.round.meeting_on)) ". Het gesprek begint met een terugblik op deze afspraken." }
            @if prev.agreements.is_empty() {
                p { "Bij het vorige gesprek zijn geen afspraken vastgelegd." }
            } @else {
                (agreements_table("Afspraken van het vorige gesprek en hoe ze ervoor staan", &prev.agreements, edit))
            }
        }
    }
}

/// The agenda in order; the griffier moves and removes items.
pub fn agenda(
    nav: &StaffNav,
    v: &AgendaView,
    csrf: &str,
    typed: &str,
    errors: &[(String, String)],
) -> Markup {
    let info = &v.info;
    let action = format!("/mijn/rondes/{}/agenda/punten", info.id);
    let last = v.items.len().saturating_sub(1);
    let button = |what: &str, item: AgendaItemId, label: String, text: &str| {
        html! {
            form.inline method="post" action={ (action) "/" (item) "/" (what) } {
                input type="hidden" name="csrf" value=(csrf);
                button.button.button--secondary type="submit" { (text) span.visually-hidden { ": " (label) } }
            }
        }
    };
    page(
        &PageContext {
            title: if errors.is_empty() {
                "Agenda"
            } else {
                "Fout: agenda"
            },
            ..PageContext::default()
                .for_round(info)
                .staff(nav, round_page_trail(nav, info, "Agenda", "agenda"))
        },
        html! {
            (ErrorSummary { errors })
            h1 { "Agenda van het " (info.kind.label()) }
            p.lead { "Het gesprek met burgemeester " (info.mayor_name) " is op " (crate::dutch::date(info.meeting_on)) ". De klankbordcommissie en de burgemeester zetten allebei punten op de agenda; de griffier bepaalt de volgorde." }
            @if let Some(prev) = &v.previous { (previous_agreements(prev, None)) }
            h2 { "Agendapunten" }
            @if v.items.is_empty() {
                p { "Er staan nog geen punten op de agenda." }
            } @else {
                ol.agenda {
                    @for (i, item) in v.items.iter().enumerate() {
                        li {
                            p { (item.text) " " span.tag { (item.side.label()) } }
                            @if v.orders && v.open {
                                div.actions {
                                    @if i > 0 { (button("omhoog", item.id, format!("agendapunt {}", i + 1), "Omhoog")) }
                                    @if i < last { (button("omlaag", item.id, format!("agendapunt {}", i + 1), "Omlaag")) }
                                    (button("verwijderen", item.id, format!("agendapunt {}", i + 1), "Verwijderen"))
                                }
                            }
                        }
                    }
                }
            }
            @if !v.open {
                p { "De agenda ligt vast: het gesprek is op " (crate::dutch::date(info.meeting_on)) "." }
            } @else if let Some(side) = v.side {
                h2 { "Een punt toevoegen" }
                form method="post" action=(action) novalidate {
                    input type="hidden" name="csrf" value=(csrf);
                    (text_area("tekst", "Nieuw agendapunt", &format!("Het punt komt op de agenda als punt {}.", side.label()), AgendaText::MAX, typed, error_of(errors, "tekst")))
                    button.button type="submit" { "Op de agenda zetten" }
                }
            }
            p { a href={ "/mijn/rondes/" (info.id) "/afspraken" } { "Afspraken van dit gesprek" } }
            (back_to_mijn())
        },
    )
}

/// The agreements of a round; the griffier records them after the meeting.
pub fn agreements(
    nav: &StaffNav,
    v: &AgreementsView,
    csrf: &str,
    form: &AgreementForm,
    errors: &[(String, String)],
    typed: Option<(AgreementId, &str, &str)>,
) -> Markup {
    let info = &v.info;
    let edit = StatusForm {
        round: info,
        csrf,
        back: "afspraken",
        errors,
        typed,
    };
    let edit = v.clerk.then_some(&edit);
    let field = |f: &str| error_of(errors, f);
    page(
        &PageContext {
            title: if errors.is_empty() {
                "Afspraken"
            } else {
                "Fout: afspraken"
            },
            ..PageContext::default()
                .for_round(info)
                .staff(nav, round_page_trail(nav, info, "Afspraken", "afspraken"))
        },
        html! {
            (ErrorSummary { errors })
            h1 { "Afspraken uit het " (info.kind.label()) }
            p.lead { "Wat de klankbordcommissie en burgemeester " (info.mayor_name) " in het gesprek van " (crate::dutch::date(info.meeting_on)) " afspraken. Het volgende gesprek begint met deze afspraken en hoe ze ervoor staan." }
            @if let Some(prev) = &v.previous { (previous_agreements(prev, edit)) }
            h2 { "Afspraken van dit gesprek" }
            @if v.agreements.is_empty() {
                p { "Er zijn nog geen afspraken vastgelegd." }
            } @else {
                (agreements_table("Afspraken van dit gesprek", &v.agreements, edit))
            }
            @if v.clerk {
                @if v.meeting_held {
                    h2 { "Een afspraak vastleggen" }
                    form method="post" action={ "/mijn/rondes/" (info.id) "/afspraken/vastleggen" } novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        (text_area("wat", "Wat is er afgesproken?", "", WHAT_MAX, &form.what, field("wat")))
                        (text_input("verantwoordelijk", "Wie is verantwoordelijk?", "text", Some(Party::MAX_CHARS), &form.responsible, field("verantwoordelijk")))
                        (text_input("bewaakt", "Wie bewaakt de afspraak?", "text", Some(Party::MAX_CHARS), &form.monitor, field("bewaakt")))
                        (text_input("uiterlijk", "Uiterlijk klaar op (datum)", "date", None, &form.due_on, field("uiterlijk")))
                        button.button type="submit" { "Afspraak vastleggen" }
                    }
                } @else {
                    p { "U legt de afspraken vast na het gesprek, vanaf " (crate::dutch::date(info.meeting_on)) "." }
                }
            }
            p { a href={ "/mijn/rondes/" (info.id) "/agenda" } { "Agenda van dit gesprek" } }
            (back_to_mijn())
        },
    )
}

//! The questionnaire a referent fills in, and the "liever een gesprek" page.

use maud::{Markup, html};

use crate::domain::answers::{
    CANNOT_JUDGE_FORM_VALUE, CANNOT_JUDGE_LABEL, InvalidSubmission, SCALE_LABELS, field_name,
};
use crate::domain::group::RaterGroup;
use crate::domain::promise::{STORAGE_PROMISE, group_rule_text};
use crate::domain::questionnaire::{Item, ItemKind, Questionnaire};
use crate::service::respond::RespondContext;
use crate::service::round_info::RoundInfo;
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};

/// The id an error-summary link points at: the first radio, or the text area.
fn focus_id(item: &Item) -> String {
    match item.kind {
        ItemKind::Scale => format!("{}-1", field_name(item.id)),
        ItemKind::Open { .. } => field_name(item.id),
    }
}

fn promise(round: &RoundInfo) -> Markup {
    html! {
        section.promise aria-labelledby="belofte-titel" {
            h2 #belofte-titel { "Zo beschermen we uw antwoorden" }
            ul {
                li { "Uw antwoorden zijn anoniem. Niemand kan zien wat u heeft geantwoord: de griffier niet, de commissie niet en de burgemeester niet." }
                li { (group_rule_text(round.shown_apart_from())) }
                li { (STORAGE_PROMISE) }
                li { "Toelichtingen worden zonder naam getoond. Schrijf er geen namen of details in waaraan u of anderen te herkennen zijn: de commissie kan zulke tekst weglaten." }
                li { (round.sharing.who_sees()) }
                li { "U kunt de vragenlijst één keer versturen, tot " (crate::dutch::instant(round.closes_at)) "." }
            }
        }
    }
}

fn scale_item(n: usize, item: &Item, value: Option<&str>, error: Option<&str>) -> Markup {
    scale_question(n, &field_name(item.id), &item.text, value, error)
}

/// One statement on the 5-point scale with "kan ik niet beoordelen": a
/// fieldset of radios named `name` (ids `{name}-1` … `{name}-6`).
pub fn scale_question(
    n: usize,
    name: &str,
    text: &str,
    value: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let error_id = format!("{name}-fout");
    let options = SCALE_LABELS
        .iter()
        .enumerate()
        .map(|(i, label)| ((i + 1).to_string(), *label, false))
        .chain(std::iter::once((
            CANNOT_JUDGE_FORM_VALUE.to_owned(),
            CANNOT_JUDGE_LABEL,
            true,
        )));
    html! {
        div.form-group.form-group--error[error.is_some()] {
            fieldset.likert aria-describedby=[error.map(|_| error_id.as_str())] {
                legend { span.item-number { (n) ". " } (text) }
                @if let Some(e) = error {
                    p.field-error id=(error_id) { span.visually-hidden { "Fout: " } (e) }
                }
                div.likert__options {
                    @for (i, (v, label, cj)) in options.enumerate() {
                        @let id = format!("{name}-{}", i + 1);
                        label.likert__option.likert__option--cj[cj] for=(id) {
                            input type="radio" id=(id) name=(name) value=(v) checked[value == Some(v.as_str())];
                            span { (label) }
                        }
                    }
                }
            }
        }
    }
}

fn open_item(
    n: usize,
    item: &Item,
    max_chars: u32,
    value: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let name = field_name(item.id);
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-fout");
    let described = match error {
        Some(_) => format!("{hint_id} {error_id}"),
        None => hint_id.clone(),
    };
    html! {
        div.form-group.form-group--error[error.is_some()] {
            label.question for=(name) { span.item-number { (n) ". " } (item.text) }
            p.char-limit id=(hint_id) { "Niet verplicht. Maximaal " (max_chars) " tekens. Noem geen namen of details waaraan u of anderen te herkennen zijn." }
            @if let Some(e) = error {
                p.field-error id=(error_id) { span.visually-hidden { "Fout: " } (e) }
            }
            textarea id=(name) name=(name) rows="5" maxlength=(max_chars) aria-describedby=(described) { (value.unwrap_or("")) }
        }
    }
}

/// The errors of a submission as (field id, message) for the error summary.
pub fn submission_errors(
    q: &Questionnaire,
    invalid: Option<&InvalidSubmission>,
) -> Vec<(String, String)> {
    invalid
        .map(|inv| {
            inv.errors
                .iter()
                .filter_map(|e| {
                    q.item(e.item)
                        .map(|item| (focus_id(item), e.message.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every theme with its statements and open questions, with the answers
/// and errors of a failed submission.
pub fn questions(q: &Questionnaire, invalid: Option<&InvalidSubmission>) -> Markup {
    let value = |item: &Item| invalid.and_then(|inv| inv.values.get(item.id));
    let error = |item: &Item| {
        invalid
            .and_then(|inv| inv.errors.iter().find(|e| e.item == item.id))
            .map(|e| e.message.as_str())
    };
    let mut n = 0;
    html! {
        @for theme in &q.themes {
            section.theme {
                h2 { (theme.title) }
                @if !theme.intro.is_empty() { p.theme__intro { (theme.intro) } }
                @for item in &theme.items {
                    ({ n += 1; match item.kind {
                        ItemKind::Scale => scale_item(n, item, value(item), error(item)),
                        ItemKind::Open { max_chars } => open_item(n, item, max_chars, value(item), error(item)),
                    } })
                }
            }
        }
    }
}

/// How the form is shown: to a referent who sends it, or as a preview for
/// staff, with nothing to send and no token behind it.
enum FormMode<'a> {
    Answer {
        csrf: &'a str,
        invalid: Option<&'a InvalidSubmission>,
    },
    Preview,
}

/// The questionnaire for the rater's group, possibly with errors and the answers kept.
pub fn form(ctx: &RespondContext, csrf: &str, invalid: Option<&InvalidSubmission>) -> Markup {
    form_page(
        &ctx.round,
        &ctx.group,
        &ctx.questionnaire,
        FormMode::Answer { csrf, invalid },
    )
}

/// The same page a referent of `group` gets, as a preview: a banner, and
/// neither a working submit nor a link that uses an invitation.
pub fn preview(round: &RoundInfo, group: &RaterGroup, q: &Questionnaire) -> Markup {
    form_page(round, group, q, FormMode::Preview)
}

fn form_page(
    round: &RoundInfo,
    group: &RaterGroup,
    q: &Questionnaire,
    mode: FormMode<'_>,
) -> Markup {
    let invalid = match mode {
        FormMode::Answer { invalid, .. } => invalid,
        FormMode::Preview => None,
    };
    let errors = submission_errors(q, invalid);
    let title = match (&mode, errors.is_empty()) {
        (FormMode::Preview, _) => format!("Voorbeeld: vragenlijst voor {}", group.name),
        (_, true) => "Vragenlijst".to_owned(),
        (_, false) => "Fout: vragenlijst".to_owned(),
    };
    let instructions = html! {
        p { "Kies bij elke stelling het antwoord dat het best past bij wat u zelf heeft gezien of meegemaakt. Kunt u iets niet beoordelen? Kies dan ‘" (CANNOT_JUDGE_LABEL.to_lowercase()) "’." }
        (questions(q, invalid))
        p { "Na het versturen kunt u uw antwoorden niet meer wijzigen." }
    };
    page(
        &PageContext {
            title: &title,
            municipality: Some(&round.municipality),
            house_style: crate::web::views::house_style::links(round.house_style),
        },
        html! {
            (ErrorSummary { errors: &errors })
            @if let FormMode::Preview = mode {
                div.notice.preview-banner role="note" {
                    p { strong { "Voorbeeld: zo ziet de groep " (group.name) " de vragenlijst" } }
                    p { "Dit is alleen een voorbeeld. U kunt hier niets versturen; er worden geen antwoorden opgeslagen." }
                }
            }
            h1 { "Uw ervaringen met burgemeester " (round.mayor_name) }
            p.lead {
                "De klankbordcommissie van de gemeenteraad van " (round.municipality) " bereidt het "
                (round.kind.label()) " met de burgemeester voor. Het gesprek is op " (crate::dutch::date(round.meeting_on))
                ". Uw ervaringen helpen de commissie om een volledig beeld te krijgen."
            }
            p { "U vult deze vragenlijst in als deel van de groep " strong { (group.name) } ". U krijgt alleen vragen die bij deze groep passen. Het invullen duurt ongeveer 10 tot 15 minuten." }
            (promise(round))
            @match mode {
                FormMode::Answer { csrf, .. } => {
                    form method="post" action="/vragenlijst" novalidate {
                        input type="hidden" name="csrf" value=(csrf);
                        (instructions)
                        button.button type="submit" { "Verstuur mijn antwoorden" }
                    }
                }
                FormMode::Preview => {
                    div.preview {
                        (instructions)
                        button.button type="button" disabled { "Verstuur mijn antwoorden" }
                        p.hint { "In het voorbeeld werkt deze knop niet." }
                    }
                }
            }
            section.decline aria-labelledby="gesprek-titel" {
                h2 #gesprek-titel { "Liever een persoonlijk gesprek?" }
                p { "U kunt uw input ook in een gesprek geven in plaats van deze vragenlijst in te vullen. De griffier " (round.clerk_name) " neemt dan contact met u op." }
                @if let FormMode::Answer { .. } = mode {
                    a.button.button--secondary href="/vragenlijst/liever-gesprek" { "Ik geef mijn input liever in een gesprek" }
                } @else {
                    p.hint { "Referenten vinden hier een knop ‘Ik geef mijn input liever in een gesprek’." }
                }
            }
            p { "Vragen? Neem contact op met " (round.clerk_name) ", griffie " (round.municipality) ": " a href={ "mailto:" (round.clerk_email) } { (round.clerk_email) } "." }
        },
    )
}

/// Confirming the choice for a personal conversation.
pub fn decline(ctx: &RespondContext, csrf: &str) -> Markup {
    page(
        &PageContext {
            title: "Liever een persoonlijk gesprek",
            municipality: Some(&ctx.round.municipality),
            house_style: crate::web::views::house_style::links(ctx.round.house_style),
        },
        html! {
            h1 { "Liever een persoonlijk gesprek" }
            p { "U kunt uw ervaringen met burgemeester " (ctx.round.mayor_name) " ook in een persoonlijk gesprek delen in plaats van de vragenlijst in te vullen." }
            ul {
                li { "De griffier " (ctx.round.clerk_name) " ziet dat u liever een gesprek heeft en neemt contact met u op." }
                li { "Er worden geen antwoorden van u opgeslagen." }
                li { "Daarna kunt u de vragenlijst met uw link niet meer invullen." }
            }
            form method="post" action="/vragenlijst/liever-gesprek" {
                input type="hidden" name="csrf" value=(csrf);
                button.button type="submit" { "Ja, ik geef mijn input liever in een gesprek" }
            }
            p { a href="/vragenlijst" { "Terug naar de vragenlijst" } }
        },
    )
}

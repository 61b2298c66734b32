//! The questionnaire in steps: a start page, one page per theme ("Thema 3
//! van 7"), a page to check every answer before the one *Versturen*, the
//! counting error summary, and the page for a session that ran out while
//! posting (what was typed is kept in it).

use std::collections::HashMap;

use maud::{Markup, html};

use crate::domain::answers::{CANNOT_JUDGE_LABEL, FieldError, SCALE_LABELS, ScaleAnswer};
use crate::domain::draft::Draft;
use crate::domain::ids::ItemId;
use crate::domain::questionnaire::{Item, ItemKind, Questionnaire};
use crate::service::respond::RespondContext;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::respond::{
    contact, decline_offer, focus_id, how_to_answer, intro, open_item, scale_item,
};

/// Missing statements linked by name in a summary; the rest are counted.
pub const LINKED_MISSING: usize = 5;

/// What the page shows in its fields: the draft, or what was just posted.
pub type Values = HashMap<ItemId, String>;

/// The draft's answers as field values.
pub fn draft_values(draft: &Draft) -> Values {
    draft
        .scores
        .iter()
        .map(|(i, a)| (*i, a.form_value()))
        .chain(draft.comments.iter().map(|(i, t)| (*i, t.clone())))
        .collect()
}

/// The number (1-based) of the first item of theme `index`.
fn first_number(q: &Questionnaire, index: usize) -> usize {
    q.themes
        .iter()
        .take(index)
        .map(|t| t.items.len())
        .sum::<usize>()
        + 1
}

/// "Thema 3 van 7".
fn step_text(index: usize, count: usize) -> String {
    format!("Thema {} van {}", index + 1, count)
}

/// The address of theme `index`'s page (0-based index, 1-based address).
pub fn theme_path(index: usize) -> String {
    format!("/vragenlijst/thema/{}", index + 1)
}

/// The theme (0-based) an item is on.
fn theme_of(q: &Questionnaire, item: ItemId) -> Option<usize> {
    q.themes
        .iter()
        .position(|t| t.items.iter().any(|i| i.id == item))
}

/// The error summary that counts: "Nog 24 stellingen zonder antwoord" with
/// links to the first few, and every other error on its own line. Links go
/// to the field on this page, or (`across_pages`) to the field on its theme's page.
fn counting_summary(q: &Questionnaire, errors: &[FieldError], across_pages: bool) -> Markup {
    let href = |item: &Item| {
        let anchor = format!("#{}", focus_id(item));
        match theme_of(q, item.id) {
            Some(t) if across_pages => format!("{}{anchor}", theme_path(t)),
            _ => anchor,
        }
    };
    let number = |id: ItemId| q.items().position(|i| i.id == id).map_or(0, |n| n + 1);
    let missing: Vec<&Item> = errors
        .iter()
        .filter(|e| e.missing)
        .filter_map(|e| q.item(e.item))
        .collect();
    let others: Vec<(&Item, &str)> = errors
        .iter()
        .filter(|e| !e.missing)
        .filter_map(|e| q.item(e.item).map(|i| (i, e.message.as_str())))
        .collect();
    if missing.is_empty() && others.is_empty() {
        return html! {};
    }
    let title = match (missing.len(), others.is_empty()) {
        (0, _) => "Er ging iets mis".to_owned(),
        (1, true) => "Nog 1 stelling zonder antwoord".to_owned(),
        (n, true) => format!("Nog {n} stellingen zonder antwoord"),
        (1, false) => "Nog 1 stelling zonder antwoord, en iets anders ging mis".to_owned(),
        (n, false) => format!("Nog {n} stellingen zonder antwoord, en iets anders ging mis"),
    };
    html! {
        div.error-summary #foutmeldingen role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
            h2 #error-summary-title { (title) }
            @if !missing.is_empty() {
                p { "Kies bij elke stelling een antwoord. Kunt u iets niet beoordelen? Kies dan ‘" (CANNOT_JUDGE_LABEL.to_lowercase()) "’." }
            }
            ul.error-summary__list {
                @for (item, message) in &others {
                    li { a href=(href(item)) { (message) } }
                }
                @for item in missing.iter().take(LINKED_MISSING) {
                    li { a href=(href(item)) { "Vraag " (number(item.id)) ": " (shortened(&item.text)) } }
                }
                @if missing.len() > LINKED_MISSING {
                    li.error-summary__more { "en nog " (missing.len() - LINKED_MISSING) " andere" }
                }
            }
        }
    }
}

/// Words of a statement up to about 60 characters, for a summary line that
/// stays short on a phone.
fn shortened(text: &str) -> String {
    const ABOUT: usize = 60;
    if text.chars().count() <= ABOUT {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() > ABOUT {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end_matches([',', '.', ';', ':']))
}

/// How far a theme is: "klaar", "3 van 5 beantwoord" or "nog niet begonnen".
fn theme_status(draft: &Draft, items: &[Item]) -> String {
    let statements = items.iter().filter(|i| i.kind == ItemKind::Scale).count();
    let open = draft.unanswered(items);
    let touched = items.iter().any(|i| draft.has(i.id));
    match (open, touched) {
        (0, true) => "klaar".to_owned(),
        (_, false) => "nog niet begonnen".to_owned(),
        (open, true) => format!(
            "{} van {statements} stellingen beantwoord",
            statements - open
        ),
    }
}

/// `GET /vragenlijst`: the opening, the themes with how far each is, and
/// one button to begin or go on where the referent was.
pub fn start(ctx: &RespondContext, draft: &Draft) -> Markup {
    let q = &ctx.questionnaire;
    let statements = q.items().filter(|i| i.kind == ItemKind::Scale).count();
    let questions = q.items().count() - statements;
    let next = q
        .themes
        .iter()
        .position(|t| draft.unanswered(&t.items) > 0)
        .map_or_else(|| "/vragenlijst/controleren".to_owned(), theme_path);
    let label = if draft.is_empty() {
        "Begin met de vragenlijst"
    } else if next.ends_with("controleren") {
        "Controleer en verstuur"
    } else {
        "Ga verder waar u was"
    };
    page(
        &PageContext::new("Vragenlijst").for_round(&ctx.round),
        html! {
            @if !draft.is_empty() {
                div.notice.form-resume role="note" {
                    p { strong { "U was al begonnen. Uw antwoorden zijn bewaard." } }
                    a.button href=(next) { (label) }
                }
            }
            (intro(&ctx.round, &ctx.group))
            section.form-steps aria-labelledby="stappen-titel" {
                h2 #stappen-titel { "Zo werkt de vragenlijst" }
                p {
                    "De vragenlijst heeft " (q.themes.len()) " thema’s met samen " (statements) " stellingen"
                    @if questions > 0 { " en " (questions) (if questions == 1 { " open vraag" } else { " open vragen" }) }
                    ". U ziet één thema per pagina. Met ‘Opslaan en verder’ worden uw antwoorden bewaard. U kunt stoppen en later met de link uit uw e-mail verder gaan. Aan het eind controleert u alles en verstuurt u de vragenlijst."
                }
                ol.theme-list {
                    @for (i, theme) in q.themes.iter().enumerate() {
                        li.theme-list__item {
                            a href=(theme_path(i)) { (theme.title) }
                            " "
                            span.theme-list__status { "(" (theme_status(draft, &theme.items)) ")" }
                        }
                    }
                }
                a.button href=(next) { (label) }
            }
            (decline_offer(&ctx.round, true))
            (contact(&ctx.round))
        },
    )
}

/// One theme's page. `index` is 0-based; `errors` are this page's own.
pub fn theme_page(
    ctx: &RespondContext,
    index: usize,
    values: &Values,
    errors: &[FieldError],
    csrf: &str,
) -> Markup {
    let q = &ctx.questionnaire;
    let Some(theme) = q.themes.get(index) else {
        return html! {};
    };
    let count = q.themes.len();
    let step = step_text(index, count);
    let title = if errors.is_empty() {
        format!("{step}: {}", theme.title)
    } else {
        format!("Fout: {step}: {}", theme.title)
    };
    let value = |item: &Item| values.get(&item.id).map(String::as_str);
    let error = |item: &Item| {
        errors
            .iter()
            .find(|e| e.item == item.id)
            .map(|e| e.message.as_str())
    };
    let mut n = first_number(q, index) - 1;
    page(
        &PageContext::new(&title).for_round(&ctx.round),
        html! {
            (counting_summary(q, errors, false))
            form.form-step method="post" action=(theme_path(index)) novalidate {
                input type="hidden" name="csrf" value=(csrf);
                div.form-step__progress {
                    p.form-step__count #stap { (step) }
                    progress.form-step__bar max=(count) value=(index + 1) aria-hidden="true" { (step) }
                }
                h1.form-step__title aria-describedby="stap" { (theme.title) }
                @if !theme.intro.is_empty() { p.theme__intro { (theme.intro) } }
                (how_to_answer())
                @for item in &theme.items {
                    ({ n += 1; match item.kind {
                        ItemKind::Scale => scale_item(n, item, value(item), error(item)),
                        ItemKind::Open { max_chars } => open_item(n, item, max_chars, value(item), error(item)),
                    } })
                }
                div.form-actions {
                    button.button type="submit" name="actie" value="verder" { "Opslaan en verder" }
                    button.button.button--secondary type="submit" name="actie" value="vorige" { "Vorige" }
                }
                p.hint { "Uw antwoorden worden bewaard als u een van deze knoppen kiest. U kunt daarna stoppen en later met de link uit uw e-mail verder gaan." }
            }
        },
    )
}

/// The answer as the referent chose it, in words.
fn answer_text(item: &Item, value: Option<&str>) -> Markup {
    match (item.kind, value.filter(|v| !v.is_empty())) {
        (ItemKind::Scale, Some(v)) => match ScaleAnswer::from_form(v) {
            Some(ScaleAnswer::Score(s)) => html! {
                (SCALE_LABELS.get(usize::from(s.get()) - 1).copied().unwrap_or(""))
            },
            Some(ScaleAnswer::CannotJudge) => html! { (CANNOT_JUDGE_LABEL) },
            None => html! { strong.check-list__missing { "Geen geldig antwoord" } },
        },
        (ItemKind::Scale, None) => html! { strong.check-list__missing { "Nog geen antwoord" } },
        (ItemKind::Open { .. }, Some(text)) => html! { span.check-list__text { (text) } },
        (ItemKind::Open { .. }, None) => {
            html! { span.check-list__empty { "Niet ingevuld (niet verplicht)" } }
        }
    }
}

/// `GET /vragenlijst/controleren`: every answer, a change link per theme,
/// and the one *Versturen*. `errors` are those of the whole form.
pub fn check_page(
    ctx: &RespondContext,
    values: &Values,
    errors: &[FieldError],
    csrf: &str,
) -> Markup {
    let q = &ctx.questionnaire;
    let title = if errors.is_empty() {
        "Controleer uw antwoorden"
    } else {
        "Fout: controleer uw antwoorden"
    };
    let mut n = 0;
    page(
        &PageContext::new(title).for_round(&ctx.round),
        html! {
            (counting_summary(q, errors, true))
            p.form-step__count { "Laatste stap" }
            h1 { "Controleer uw antwoorden" }
            p { "Kijk of alles klopt. Wilt u iets veranderen? Kies dan ‘Wijzig’ bij het thema. Na het versturen kunt u uw antwoorden niet meer wijzigen." }
            @for (i, theme) in q.themes.iter().enumerate() {
                section.check-theme aria-labelledby=(format!("thema-{}", i + 1)) {
                    div.check-theme__head {
                        h2 #(format!("thema-{}", i + 1)) { (theme.title) }
                        a.check-theme__change href=(theme_path(i)) {
                            "Wijzig" span.visually-hidden { " uw antwoorden bij " (theme.title) }
                        }
                    }
                    dl.check-list {
                        @for item in &theme.items {
                            ({ n += 1; html! {
                                div.check-list__row {
                                    dt { span.item-number { (n) ". " } (item.text) }
                                    dd { (answer_text(item, values.get(&item.id).map(String::as_str))) }
                                }
                            } })
                        }
                    }
                }
            }
            form method="post" action="/vragenlijst" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                button.button type="submit" { "Versturen" }
            }
            p { a href=(theme_path(q.themes.len().saturating_sub(1))) { "Terug naar het laatste thema" } }
        },
    )
}

/// Where a referent goes on after giving their link again.
pub const RESUME_FIELD_THEME: &str = "thema";
/// The field that holds the pasted link.
pub const RESUME_FIELD_LINK: &str = "link";

/// The page for a post whose session ran out (or whose form was made for
/// another session): what was typed goes back into hidden fields; the
/// referent pastes their link and nothing is lost. `theme` is the page they
/// were on (1-based; none for the check page).
pub fn expired(fields: &[(String, String)], theme: Option<usize>, problem: Option<&str>) -> Markup {
    let answers: Vec<&(String, String)> = fields
        .iter()
        .filter(|(k, v)| k.starts_with("v-") && !v.trim().is_empty())
        .collect();
    let texts: Vec<&str> = answers
        .iter()
        .map(|(_, v)| v.as_str())
        .filter(|v| ScaleAnswer::from_form(v).is_none())
        .collect();
    let title = if problem.is_some() {
        "Fout: uw sessie is verlopen"
    } else {
        "Uw sessie is verlopen"
    };
    page(
        &PageContext::new(title),
        html! {
            @if let Some(p) = problem {
                div.error-summary #foutmeldingen role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                    h2 #error-summary-title { "Er ging iets mis" }
                    ul.error-summary__list { li { a href=(format!("#{RESUME_FIELD_LINK}")) { (p) } } }
                }
            }
            h1 { "Uw sessie is verlopen" }
            p { "De vragenlijst blijft twee uur open nadat u uw link heeft geopend. Die tijd is voorbij, of u heeft de vragenlijst intussen in een ander venster geopend. Daarom weet Klankbord niet meer welke vragenlijst van u is." }
            @if answers.is_empty() {
                p { "Op deze pagina had u nog niets ingevuld. Wat u eerder met ‘Opslaan en verder’ bewaarde, is niet verloren." }
            } @else {
                p { strong { "Uw " (answers.len()) (if answers.len() == 1 { " antwoord" } else { " antwoorden" }) " van deze pagina zijn niet verloren." } " Ze zijn nog niet bewaard: dat gebeurt als u hieronder uw link invult." }
            }
            form method="post" action="/vragenlijst/hervatten" novalidate {
                @if let Some(t) = theme {
                    input type="hidden" name=(RESUME_FIELD_THEME) value=(t);
                }
                @for (name, value) in &answers {
                    input type="hidden" name=(name) value=(value);
                }
                div.form-group.form-group--error[problem.is_some()] {
                    label.question for=(RESUME_FIELD_LINK) { "Uw persoonlijke link uit de e-mail" }
                    p.hint #link-hint { "Kopieer de link uit de uitnodiging (of de herinnering) en plak die hier. De link begint met https:// en bevat /r/." }
                    input.text-input #(RESUME_FIELD_LINK) type="text" name=(RESUME_FIELD_LINK) autocomplete="off" spellcheck="false" aria-describedby="link-hint";
                }
                button.button type="submit" { "Bewaar en ga verder" }
            }
            @if !texts.is_empty() {
                section.kept-texts aria-labelledby="teksten-titel" {
                    h2 #teksten-titel { "Wat u op deze pagina schreef" }
                    p { "Voor de zekerheid: u kunt deze tekst ook kopiëren." }
                    @for t in &texts { blockquote.kept-texts__text { (t) } }
                }
            }
            p { "U kunt ook de link uit uw e-mail opnieuw openen. U gaat dan verder met wat u eerder bewaarde; de antwoorden van deze pagina vult u dan opnieuw in." }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_statement_is_cut_at_a_word_and_a_short_one_kept() {
        assert_eq!(shortened("Kort."), "Kort.");
        let long = "De burgemeester steunt inwoners na ingrijpende gebeurtenissen, zoals een ramp of een zwaar ongeluk.";
        let cut = shortened(long);
        assert!(cut.ends_with('…') && cut.chars().count() <= 61, "{cut}");
        assert!(long.starts_with(cut.trim_end_matches('…')));
    }
}

//! Reviewing the published comments of a round: the delegation and the
//! griffier redact a comment that makes someone recognisable, after a
//! confirmation (the original text is gone afterwards).

use maud::{Markup, html};

use crate::service::redaction::{CommentRef, CommentReview, MAX_REPLACEMENT, REDACTED};
use crate::service::round_info::RoundInfo;
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, round_page_trail};

/// The choice in a redact form: the standard text, or the person's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Replacement {
    Standard,
    Own(String),
}

impl Replacement {
    /// The text the comment will have.
    pub fn text(&self) -> &str {
        match self {
            Replacement::Standard => REDACTED,
            Replacement::Own(t) => t,
        }
    }
}

fn base(info: &RoundInfo) -> String {
    format!("/mijn/rondes/{}/toelichtingen", info.id)
}

fn action(info: &RoundInfo, at: CommentRef) -> String {
    format!("{}/{}/{}", base(info), at.question, at.comment)
}

fn field_id(at: CommentRef, what: &str) -> String {
    format!("{what}-{}-{}", at.question, at.comment)
}

/// The form to redact one comment, the own text filled with `own`.
fn redact_form(
    info: &RoundInfo,
    at: CommentRef,
    own: &str,
    own_chosen: bool,
    error: Option<&str>,
    csrf: &str,
) -> Markup {
    let (standard, eigen, text) = (
        field_id(at, "standaard"),
        field_id(at, "eigen"),
        field_id(at, "tekst"),
    );
    html! {
        form.redact-form method="post" action=(action(info, at)) novalidate {
            input type="hidden" name="csrf" value=(csrf);
            fieldset.form-group.form-group--error[error.is_some()] {
                legend { "Waarmee vervangt u deze toelichting?" }
                @if let Some(e) = error { p.field-error { span.visually-hidden { "Fout: " } (e) } }
                div.choice {
                    input type="radio" name="keuze" id=(standard) value="standaard" checked[!own_chosen];
                    label for=(standard) { "De standaardtekst: ‘" (REDACTED) "’" }
                }
                div.choice {
                    input type="radio" name="keuze" id=(eigen) value="eigen" checked[own_chosen];
                    label for=(eigen) { "Deze tekst, met het herkenbare deel eruit:" }
                }
                label.visually-hidden for=(text) { "Vervangende tekst" }
                textarea id=(text) name="vervanging" rows="4" maxlength=(MAX_REPLACEMENT) { (own) }
            }
            button.button.button--secondary type="submit" { "Weglakken…" }
        }
    }
}

/// The list of published comments, each with its redact form.
pub fn review_page(
    nav: &StaffNav,
    review: &CommentReview,
    csrf: &str,
    notice: Option<&str>,
) -> Markup {
    let info = &review.info;
    page(
        &PageContext::new("Toelichtingen nakijken")
            .for_round(info)
            .staff(
                nav,
                round_page_trail(nav, info, "Toelichtingen", "toelichtingen"),
            ),
        html! {
            @if let Some(n) = notice { div.notice role="status" { p { (n) } } }
            nav.page-actions aria-label="Terug" {
                ul.page-actions__list { li { a href={ "/mijn/rondes/" (info.id) "/uitkomsten" } { "← Terug naar de uitkomsten" } } }
            }
            h1 { "Toelichtingen nakijken" }
            p.lead { "De klankbordcommissie en de griffier lezen de toelichtingen na. Maakt een toelichting iemand herkenbaar, dan vervangt u die door de standaardtekst, of door dezelfde tekst zonder het herkenbare deel." }
            p { "Weglakken kan niet ongedaan worden gemaakt: de oorspronkelijke tekst is daarna weg, ook voor u. De cijfers veranderen niet. In het logboek komt dat er een toelichting is weggelakt, niet wat er stond." }
            @if review.questions.iter().all(|q| q.2.is_empty()) {
                p { "Er zijn geen toelichtingen gepubliceerd." }
            }
            @for (q, question, list) in &review.questions {
                section.review-question aria-labelledby={ "vraag-" (q) } {
                    h2 id={ "vraag-" (q) } { "Open vraag " (q) ": " (question) }
                    @if list.is_empty() { p { "Geen toelichtingen." } }
                    ol.review-list {
                        @for (c, text) in list {
                            @let at = CommentRef { question: *q, comment: *c };
                            li.review-item {
                                blockquote.review-item__text { (text) }
                                @if text == REDACTED {
                                    p.small { "Al weggelakt." }
                                } @else {
                                    details {
                                        summary { "Weglakken…" span.visually-hidden { " (toelichting " (c) ")" } }
                                        (redact_form(info, at, text, false, None, csrf))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// One published comment on its page: where it is, under which open
/// question, and its text now.
pub struct CommentAt<'a> {
    pub info: &'a RoundInfo,
    pub at: CommentRef,
    pub question: &'a str,
    pub original: &'a str,
}

/// The form again after a mistake (an empty or unchanged own text).
pub fn form_again(nav: &StaffNav, c: &CommentAt<'_>, own: &str, error: &str, csrf: &str) -> Markup {
    let CommentAt {
        info,
        at,
        question,
        original,
    } = *c;
    let errors = vec![(field_id(at, "tekst"), error.to_owned())];
    page(
        &PageContext::new("Toelichting weglakken")
            .for_round(info)
            .staff(
                nav,
                round_page_trail(nav, info, "Toelichtingen", "toelichtingen"),
            ),
        html! {
            (ErrorSummary { errors: &errors })
            h1 { "Toelichting weglakken" }
            p { "Bij de open vraag ‘" (question) "’ staat nu:" }
            blockquote.review-item__text { (original) }
            (redact_form(info, at, own, true, Some(error), csrf))
            p { a href=(base(info)) { "Terug naar de toelichtingen" } }
        },
    )
}

/// Asks before redacting: what is there now, what it becomes, and that
/// the original is gone afterwards.
pub fn confirm_page(
    nav: &StaffNav,
    c: &CommentAt<'_>,
    replacement: &Replacement,
    csrf: &str,
) -> Markup {
    let CommentAt {
        info,
        at,
        question,
        original,
    } = *c;
    page(
        &PageContext::new("Toelichting weglakken: weet u het zeker?")
            .for_round(info)
            .staff(
                nav,
                round_page_trail(nav, info, "Toelichtingen", "toelichtingen"),
            ),
        html! {
            h1 { "Weet u zeker dat u deze toelichting weglakt?" }
            p.lead { "De oorspronkelijke tekst is daarna voorgoed weg. Niemand kan hem terughalen, ook de griffier niet." }
            dl.before-after {
                dt { "Open vraag" }
                dd { (question) }
                dt { "Nu" }
                dd { blockquote.review-item__text { (original) } }
                dt { "Wordt" }
                dd { blockquote.review-item__text { (replacement.text()) } }
            }
            form method="post" action=(action(info, at)) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="bevestigd" value="ja";
                @match replacement {
                    Replacement::Standard => { input type="hidden" name="keuze" value="standaard"; },
                    Replacement::Own(t) => {
                        input type="hidden" name="keuze" value="eigen";
                        input type="hidden" name="vervanging" value=(t);
                    },
                }
                button.button type="submit" { "Ja, weglakken" }
            }
            p { a href=(base(info)) { "Nee, terug naar de toelichtingen" } }
        },
    )
}

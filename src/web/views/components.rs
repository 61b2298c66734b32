//! Small reusable pieces of markup shared by the views.

use maud::{Markup, Render, html};

/// The summary of form errors shown at the top of a page after a failed
/// submission. Each error links to the field it is about.
pub struct ErrorSummary<'a> {
    /// Pairs of (id of the field to link to, Dutch message).
    pub errors: &'a [(String, String)],
}

impl Render for ErrorSummary<'_> {
    fn render(&self) -> Markup {
        html! {
            @if !self.errors.is_empty() {
                div.error-summary #foutmeldingen role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                    h2 #error-summary-title { "Er ging iets mis" }
                    ul.error-summary__list {
                        @for (field, message) in self.errors {
                            li { a href={ "#" (field) } { (message) } }
                        }
                    }
                }
            }
        }
    }
}

/// A calm information box with a heading.
pub fn notice(title: &str, body: Markup) -> Markup {
    html! {
        section.notice {
            h2.notice__title { (title) }
            (body)
        }
    }
}

/// The body of a simple page (thank-you, link expired, not found): a heading
/// and some paragraphs.
pub fn message_page_body(heading: &str, paragraphs: &[&str]) -> Markup {
    html! {
        h1 { (heading) }
        @for p in paragraphs {
            p { (p) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_summary_renders_nothing_when_empty() {
        let errors: Vec<(String, String)> = Vec::new();
        assert_eq!(ErrorSummary { errors: &errors }.render().into_string(), "");
    }

    #[test]
    fn error_summary_lists_links_to_fields() {
        let errors = vec![
            (
                "vraag-1-1".to_owned(),
                "Vraag 1: kies een antwoord.".to_owned(),
            ),
            (
                "vraag-7".to_owned(),
                "Vraag 7: de toelichting is te lang.".to_owned(),
            ),
        ];
        let out = ErrorSummary { errors: &errors }.render().into_string();
        assert!(out.contains(r#"class="error-summary""#));
        assert!(out.contains(r#"id="foutmeldingen""#));
        assert!(out.contains(r#"role="alert""#));
        assert!(out.contains(r#"aria-labelledby="error-summary-title""#));
        assert!(out.contains(r#"tabindex="-1""#));
        assert!(out.contains(r#"<h2 id="error-summary-title">Er ging iets mis</h2>"#));
        assert!(out.contains(r##"<a href="#vraag-1-1">Vraag 1: kies een antwoord.</a>"##));
        assert!(out.contains(r##"<a href="#vraag-7">Vraag 7: de toelichting is te lang.</a>"##));
        assert_eq!(out.matches("<li>").count(), 2);
    }

    #[test]
    fn error_summary_escapes_messages_and_ids() {
        let errors = vec![("a\"b".to_owned(), "<script>".to_owned())];
        let out = ErrorSummary { errors: &errors }.render().into_string();
        assert!(!out.contains("<script>"));
        assert!(out.contains("&lt;script&gt;"));
        assert!(out.contains(r##"href="#a&quot;b""##));
    }

    #[test]
    fn error_summary_can_be_spliced_into_html() {
        let errors = vec![("veld".to_owned(), "Fout".to_owned())];
        let out = html! { (ErrorSummary { errors: &errors }) h1 { "Kop" } }.into_string();
        assert!(out.starts_with("<div class=\"error-summary\""));
        assert!(out.ends_with("<h1>Kop</h1>"));
    }

    #[test]
    fn notice_has_section_heading_and_body() {
        let out = notice(
            "Goed om te weten",
            html! { p { "Uw antwoorden zijn anoniem." } },
        )
        .into_string();
        assert!(out.starts_with(r#"<section class="notice">"#));
        assert!(out.contains(">Goed om te weten</h2>"));
        assert!(out.contains("<p>Uw antwoorden zijn anoniem.</p>"));
        assert!(out.ends_with("</section>"));
    }

    #[test]
    fn notice_escapes_title() {
        let out = notice("A & B", html! {}).into_string();
        assert!(out.contains("A &amp; B"));
    }

    #[test]
    fn message_page_body_has_heading_and_paragraphs() {
        let out = message_page_body(
            "Bedankt",
            &[
                "Uw antwoorden zijn opgeslagen.",
                "U kunt dit venster sluiten.",
            ],
        )
        .into_string();
        assert_eq!(
            out,
            "<h1>Bedankt</h1><p>Uw antwoorden zijn opgeslagen.</p><p>U kunt dit venster sluiten.</p>"
        );
    }

    #[test]
    fn message_page_body_without_paragraphs() {
        assert_eq!(
            message_page_body("Niet gevonden", &[]).into_string(),
            "<h1>Niet gevonden</h1>"
        );
    }

    #[test]
    fn components_have_no_inline_style_or_script() {
        let errors = vec![("veld".to_owned(), "Fout".to_owned())];
        for out in [
            ErrorSummary { errors: &errors }.render().into_string(),
            notice("Titel", html! { p { "Tekst" } }).into_string(),
            message_page_body("Kop", &["Tekst"]).into_string(),
        ] {
            assert!(!out.contains("style="));
            assert!(!out.contains("<script"));
        }
    }
}

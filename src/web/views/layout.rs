//! The page shell every HTML page is rendered in: document head, skip link,
//! header, main landmark and footer.
//!
//! The shell contains no inline style or script, so it works under the strict
//! Content-Security-Policy (`default-src 'none'; style-src 'self'; ...`). All
//! presentation lives in `/assets/style.css`.

use maud::{DOCTYPE, Markup, html};

use crate::web::views::house_style::{self, HouseStyleLinks};

/// What the shell needs to know about the page being rendered.
pub struct PageContext<'a> {
    /// The page title, without the product name (that is appended).
    pub title: &'a str,
    /// The municipality the page is about, stored without the word "Gemeente".
    pub municipality: Option<&'a str>,
    /// The municipality's own look (`views::house_style::links`), if any.
    pub house_style: Option<HouseStyleLinks>,
}

impl PageContext<'_> {
    /// The text of the `<title>` element.
    fn document_title(&self) -> String {
        match self.municipality {
            Some(m) => format!("{} – Klankbord {m}", self.title),
            None => format!("{} – Klankbord", self.title),
        }
    }
}

/// Renders a complete HTML document with `body` inside the main landmark.
pub fn page(ctx: &PageContext, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (ctx.document_title()) }
                link rel="stylesheet" href="/assets/style.css";
                (house_style::stylesheet(ctx.house_style.as_ref()))
            }
            body {
                a.skip-link href="#inhoud" { "Naar de inhoud" }
                header.site-header {
                    div.site-header__inner {
                        (house_style::header_logo(ctx.house_style.as_ref()))
                        p.site-header__product { "Klankbord" }
                        @if let Some(m) = ctx.municipality {
                            p.site-header__municipality { "Gemeente " (m) }
                        }
                    }
                }
                main #inhoud tabindex="-1" {
                    (body)
                }
                footer.site-footer {
                    div.site-footer__inner {
                        p { "Klankbord – vertrouwelijke input voor het klankbordgesprek tussen gemeenteraad en burgemeester." }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(municipality: Option<&str>) -> String {
        page(
            &PageContext {
                title: "Vragenlijst",
                municipality,
                house_style: None,
            },
            html! { h1 { "Kop" } p { "Tekst" } },
        )
        .into_string()
    }

    #[test]
    fn starts_with_doctype_and_dutch_language() {
        let out = render(None);
        assert!(out.starts_with("<!DOCTYPE html>"));
        assert!(out.contains(r#"<html lang="nl">"#));
        assert!(out.contains(r#"<meta charset="utf-8">"#));
        assert!(out.contains(r#"name="viewport""#));
    }

    #[test]
    fn links_the_stylesheet() {
        assert!(render(None).contains(r#"<link rel="stylesheet" href="/assets/style.css">"#));
    }

    #[test]
    fn has_a_skip_link_to_the_main_content() {
        let out = render(None);
        assert!(out.contains(r##"<a class="skip-link" href="#inhoud">Naar de inhoud</a>"##));
        assert!(out.contains(r#"<main id="inhoud" tabindex="-1">"#));
        // The skip link comes before the header, so it is the first thing to tab to.
        let skip = out.find("skip-link").unwrap_or(usize::MAX);
        let header = out.find("<header").unwrap_or(0);
        assert!(skip < header);
    }

    #[test]
    fn title_without_municipality() {
        assert!(render(None).contains("<title>Vragenlijst – Klankbord</title>"));
    }

    #[test]
    fn title_and_header_with_municipality() {
        let out = render(Some("Utrecht"));
        assert!(out.contains("<title>Vragenlijst – Klankbord Utrecht</title>"));
        assert!(out.contains("Gemeente Utrecht"));
        assert!(!out.contains("Gemeente Gemeente"));
    }

    #[test]
    fn no_municipality_line_without_municipality() {
        let out = render(None);
        assert!(!out.contains("Gemeente "));
        assert!(out.contains(r#"<header class="site-header">"#));
        assert!(out.contains("Klankbord"));
    }

    #[test]
    fn body_is_inside_main_and_footer_present() {
        let out = render(None);
        let main_start = out.find("<main").unwrap_or(usize::MAX);
        let body = out.find("<h1>Kop</h1>").unwrap_or(0);
        let main_end = out.find("</main>").unwrap_or(0);
        assert!(main_start < body && body < main_end);
        assert!(out.contains("Klankbord – vertrouwelijke input voor het klankbordgesprek tussen gemeenteraad en burgemeester."));
    }

    #[test]
    fn escapes_title_and_municipality() {
        let out = page(
            &PageContext {
                title: "<b>x</b>",
                municipality: Some("A&B"),
                house_style: None,
            },
            html! {},
        )
        .into_string();
        assert!(!out.contains("<b>x</b>"));
        assert!(out.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(out.contains("A&amp;B"));
    }

    #[test]
    fn no_inline_style_or_script() {
        for out in [render(None), render(Some("Utrecht"))] {
            assert!(!out.contains("style="));
            assert!(!out.contains("<style"));
            assert!(!out.contains("<script"));
        }
    }
}

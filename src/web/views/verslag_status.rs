//! The verslag's state and next step where a round is shown: a section on
//! the griffier's round page and a line on the `/mijn` cards.

use maud::{Markup, html};

use crate::service::verslag_status::VerslagStatus;

/// The section "Verslag" of the griffier's round page.
pub fn round_section(s: &VerslagStatus) -> Markup {
    html! {
        section.round-section.verslag-status aria-labelledby="verslag-stand" {
            h2 #verslag-stand { "Verslag" }
            p.verslag__state { "Stand: " strong { (s.state_text()) } }
            p { (s.next) }
            @if let Some((label, href)) = &s.action {
                p { a.button.(if s.due { "" } else { "button--secondary" }) href=(href) { (label) } }
            }
        }
    }
}

/// The verslag's state as a fact of a round card (inside its `dl`).
pub fn card_fact(s: &VerslagStatus) -> Markup {
    html! {
        dt { "Verslag" }
        dd { (s.state_text()) }
    }
}

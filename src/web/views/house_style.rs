//! A municipality's own look (*huisstijl*): the links every page of the
//! municipality carries (its design tokens after `style.css`, its logo in
//! the header). The griffier's page is `house_style_page`.

use maud::{Markup, html};

use crate::domain::house_style::HouseStyleStamp;

/// The addresses of a municipality's look, with its version so a change
/// is fetched at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseStyleLinks {
    pub css: Option<String>,
    pub logo: Option<String>,
}

/// The links for a page of the municipality (`None` without a look).
pub fn links(stamp: Option<HouseStyleStamp>) -> Option<HouseStyleLinks> {
    let s = stamp?;
    let at = |what: &str| format!("/gemeenten/{}/{what}?v={}", s.municipality, s.version);
    Some(HouseStyleLinks {
        css: s.has_tokens.then(|| at("thema.css")),
        logo: s.has_logo.then(|| at("logo")),
    })
}

/// In the head, after `style.css`: the municipality's tokens.
pub fn stylesheet(links: Option<&HouseStyleLinks>) -> Markup {
    html! {
        @if let Some(css) = links.and_then(|l| l.css.as_deref()) {
            link rel="stylesheet" href=(css);
        }
    }
}

/// In the header: the municipality's logo (decorative: the name is
/// written next to it).
pub fn header_logo(links: Option<&HouseStyleLinks>) -> Markup {
    html! {
        @if let Some(logo) = links.and_then(|l| l.logo.as_deref()) {
            img.site-header__logo src=(logo) alt="";
        }
    }
}

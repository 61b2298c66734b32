//! The griffier's page of the municipality's own look (*huisstijl*): upload
//! and remove the logo and the design tokens.

use maud::{Markup, html};

use crate::domain::design_tokens::{MAX_DECLARATIONS, MAX_TOKENS_BYTES};
use crate::domain::ids::MunicipalityId;
use crate::domain::logo::{MAX_LOGO_BYTES, MAX_LOGO_SIDE};
use crate::service::house_style::HouseStyleOverview;
use crate::web::views::components::ErrorSummary;
use crate::web::views::house_style::links;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, municipality_trail};

pub struct HouseStylePage<'a> {
    pub nav: &'a StaffNav<'a>,
    pub municipality: MunicipalityId,
    pub base: &'a str,
    pub overview: &'a HouseStyleOverview,
    pub csrf: &'a str,
    /// (field id, message): `logo` or `ontwerptokens`.
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

fn file_field(
    id: &str,
    label: &str,
    hint: Markup,
    accept: &str,
    errors: &[(String, String)],
) -> Markup {
    let mine: Vec<&str> = errors
        .iter()
        .filter(|(f, _)| f == id)
        .map(|(_, m)| m.as_str())
        .collect();
    let hint_id = format!("{id}-uitleg");
    html! {
        div.form-group.form-group--error[!mine.is_empty()] {
            label.question for=(id) { (label) }
            p.hint id=(hint_id) { (hint) }
            @for e in &mine { p.field-error { span.visually-hidden { "Fout: " } (e) } }
            input id=(id) type="file" name="bestand" accept=(accept) aria-describedby=(hint_id);
        }
    }
}

pub fn house_style_page(p: &HouseStylePage<'_>) -> Markup {
    let o = p.overview;
    let stamp = o.stamp;
    let links = links(stamp);
    page(
        &PageContext::new("Huisstijl")
            .in_municipality(p.municipality, &o.municipality)
            .with_house_style(stamp)
            .staff(
                p.nav,
                municipality_trail(p.municipality, "Huisstijl", "huisstijl"),
            ),
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Huisstijl van de gemeente " (o.municipality) }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            p.lead { "Met een logo en de ontwerptokens van de gemeente krijgen alle pagina’s van " (o.municipality) " in Klankbord de eigen huisstijl: de pagina’s voor de griffie, de commissie en de burgemeester, en de vragenlijst voor referenten." }
            h2 { "Logo" }
            @if let Some(logo) = links.as_ref().and_then(|l| l.logo.as_deref()) {
                p { "Dit logo staat nu bovenaan elke pagina:" }
                p { img.house-style__logo-preview src=(logo) alt={ "Het huidige logo van " (o.municipality) }; }
                form.inline method="post" action={ (p.base) "/logo/verwijderen" } {
                    input type="hidden" name="csrf" value=(p.csrf);
                    button.button.button--secondary type="submit" { "Logo verwijderen" }
                }
            } @else {
                p { "Er is nog geen logo." }
            }
            form method="post" action={ (p.base) "/logo" } enctype="multipart/form-data" novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                (file_field("logo", "Logo (PNG of JPEG)", html! {
                    "Een PNG- of JPEG-bestand van hoogstens " (MAX_LOGO_BYTES / 1024) " KiB en " (MAX_LOGO_SIDE) " × " (MAX_LOGO_SIDE)
                    " pixels, het liefst op een witte of doorzichtige achtergrond. Klankbord controleert het bestand en slaat alleen de afbeelding op (geen andere gegevens uit het bestand)."
                }, "image/png,image/jpeg", p.errors))
                button.button type="submit" { @if stamp.is_some_and(|s| s.has_logo) { "Logo vervangen" } @else { "Logo plaatsen" } }
            }
            h2 { "Ontwerptokens" }
            @if stamp.is_some_and(|s| s.has_tokens) {
                p { "Er zijn " (o.tokens) " ontwerptokens geplaatst." }
                form.inline method="post" action={ (p.base) "/ontwerptokens/verwijderen" } {
                    input type="hidden" name="csrf" value=(p.csrf);
                    button.button.button--secondary type="submit" { "Ontwerptokens verwijderen" }
                }
            } @else {
                p { "Er zijn nog geen ontwerptokens: Klankbord gebruikt zijn eigen kleuren en lettertype." }
            }
            p { "Gemeenten die het NL Design System gebruiken, publiceren hun ontwerptokens als CSS-bestand, bijvoorbeeld " code { "theme.css" } " of " code { "root.css" } " uit het pakket met de design tokens. Klankbord leest daaruit alleen de tokens (regels als " code { "--utrecht-link-color: #24578f;" } "), geen andere CSS." }
            form method="post" action={ (p.base) "/ontwerptokens" } enctype="multipart/form-data" novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                (file_field("ontwerptokens", "CSS-bestand met ontwerptokens", html! {
                    "Hoogstens " (MAX_TOKENS_BYTES / 1024) " KiB en " (MAX_DECLARATIONS) " tokens. Toegestaan: tokens los of binnen "
                    code { ":root { … }" } " of één klasse zoals " code { ".utrecht-theme { … }" }
                    ", met gewone waarden (kleuren, maten, lettertypen, var() en calc()). Niet toegestaan: url(), @import en andere @-regels, andere selectors. Klopt er iets niet, dan ziet u op welke regel en wordt er niets opgeslagen."
                }, ".css,text/css", p.errors))
                button.button type="submit" { @if stamp.is_some_and(|s| s.has_tokens) { "Ontwerptokens vervangen" } @else { "Ontwerptokens plaatsen" } }
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

//! The platform admin's page: the municipalities (no round content) and a
//! new municipality with its first griffier.

use maud::{Markup, html};

use crate::domain::email::MAX_EMAIL_LEN;
use crate::domain::text::{PersonName, PlaceName};
use crate::service::admin::MunicipalityOverview;
use crate::web::views::components::ErrorSummary;
use crate::web::views::fields::{TextField, text_field};
use crate::web::views::layout::{PageContext, page};

/// What was typed into the form (kept on errors).
#[derive(Default)]
pub struct MunicipalityForm {
    pub name: String,
    pub clerk_name: String,
    pub clerk_email: String,
}

pub struct AdminPage<'a> {
    pub municipalities: &'a [MunicipalityOverview],
    pub csrf: &'a str,
    pub form: &'a MunicipalityForm,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

pub fn admin_page(p: &AdminPage<'_>) -> Markup {
    page(
        &PageContext {
            title: "Beheer",
            municipality: None,
            house_style: None,
        },
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Beheer van het platform" }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            p.lead { "U maakt gemeenten aan met hun eerste griffier. De griffier zet daarna zelf de rondes en de mensen klaar. Inhoud van rondes ziet u niet." }
            h2 { "Gemeenten (" (p.municipalities.len()) ")" }
            @if p.municipalities.is_empty() {
                p { "Er zijn nog geen gemeenten." }
            } @else {
                div.table-scroll tabindex="0" { table.data {
                    caption { "Gemeenten op het platform" }
                    thead { tr { th scope="col" { "Gemeente" } th scope="col" { "Griffier" } th scope="col" { "E-mail griffier" } th scope="col" { "Rondes" } } }
                    tbody {
                        @for m in p.municipalities {
                            tr { th scope="row" { (m.name) } td { (m.clerk_name) } td { (m.clerk_email) } td { (m.rounds) } }
                        }
                    }
                } }
            }
            h2 { "Nieuwe gemeente" }
            p { "De griffier krijgt een account en de rol griffier in de nieuwe gemeente. Daarna meldt de griffier zich aan op " a href="/aanmelden" { "/aanmelden" } " met dit e-mailadres." }
            form method="post" action="/beheer/gemeenten" novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                (text_field(&TextField { id: "gemeente-naam", name: "naam", label: "Naam van de gemeente (zonder het woord ‘Gemeente’)", kind: "text", value: &p.form.name, autocomplete: "off", max: PlaceName::MAX_CHARS }, p.errors))
                (text_field(&TextField { id: "griffier-naam", name: "griffier_naam", label: "Naam van de griffier", kind: "text", value: &p.form.clerk_name, autocomplete: "off", max: PersonName::MAX_CHARS }, p.errors))
                (text_field(&TextField { id: "griffier-email", name: "griffier_email", label: "E-mailadres van de griffier", kind: "email", value: &p.form.clerk_email, autocomplete: "off", max: MAX_EMAIL_LEN }, p.errors))
                button.button type="submit" { "Gemeente aanmaken" }
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

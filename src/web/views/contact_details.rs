//! The griffier's form for the municipality's contact details, shown on its
//! contact page and in its privacyverklaring.

use maud::{Markup, html};

use crate::domain::contact::{ContactForm, MAX_PHONE_LEN};
use crate::domain::email::MAX_EMAIL_LEN;
use crate::domain::ids::MunicipalityId;
use crate::service::contact_details::StoredContacts;
use crate::web::views::components::ErrorSummary;
use crate::web::views::fields::{TextField, text_field};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, municipality_trail};

pub struct ContactDetailsPage<'a> {
    pub municipality: MunicipalityId,
    pub stored: &'a StoredContacts,
    /// What was typed (kept on errors), else what is stored.
    pub form: &'a ContactForm,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

pub fn contact_details_page(nav: &StaffNav, p: &ContactDetailsPage<'_>) -> Markup {
    let m = p.municipality;
    let title = if p.errors.is_empty() {
        "Contact en privacy"
    } else {
        "Fout: contact en privacy"
    };
    page(
        &PageContext::new(title)
            .in_municipality(m, &p.stored.name)
            .staff(
                nav,
                municipality_trail(m, "Contact en privacy", "instellingen"),
            ),
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Contact en privacy" }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            p.lead { "Deze gegevens staan op de " a href={ "/gemeenten/" (m) "/contact" } { "contactpagina" } " en in de " a href={ "/gemeenten/" (m) "/privacyverklaring" } { "privacyverklaring" } " van de gemeente " (p.stored.name) ". Referenten en medewerkers lezen daar bij wie ze terechtkunnen." }
            p { "Laat u een veld leeg, dan staat daar het contact van de griffier: " (p.stored.clerk_name) ", " (p.stored.clerk_email) "." }
            form method="post" action={ "/mijn/gemeenten/" (m) "/instellingen" } novalidate {
                input type="hidden" name="csrf" value=(nav.csrf);
                (text_field(&TextField { id: "griffie_email", name: "griffie_email", label: "E-mailadres van de griffie", kind: "email", value: &p.form.griffie_email, autocomplete: "off", max: MAX_EMAIL_LEN }, p.errors))
                (text_field(&TextField { id: "griffie_phone", name: "griffie_phone", label: "Telefoonnummer van de griffie (mag leeg blijven)", kind: "tel", value: &p.form.griffie_phone, autocomplete: "off", max: MAX_PHONE_LEN }, p.errors))
                (text_field(&TextField { id: "privacy_email", name: "privacy_email", label: "E-mailadres voor vragen over privacy (bijvoorbeeld de functionaris gegevensbescherming)", kind: "email", value: &p.form.privacy_email, autocomplete: "off", max: MAX_EMAIL_LEN }, p.errors))
                button.button type="submit" { "Opslaan" }
            }
        },
    )
}

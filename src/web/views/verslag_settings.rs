//! The griffier's verslag settings of a municipality: default headings,
//! who signs, the marking of the archive copy, who reads earlier verslagen.

use maud::{Markup, html};

use crate::domain::ids::MunicipalityId;
use crate::domain::verslag::{HEADING_MAX, HEADINGS_MAX, MARKING_MAX};
use crate::service::verslag_settings::SettingsForm;
use crate::web::views::components::ErrorSummary;
use crate::web::views::fields::{TextField, text_area, text_field};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, municipality_trail};

pub struct SettingsPage<'a> {
    pub municipality: MunicipalityId,
    pub name: &'a str,
    pub form: &'a SettingsForm,
    pub errors: &'a [(String, String)],
    pub saved: bool,
}

fn checkbox(id: &str, label: &str, checked: bool) -> Markup {
    html! {
        div.choice {
            input type="checkbox" id=(id) name=(id) value="ja" checked[checked];
            label for=(id) { (label) }
        }
    }
}

pub fn settings_page(nav: &StaffNav, p: &SettingsPage<'_>) -> Markup {
    let m = p.municipality;
    let title = if p.errors.is_empty() {
        "Verslag: instellingen"
    } else {
        "Fout: verslag: instellingen"
    };
    let error = |id: &str| p.errors.iter().find(|e| e.0 == id).map(|e| e.1.as_str());
    page(
        &PageContext::new(title).in_municipality(m, p.name).staff(
            nav,
            municipality_trail(m, "Verslag: instellingen", "verslag-instellingen"),
        ),
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Instellingen voor het verslag" }
            @if p.saved { div.notice role="status" { p { "De instellingen zijn opgeslagen." } } }
            p.lead { "Zo begint elk verslag van een klankbordgesprek in " (p.name) ". Per gesprek kunt u de koppen nog aanpassen voordat u begint." }
            form method="post" action={ "/mijn/gemeenten/" (m) "/verslag-instellingen" } novalidate {
                input type="hidden" name="csrf" value=(nav.csrf);
                (text_area("koppen", "Koppen van het verslag, één per regel, in volgorde", &format!("Voeg een regel toe voor een nieuwe kop, haal een regel weg om een kop te schrappen, of zet regels in een andere volgorde. Maximaal {HEADINGS_MAX} koppen van elk maximaal {HEADING_MAX} tekens."), HEADINGS_MAX * (HEADING_MAX + 1), &p.form.headings, error("koppen")))
                (text_field(&TextField { id: "afspraken", name: "afspraken", label: "Welke kop bevat de afspraken? (precies zoals in de lijst)", kind: "text", value: &p.form.agreements, autocomplete: "off", max: HEADING_MAX }, p.errors))
                fieldset.form-group {
                    legend { "Wie ondertekent het verslag?" }
                    p { "De voorzitter van de klankbordcommissie en de burgemeester ondertekenen altijd." }
                    (checkbox("griffier_tekent", "Ook de griffier, als secretaris", p.form.clerk_signs))
                    (checkbox("iedereen_tekent", "Iedereen die aan het gesprek deelnam", p.form.every_participant))
                }
                (text_field(&TextField { id: "markering", name: "markering", label: "Vertrouwelijkheidsaanduiding op elke pagina van het archiefexemplaar", kind: "text", value: &p.form.marking, autocomplete: "off", max: MARKING_MAX }, p.errors))
                fieldset.form-group {
                    legend { "Verslagen van eerdere raden" }
                    (checkbox("commissie_leest", "De huidige klankbordcommissie mag de verslagen van eerdere gesprekken lezen", p.form.commission_reads_earlier))
                }
                button.button type="submit" { "Opslaan" }
            }
        },
    )
}

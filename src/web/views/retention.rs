//! Bewaartermijnen: the griffier's settings page, the section of the round
//! page that says what was deleted when, the confirmation page of removing
//! one referent's address on request, and the privacyverklaring's part.

use maud::{Markup, html};

use crate::domain::ids::{InvitationId, MunicipalityId};
use crate::domain::retention::{
    MAX_ARCHIVE_YEARS, MAX_CONTACT_MONTHS, MIN_CONTACT_MONTHS, RetentionForm, RetentionPolicy,
};
use crate::dutch::instant;
use crate::service::retention::{ErasureCheck, RATE_LIMIT_KEPT_SECS, RoundRetention};
use crate::service::signin::{ABSOLUTE_SECS, IDLE_SECS, LINK_VALID_SECS};
use crate::web::views::components::ErrorSummary;
use crate::web::views::fields::{TextField, text_field};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, municipality_trail, round_trail};

/// "3 maanden", "1 maand".
fn months(n: u32) -> String {
    if n == 1 {
        "1 maand".into()
    } else {
        format!("{n} maanden")
    }
}

/// An archive period as a sentence part.
fn years(y: Option<u32>) -> String {
    match y {
        Some(1) => "1 jaar".into(),
        Some(n) => format!("{n} jaar"),
        None => "geen termijn ingesteld: bewaard tot de gemeente het zelf vernietigt".into(),
    }
}

pub struct RetentionPage<'a> {
    pub municipality: MunicipalityId,
    pub name: &'a str,
    pub form: &'a RetentionForm,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

pub fn settings_page(nav: &StaffNav, p: &RetentionPage<'_>) -> Markup {
    let m = p.municipality;
    let title = if p.errors.is_empty() {
        "Bewaartermijnen"
    } else {
        "Fout: bewaartermijnen"
    };
    let field = |id: &'static str, label: &'static str, value: &str| {
        text_field(
            &TextField {
                id,
                name: id,
                label,
                kind: "text",
                value,
                autocomplete: "off",
                max: 3,
            },
            p.errors,
        )
    };
    page(
        &PageContext::new(title).in_municipality(m, p.name).staff(
            nav,
            municipality_trail(m, "Bewaartermijnen", "bewaartermijnen"),
        ),
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Bewaartermijnen" }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            p.lead { "Hoe lang Klankbord gegevens van een ronde bewaart. De " a href={ "/gemeenten/" (m) "/privacyverklaring" } { "privacyverklaring" } " van de gemeente " (p.name) " noemt deze termijnen." }
            h2 { "Gegevens van referenten" }
            p { "Namen en e-mailadressen van referenten, hun uitnodigingen, de berichten van de ronde en de voordrachten (met hun reden) worden automatisch verwijderd, een aantal maanden nadat de ronde is gesloten. De termijn begint bij het sluiten, niet bij het vaststellen van het verslag. Wat overblijft: de uitkomsten, het verslag en het logboek." }
            form method="post" action={ "/mijn/gemeenten/" (m) "/bewaartermijnen" } novalidate {
                input type="hidden" name="csrf" value=(nav.csrf);
                (field("contact_months", "Aantal maanden na het sluiten (standaard 3, van 1 tot en met 24)", &p.form.contact_months))
                h2 { "Archief" }
                p { "De uitkomsten, het verslag en het logboek zijn archiefstukken. Hoe lang de gemeente ze bewaart, bepalen de Archiefwet en de selectielijst van de gemeente; vraag het de archivaris of de informatiebeheerder. Klankbord vernietigt archiefstukken nooit zelf: de gemeente doet dat volgens haar eigen procedure. Laat een veld leeg als er geen termijn is vastgesteld." }
                (field("view_years", "Uitkomsten van een ronde: aantal jaren na het sluiten", &p.form.view_years))
                (field("verslag_years", "Verslag: aantal jaren na het vaststellen", &p.form.verslag_years))
                (field("audit_years", "Logboek: aantal jaren na de handeling", &p.form.audit_years))
                p.hint { "Maanden: van " (MIN_CONTACT_MONTHS) " tot en met " (MAX_CONTACT_MONTHS) ". Jaren: van 1 tot en met " (MAX_ARCHIVE_YEARS) ", of leeg." }
                button.button type="submit" { "Opslaan" }
            }
        },
    )
}

/// The round page's section: when the contact data goes, what went when.
pub fn round_section(r: &RoundRetention, municipality: MunicipalityId) -> Markup {
    html! {
        section.round-section aria-labelledby="bewaren" {
            h2 #bewaren { "Bewaren en verwijderen" }
            @match (&r.purged, r.due) {
                (Some((when, counts)), _) => {
                    p { "Op " (instant(*when)) " zijn de gegevens van referenten van deze ronde verwijderd (bewaartermijn " (months(r.policy.contact_months)) " na het sluiten):" }
                    ul {
                        li { (counts.raters) " namen en e-mailadressen van referenten" }
                        li { (counts.invitations) " uitnodigingen" }
                        li { (counts.messages) " berichten" }
                        li { (counts.nominations) " voordrachten met hun reden" }
                        li { (counts.drafts) " niet verstuurde concepten" }
                    }
                    p { "De uitkomsten, het verslag en het logboek zijn bewaard." }
                }
                (None, Some(due)) => {
                    p { "Namen en e-mailadressen van referenten, de uitnodigingen, de berichten en de voordrachten worden verwijderd op of kort na " (instant(due)) " (" (months(r.policy.contact_months)) " na het sluiten)." }
                }
                (None, None) => {
                    p { "Na het sluiten blijven namen en e-mailadressen van referenten nog " (months(r.policy.contact_months)) " bewaard; daarna verwijdert Klankbord ze. Vraagt een referent eerder om verwijdering van zijn adres, gebruik dan ‘Adres verwijderen’ in de lijst van referenten hierboven." }
                }
            }
            @if !r.erasures.is_empty() {
                p { "Op verzoek verwijderde adressen:" }
                ul { @for e in &r.erasures { li { "1 referent, op " (instant(*e)) } } }
            }
            p { a href={ "/mijn/gemeenten/" (municipality) "/bewaartermijnen" } { "Bewaartermijnen van de gemeente" } }
        }
    }
}

/// `GET /mijn/rondes/{round}/referenten/{invitation}/adres-verwijderen`.
pub fn erasure_page(
    nav: &StaffNav,
    check: &ErasureCheck,
    invitation: InvitationId,
    csrf: &str,
) -> Markup {
    let info = &check.info;
    let back = format!("/mijn/rondes/{}", info.id);
    page(
        &PageContext::new("Adres van referent verwijderen?")
            .for_round(info)
            .staff(nav, round_trail(nav, info)),
        html! {
            h1 { "Adres van referent verwijderen?" }
            p.lead { "Op verzoek van de referent verwijdert Klankbord nu:" }
            ul.confirm__facts {
                li { "de naam " strong { (check.name) } " en het e-mailadres " strong.address { (check.email) } ";" }
                li { "de uitnodiging: de link werkt daarna niet meer, en er gaan geen herinneringen meer naar dit adres;" }
                li { "berichten aan dit adres die nog niet zijn verstuurd." }
            }
            p { "Heeft de referent de vragenlijst al ingevuld, dan blijven de antwoorden meetellen. Ze zijn nooit aan de naam gekoppeld; ook na het verwijderen kan niemand zien welke antwoorden van wie zijn." }
            p { strong { "Dit kan niet ongedaan worden gemaakt." } }
            form.confirm method="post" action={ (back) "/referenten/" (invitation) "/adres-verwijderen" } {
                input type="hidden" name="csrf" value=(csrf);
                div.confirm__buttons {
                    button.button type="submit" { "Ja, adres verwijderen" }
                    a.button.button--secondary href=(back) { "Nee, terug naar de ronde" }
                }
            }
        },
    )
}

/// The privacyverklaring's *Hoe lang* section.
pub fn privacy_section(p: &RetentionPolicy) -> Markup {
    html! {
        h2 { "Hoe lang" }
        ul {
            li { "Uw antwoorden en hun sleutel: vernietigd zodra de vragenlijst sluit. Alleen de uitkomsten blijven." }
            li { "Als u referent bent: uw naam, uw e-mailadres, uw uitnodiging, de berichten aan u en een voordracht met de reden worden " strong { (months(p.contact_months)) " na het sluiten van de vragenlijst" } " automatisch verwijderd. U kunt de griffie vragen uw adres eerder te verwijderen, zolang de vragenlijst nog open is." }
            li { "Aanmeldlinks voor medewerkers: verwijderd zodra ze verlopen (na " (LINK_VALID_SECS / 60) " minuten). Sessies: verwijderd na " (IDLE_SECS / 60) " minuten zonder activiteit of na " (ABSOLUTE_SECS / 3600) " uur. Tellingen van pogingen per internetadres: na hooguit " (RATE_LIMIT_KEPT_SECS / 60) " minuten." }
            li { "De uitkomsten van een ronde: " (years(p.view_years)) "." }
            li { "Het verslag van het klankbordgesprek: " (years(p.verslag_years)) "." }
            li { "Het logboek: " (years(p.audit_years)) "." }
        }
        p { "De uitkomsten, het verslag en het logboek zijn archiefstukken van de gemeente. Hoe lang zij die bewaart, bepalen de Archiefwet en de selectielijst van de gemeente." }
    }
}

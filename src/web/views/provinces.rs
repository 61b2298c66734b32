//! Provinces: the platform admin's page (`/beheer/provincies`) and the
//! kabinet's page of its province (`/mijn/provincies/{id}`): the verslagen
//! sent to it, the planning of both cycles of gesprekken, and its own
//! voortgangsgesprekken (recorded here, removed after a confirmation).

use maud::{Markup, html};

use crate::domain::email::MAX_EMAIL_LEN;
use crate::domain::province::latest_meeting_for;
use crate::domain::text::{PersonName, PlaceName};
use crate::service::provinces::{CdkMeetingView, ProvincePage, ProvincesAdmin};
use crate::web::views::clerk::capitalised;
use crate::web::views::components::ErrorSummary;
use crate::web::views::fields::{TextField, radios, text_field};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{Crumb, StaffNav, overview};

/// What was typed into the admin's forms (kept on errors).
#[derive(Default)]
pub struct ProvinceTyped {
    pub name: String,
    pub contact_email: String,
    pub kabinet_name: String,
    pub kabinet_email: String,
}

pub struct AdminProvinces<'a> {
    pub admin: &'a ProvincesAdmin,
    pub csrf: &'a str,
    pub typed: &'a ProvinceTyped,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

fn admin_trail() -> Vec<Crumb> {
    vec![
        overview(),
        Crumb::new("Beheer", "/beheer"),
        Crumb::new("Provincies", "/beheer/provincies"),
    ]
}

/// `/beheer/provincies`
pub fn admin_page(nav: &StaffNav, p: &AdminProvinces<'_>) -> Markup {
    page(
        &PageContext::new("Provincies").staff(nav, admin_trail()),
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Provincies en de commissaris van de Koning" }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            p.lead { "Een provincie groepeert gemeenten. Het kabinet van de commissaris van de Koning leest de vastgestelde verslagen die griffiers sturen, en niets anders." }
            @if p.admin.provinces.is_empty() {
                p { "Er zijn nog geen provincies." }
            }
            @for prov in &p.admin.provinces {
                section.round-section aria-labelledby={ "provincie-" (prov.id) } {
                    h2 id={ "provincie-" (prov.id) } { "Provincie " (prov.name) }
                    p { "Contactadres van het kabinet: " span.address { (prov.contact_email) } }
                    h3 { "Gemeenten" }
                    @if prov.municipalities.is_empty() {
                        p { "Nog geen gemeenten." }
                    } @else {
                        ul.province-list {
                            @for (m, name) in &prov.municipalities {
                                li { (name) " " a href={ "/beheer/provincies/" (prov.id) "/gemeenten/" (m) "/ontkoppelen" } { "Ontkoppelen…" span.visually-hidden { " " (name) } } }
                            }
                        }
                    }
                    @if !p.admin.unlinked.is_empty() {
                        @let id = format!("gemeente-{}", prov.id);
                        @let options: Vec<(String, String)> = p.admin.unlinked.iter().map(|(m, n)| (m.to_string(), n.clone())).collect();
                        @let refs: Vec<(&str, &str)> = options.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
                        form method="post" action={ "/beheer/provincies/" (prov.id) "/gemeenten" } novalidate {
                            input type="hidden" name="csrf" value=(p.csrf);
                            (radios(&id, "gemeente", "Gemeente koppelen (een gemeente hoort bij één provincie)", &refs, "", p.errors))
                            button.button.button--secondary type="submit" { "Gemeente koppelen" }
                        }
                    }
                    h3 { "Kabinet van de commissaris van de Koning" }
                    @if prov.kabinet.is_empty() {
                        p { "Nog geen accounts." }
                    } @else {
                        ul.province-list {
                            @for (id, name, email) in &prov.kabinet {
                                li { (name) " (" span.address { (email) } ") " a href={ "/beheer/provincies/" (prov.id) "/kabinet/" (id) "/intrekken" } { "Rol intrekken…" span.visually-hidden { " van " (name) } } }
                            }
                        }
                    }
                    form method="post" action={ "/beheer/provincies/" (prov.id) "/kabinet" } novalidate {
                        input type="hidden" name="csrf" value=(p.csrf);
                        (text_field(&TextField { id: &format!("kabinet-naam-{}", prov.id), name: "naam", label: "Naam", kind: "text", value: &p.typed.kabinet_name, autocomplete: "off", max: PersonName::MAX_CHARS }, p.errors))
                        (text_field(&TextField { id: &format!("kabinet-email-{}", prov.id), name: "email", label: "E-mailadres (een bestaand account krijgt de rol erbij)", kind: "email", value: &p.typed.kabinet_email, autocomplete: "off", max: MAX_EMAIL_LEN }, p.errors))
                        button.button.button--secondary type="submit" { "Account van het kabinet toevoegen" }
                    }
                }
            }
            h2 { "Nieuwe provincie" }
            form method="post" action="/beheer/provincies" novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                (text_field(&TextField { id: "provincie-naam", name: "naam", label: "Naam van de provincie", kind: "text", value: &p.typed.name, autocomplete: "off", max: PlaceName::MAX_CHARS }, p.errors))
                (text_field(&TextField { id: "provincie-email", name: "email", label: "Contactadres van het kabinet (krijgt een bericht met een link, nooit de inhoud)", kind: "email", value: &p.typed.contact_email, autocomplete: "off", max: MAX_EMAIL_LEN }, p.errors))
                button.button type="submit" { "Provincie aanmaken" }
            }
        },
    )
}

/// A confirmation on the province admin page: what will happen, one
/// button, and the way back.
pub fn admin_confirm_page(
    nav: &StaffNav,
    title: &str,
    facts: &[String],
    action: &str,
    label: &str,
    csrf: &str,
) -> Markup {
    page(
        &PageContext::new(title).staff(nav, admin_trail()),
        html! {
            h1 { (title) }
            ul.confirm__facts { @for f in facts { li { (f) } } }
            form.confirm method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                div.confirm__buttons {
                    button.button type="submit" { (label) }
                    a.button.button--secondary href="/beheer/provincies" { "Nee, terug naar de provincies" }
                }
            }
        },
    )
}

fn province_trail(p: &ProvincePage) -> Vec<Crumb> {
    vec![
        overview(),
        Crumb::new(
            format!("Provincie {}", p.name),
            format!("/mijn/provincies/{}", p.id),
        ),
    ]
}

pub struct KabinetPage<'a> {
    pub page: &'a ProvincePage,
    pub csrf: &'a str,
    pub typed_mayor: &'a str,
    pub typed_date: &'a str,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

/// `/mijn/provincies/{id}`
pub fn kabinet_page(nav: &StaffNav, k: &KabinetPage<'_>) -> Markup {
    let p = k.page;
    let base = format!("/mijn/provincies/{}", p.id);
    let mayors: Vec<(String, String)> = p
        .planning
        .iter()
        .map(|r| {
            (
                r.mayor_id.to_string(),
                format!("{} — burgemeester {}", r.municipality, r.mayor),
            )
        })
        .collect();
    let mayor_refs: Vec<(&str, &str)> = mayors
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    page(
        &PageContext::new("Provincie").staff(nav, province_trail(p)),
        html! {
            (ErrorSummary { errors: k.errors })
            h1 { "Kabinet van de commissaris van de Koning — " (p.name) }
            @if let Some(n) = k.notice { div.notice role="status" { p { (n) } } }
            section.round-section aria-labelledby="verslagen" {
                h2 #verslagen { "Verslagen" }
                p { "De vastgestelde verslagen die griffiers naar de commissaris van de Koning stuurden. Ze zijn geheim; elke keer dat u er een opent, staat in het logboek van de gemeente." }
                @if p.verslagen.is_empty() {
                    p { "Er zijn nog geen verslagen gestuurd." }
                } @else {
                    ul.link-list {
                        @for v in &p.verslagen {
                            li {
                                a href={ (base) "/verslagen/" (v.round) } {
                                    (capitalised(v.kind.label())) " met burgemeester " (v.mayor) " (" (v.municipality) "), " (crate::dutch::date(v.meeting_on))
                                }
                                " — gestuurd " (crate::dutch::instant(v.sent_at))
                            }
                        }
                    }
                }
            }
            section.round-section aria-labelledby="planning" {
                h2 #planning { "Planning" }
                p { "Per burgemeester de klankbordgesprekken van de gemeenteraad en de voortgangsgesprekken van de commissaris van de Koning. Een klankbordgesprek ligt bij voorkeur uiterlijk acht weken voor het voortgangsgesprek, zodat het verslag op tijd vastgesteld is." }
                @if p.planning.is_empty() {
                    p { "Er zijn nog geen gemeenten met een burgemeester in deze provincie." }
                } @else {
                    div.table-scroll tabindex="0" { table.data.data--stack {
                        caption { "Gesprekken per burgemeester" }
                        thead { tr { th scope="col" { "Gemeente en burgemeester" } th scope="col" { "Klankbordgesprekken" } th scope="col" { "Voortgangsgesprekken CdK" } } }
                        tbody {
                            @for r in &p.planning {
                                tr {
                                    th scope="row" { (r.municipality) ": " (r.mayor) }
                                    td data-label="Klankbordgesprekken" {
                                        @if r.klankbord.is_empty() { "geen" }
                                        ul.plain { @for (d, kind) in &r.klankbord { li { (crate::dutch::date(*d)) " (" (kind.label()) ")" } } }
                                    }
                                    td data-label="Voortgangsgesprekken CdK" {
                                        @if r.cdk.is_empty() { "geen" }
                                        ul.plain {
                                            @for (id, d) in &r.cdk {
                                                li {
                                                    (crate::dutch::date(*d))
                                                    " (klankbordgesprek uiterlijk " (crate::dutch::date(latest_meeting_for(*d))) ") "
                                                    a href={ (base) "/voortgangsgesprekken/" (id) "/verwijderen" } { "Verwijderen" span.visually-hidden { ": voortgangsgesprek van " (crate::dutch::date(*d)) } }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
            @if !mayor_refs.is_empty() {
                section.round-section aria-labelledby="vastleggen" {
                    h2 #vastleggen { "Voortgangsgesprek vastleggen" }
                    form method="post" action={ (base) "/voortgangsgesprekken" } novalidate {
                        input type="hidden" name="csrf" value=(k.csrf);
                        (radios("burgemeester", "burgemeester", "Gemeente en burgemeester", &mayor_refs, k.typed_mayor, k.errors))
                        (text_field(&TextField { id: "datum", name: "datum", label: "Datum van het voortgangsgesprek", kind: "date", value: k.typed_date, autocomplete: "off", max: 10 }, k.errors))
                        button.button type="submit" { "Voortgangsgesprek vastleggen" }
                    }
                }
            }
        },
    )
}

/// `GET /mijn/provincies/{id}/voortgangsgesprekken/{m}/verwijderen`
pub fn remove_meeting_page(nav: &StaffNav, m: &CdkMeetingView, csrf: &str) -> Markup {
    let base = format!("/mijn/provincies/{}", m.province);
    let crumbs = vec![
        overview(),
        Crumb::new(format!("Provincie {}", m.province_name), base.clone()),
    ];
    page(
        &PageContext::new("Voortgangsgesprek verwijderen?").staff(nav, crumbs),
        html! {
            h1 { "Voortgangsgesprek verwijderen?" }
            p.lead { "Het voortgangsgesprek van de commissaris van de Koning met burgemeester " (m.mayor) " (" (m.municipality) ") op " (crate::dutch::date(m.held_on)) " gaat uit de planning." }
            form.confirm method="post" action={ (base) "/voortgangsgesprekken/" (m.id) "/verwijderen" } {
                input type="hidden" name="csrf" value=(csrf);
                div.confirm__buttons {
                    button.button type="submit" { "Ja, verwijderen" }
                    a.button.button--secondary href=(base) { "Nee, terug naar de provincie" }
                }
            }
        },
    )
}

//! A vastgesteld verslag on its way to the commissaris van de Koning: the
//! griffier's section on the round page and confirmation before sending,
//! and the verslag as the kabinet reads it.

use maud::{Markup, html};

use crate::domain::province::CdkStep;
use crate::service::provinces::{CdkStatus, KabinetVerslag, SendCheck};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{Crumb, StaffNav, overview, round_name, round_trail};
use crate::web::views::verslag_document::{document, kabinet_archive_href, signatures};

/// The step in words: "verstuurd op …" with the day of sending.
pub fn step_text(step: CdkStep) -> String {
    match step {
        CdkStep::Sent(day) => format!("verstuurd op {}", crate::dutch::date(day)),
        other => other.label().to_owned(),
    }
}

/// The section on the griffier's round page: the planning warning, the
/// state of the week-9 step and the action that sends.
pub fn round_section(status: &CdkStatus, base: &str) -> Markup {
    html! {
        section.round-section aria-labelledby="cdk" {
            h2 #cdk { "Verslag naar de commissaris van de Koning" }
            @if let Some(w) = status.warning {
                div.notice role="note" {
                    p {
                        strong { "Let op: " }
                        "het klankbordgesprek is minder dan acht weken voor het volgende voortgangsgesprek van de commissaris van de Koning met deze burgemeester ("
                        (crate::dutch::date(w.cdk_on)) ", over " (w.days_between) " dagen). "
                        "De handreiking raadt aan het klankbordgesprek uiterlijk acht weken eerder te houden, zodat het vastgestelde verslag op tijd bij de commissaris is."
                    }
                }
            }
            p { "Stand: " (step_text(status.step)) "." }
            @if let Some((at, by)) = &status.sent {
                p { "Het verslag is op " (crate::dutch::instant(*at)) " door " (by) " naar de commissaris van de Koning" @if let Some(p) = &status.province { " (provincie " (p) ")" } " gestuurd." }
            }
            @if status.step == CdkStep::Ready {
                p.round-status__actions { a.button href={ (base) "/verslag-naar-cdk" } { "Verslag naar de commissaris van de Koning sturen" } }
            }
        }
    }
}

/// `GET /mijn/rondes/{round}/verslag-naar-cdk`: what sending does.
pub fn send_confirmation(nav: &StaffNav, check: &SendCheck, csrf: &str) -> Markup {
    let info = &check.info;
    let base = format!("/mijn/rondes/{}", info.id);
    let title = "Verslag naar de commissaris van de Koning sturen?";
    page(
        &PageContext::new(title)
            .for_round(info)
            .staff(nav, round_trail(nav, info)),
        html! {
            p.context { (round_name(info)) ", burgemeester " (info.mayor_name) }
            h1 { (title) }
            ul.confirm__facts {
                li { "Het kabinet van de commissaris van de Koning in de provincie " strong { (check.province) } " kan het vastgestelde verslag daarna in Klankbord lezen, en niets anders van deze ronde." }
                li { "Het contactadres van het kabinet krijgt een e-mail met een link, zonder inhoud." }
                li { strong { "Dit kan niet ongedaan worden gemaakt." } " Een verslag gaat één keer." }
            }
            form.confirm method="post" action={ (base) "/verslag-naar-cdk" } {
                input type="hidden" name="csrf" value=(csrf);
                div.confirm__buttons {
                    button.button type="submit" { "Ja, naar de provincie " (check.province) " sturen" }
                    a.button.button--secondary href=(base) { "Nee, terug naar de ronde" }
                }
            }
        },
    )
}

/// `GET /mijn/provincies/{id}/verslagen/{round}`: the verslag, read-only.
pub fn kabinet_verslag(nav: &StaffNav, v: &KabinetVerslag) -> Markup {
    let title = v.copy.document.title();
    let crumbs = vec![
        overview(),
        Crumb::new(
            format!("Provincie {}", v.province_name),
            format!("/mijn/provincies/{}", v.province),
        ),
        Crumb::new(
            "Verslag",
            format!("/mijn/provincies/{}/verslagen/{}", v.province, v.round),
        ),
    ];
    page(
        &PageContext::new("Verslag").staff(nav, crumbs),
        html! {
            p.verslag__marking { (v.copy.marking) }
            h1 { (title) }
            (document(&v.copy.document, &|_| html! {}))
            (signatures(&v.copy, &kabinet_archive_href(v.province, v.round)))
            p { a href={ "/mijn/provincies/" (v.province) } { "Terug naar de provincie" } }
        },
    )
}

//! The signed-in staff's start page: their roles and rounds.

use maud::{Markup, html};

use crate::domain::round::RoundState;
use crate::domain::staff::{ResultsAccess, Role, results_access};
use crate::service::round_info::RoundInfo;
use crate::service::signin::StaffSession;
use crate::service::staff::Membership;
use crate::web::views::layout::{PageContext, page};

pub fn sign_out_form(csrf: &str) -> Markup {
    html! {
        form.sign-out method="post" action="/afmelden" {
            input type="hidden" name="csrf" value=(csrf);
            button.button.button--secondary type="submit" { "Afmelden" }
        }
    }
}

fn state_label(state: RoundState) -> &'static str {
    match state {
        RoundState::Draft => "in voorbereiding",
        RoundState::Open => "open voor input",
        RoundState::Closed => "gesloten",
    }
}

/// The klankbordgesprek for those who take part: agenda, agreements, the
/// burgemeester's reflection on the council.
fn meeting_links(info: &RoundInfo, roles: &[Role]) -> Markup {
    let base = format!("/mijn/rondes/{}", info.id);
    let participant = roles
        .iter()
        .any(|r| matches!(r, Role::Clerk | Role::Mayor) || r.is_delegation());
    let reflection = if roles.contains(&Role::Mayor) {
        "Reflectie op de raad"
    } else {
        "Reflectie van de burgemeester"
    };
    html! {
        @if participant {
            ul.actions {
                li { a href={ (base) "/agenda" } { "Agenda" } }
                li { a href={ (base) "/afspraken" } { "Afspraken" } }
                li { a href={ (base) "/reflectie" } { (reflection) } }
            }
        }
    }
}

pub fn home(
    session: &StaffSession,
    memberships: &[Membership],
    rounds: &[(RoundInfo, Vec<Role>)],
    csrf: &str,
) -> Markup {
    page(
        &PageContext {
            title: "Mijn Klankbord",
            municipality: memberships.first().map(|m| m.municipality_name.as_str()),
            house_style: None,
        },
        html! {
            h1 { "Welkom, " (session.name) }
            @if memberships.is_empty() && !session.platform_admin {
                p { "U heeft nog geen rol in een gemeente. Vraag de griffie om u toe te voegen." }
            }
            @if session.platform_admin {
                p { "U beheert het platform. U ziet geen inhoud van rondes. " a href="/beheer" { "Gemeenten en hun eerste griffier beheren" } }
            }
            @if !memberships.is_empty() {
                h2 { "Uw rollen" }
                ul { @for m in memberships {
                    li {
                        (m.role.label()) " in " (m.municipality_name)
                        @if m.role == Role::Clerk {
                            " — " a href={ "/mijn/gemeenten/" (m.municipality) "/logboek" } { "logboek" }
                            " — " a href={ "/mijn/gemeenten/" (m.municipality) "/mensen" } { "mensen en rollen" }
                            " — " a href={ "/mijn/gemeenten/" (m.municipality) "/rondes/nieuw" } { "nieuwe ronde" }
                        }
                    }
                } }
            }
            @if !rounds.is_empty() {
                h2 { "Rondes" }
                div.table-scroll tabindex="0" { table.data {
                    caption { "Rondes van uw gemeente" }
                    thead { tr { th scope="col" { "Gesprek" } th scope="col" { "Status" } th scope="col" { "Klankbordgesprek" } th scope="col" { "Uitkomsten" } th scope="col" { "Voor u" } } }
                    tbody {
                        @for (info, roles) in rounds {
                            tr {
                                th scope="row" { (info.kind.label()) " — " (info.municipality) }
                                td { (state_label(info.state)) }
                                td { (crate::dutch::date(info.meeting_on)) }
                                td {
                                    @match results_access(roles, info.sharing, info.state) {
                                        ResultsAccess::Full => a href={ "/mijn/rondes/" (info.id) "/uitkomsten" } { "Bekijk de uitkomsten" },
                                        ResultsAccess::Summary => a href={ "/mijn/rondes/" (info.id) "/uitkomsten" } { "Bekijk de samenvatting" },
                                        ResultsAccess::None if info.state != RoundState::Closed => "na het sluiten",
                                        ResultsAccess::None => "niet voor u (deelmodus)",
                                    }
                                }
                                td {
                                    (meeting_links(info, roles))
                                    @if roles.contains(&Role::Clerk) {
                                        a href={ "/mijn/rondes/" (info.id) } { "Ronde beheren" }
                                    }
                                    @if roles.contains(&Role::Mayor) {
                                        ul.actions {
                                            li { a href={ "/mijn/rondes/" (info.id) "/deelmodus" } { "Kiezen wie de uitkomsten ziet" } }
                                            @if info.state != RoundState::Closed {
                                                li { a href={ "/mijn/rondes/" (info.id) "/zelfevaluatie" } { "Zelfevaluatie invullen" } }
                                            }
                                        }
                                    }
                                    // Voordrachten and the final list of referenten.
                                    (crate::web::views::nominations::links(info, roles))
                                }
                            }
                        }
                    }
                } }
            }
            (sign_out_form(csrf))
        },
    )
}

pub fn audit_log(municipality: &str, lines: &[crate::service::staff::AuditLine]) -> Markup {
    page(
        &PageContext {
            title: "Logboek",
            municipality: Some(municipality),
            house_style: None,
        },
        html! {
            h1 { "Logboek" }
            p { "Wie zich aanmeldde, wie uitkomsten bekeek of downloadde, en wie de deelmodus, rollen of een ronde veranderde. Antwoorden staan hier nooit in. De nieuwste 500 regels." }
            div.table-scroll tabindex="0" { table.data {
                caption { "Logboek van de gemeente " (municipality) }
                thead { tr { th scope="col" { "Wanneer" } th scope="col" { "Wie" } th scope="col" { "Wat" } th scope="col" { "Toelichting" } } }
                tbody {
                    @for l in lines {
                        tr {
                            td { (crate::dutch::instant(l.at)) }
                            td { (l.who.as_deref().unwrap_or("systeem")) }
                            td { (l.action) }
                            td { (l.detail) }
                        }
                    }
                }
            } }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

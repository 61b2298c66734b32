//! The signed-in staff's overview (`/mijn`): per round what comes next and
//! the one thing to do now, the other pages of the round in a list, and per
//! role what the person can do in Klankbord; and the audit log.

use jiff::civil::Date;
use maud::{Markup, html};

use crate::domain::ids::{MunicipalityId, RoundId};
use crate::domain::nomination::{INVOLVED, may_see_rater_list};
use crate::domain::round::RoundState;
use crate::domain::staff::{ResultsAccess, Role, results_access};
use crate::service::round_info::RoundInfo;
use crate::service::verslag_status::VerslagStatus;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{
    Action, StaffNav, municipality_trail, overview, page_actions, round_name,
};
use crate::web::views::verslag_status::card_fact;

pub(crate) fn state_label(state: RoundState) -> &'static str {
    match state {
        RoundState::Draft => "In voorbereiding",
        RoundState::Open => "Open voor input",
        RoundState::Closed => "Gesloten",
    }
}

/// A page of a round: its text and address.
struct Link {
    label: &'static str,
    href: String,
}

/// The next step of a round for someone with `roles`, in words, and the
/// one primary action for it.
fn next_step(info: &RoundInfo, roles: &[Role], today: Date) -> (String, Option<Link>) {
    let base = format!("/mijn/rondes/{}", info.id);
    let link = |label, path: &str| {
        Some(Link {
            label,
            href: format!("{base}{path}"),
        })
    };
    let closes = crate::dutch::instant(info.closes_at);
    let access = results_access(roles, info.sharing, info.state);
    let delegation = roles.iter().any(|r| r.is_delegation());
    match info.state {
        _ if roles.contains(&Role::Clerk) => match info.state {
            RoundState::Draft => (
                "Zet de referenten op de lijst, kijk de vragenlijst na en verstuur de uitnodigingen.".into(),
                link("Ronde voorbereiden", ""),
            ),
            RoundState::Open => (
                format!("De vragenlijst staat open tot {closes}. Volg de respons per groep en stuur zo nodig een herinnering."),
                link("Respons volgen", ""),
            ),
            RoundState::Closed if today >= info.meeting_on => (
                "Het klankbordgesprek is geweest. Leg de afspraken vast.".into(),
                link("Afspraken vastleggen", "/afspraken"),
            ),
            RoundState::Closed => (
                "De uitkomsten staan klaar. Bereid met de commissie het klankbordgesprek voor.".into(),
                link("Uitkomsten bekijken", "/uitkomsten"),
            ),
        },
        RoundState::Draft if roles.contains(&Role::Mayor) => (
            "Kies wie de uitkomsten mag zien, voordat de uitnodigingen uitgaan. Daarna kunt u referenten voordragen.".into(),
            link("Kiezen wie de uitkomsten ziet", "/deelmodus"),
        ),
        RoundState::Open if roles.contains(&Role::Mayor) => (
            format!("Vul uw zelfevaluatie in vóór {closes}."),
            link("Zelfevaluatie invullen", "/zelfevaluatie"),
        ),
        RoundState::Draft | RoundState::Open if delegation => (
            "Beslis over de voordrachten van referenten en zet punten op de agenda van het gesprek.".into(),
            link("Voordrachten bekijken", "/voordrachten"),
        ),
        RoundState::Draft | RoundState::Open => (
            "Er is nu niets voor u te doen. De uitkomsten zijn er pas na het sluiten van de vragenlijst.".into(),
            None,
        ),
        RoundState::Closed => match access {
            ResultsAccess::Full => (
                "De uitkomsten staan klaar voor het klankbordgesprek.".into(),
                link("Uitkomsten bekijken", "/uitkomsten"),
            ),
            ResultsAccess::Summary => (
                "De samenvatting van de uitkomsten staat klaar.".into(),
                link("Samenvatting bekijken", "/uitkomsten"),
            ),
            ResultsAccess::None => (
                "De ronde is gesloten. De burgemeester heeft gekozen de uitkomsten niet met u te delen.".into(),
                None,
            ),
        },
    }
}

/// Every page of the round the person may open, in a fixed order.
fn round_links(info: &RoundInfo, roles: &[Role]) -> Vec<Link> {
    let base = format!("/mijn/rondes/{}", info.id);
    let mut out = Vec::new();
    let mut add = |label, path: &str| {
        out.push(Link {
            label,
            href: format!("{base}{path}"),
        })
    };
    let clerk = roles.contains(&Role::Clerk);
    let mayor = roles.contains(&Role::Mayor);
    let participant = clerk || mayor || roles.iter().any(|r| r.is_delegation());
    if clerk {
        add("Ronde beheren", "");
        add("Referenten", "/referenten");
        add("Vragenlijst", "/vragenlijst");
        add("Groepen", "/groepen");
        add("Instellingen van de ronde", "/instellingen");
    }
    match results_access(roles, info.sharing, info.state) {
        ResultsAccess::Full => add("Uitkomsten", "/uitkomsten"),
        ResultsAccess::Summary => add("Samenvatting van de uitkomsten", "/uitkomsten"),
        ResultsAccess::None => {}
    }
    if roles.iter().any(|r| INVOLVED.contains(r)) {
        add("Voordrachten", "/voordrachten");
        if may_see_rater_list(roles, info.mayor_sees_raters) {
            add("Lijst van referenten", "/referentenlijst");
        }
    }
    if mayor {
        add("Wie ziet de uitkomsten (deelmodus)", "/deelmodus");
        if info.state != RoundState::Closed {
            add("Zelfevaluatie", "/zelfevaluatie");
        }
    }
    if participant {
        add("Agenda van het gesprek", "/agenda");
        add("Afspraken", "/afspraken");
        add(
            if mayor {
                "Reflectie op de raad"
            } else {
                "Reflectie van de burgemeester"
            },
            "/reflectie",
        );
        add("Verslag van het gesprek", "/verslag");
    }
    out
}

fn round_card(
    info: &RoundInfo,
    roles: &[Role],
    verslag: Option<&VerslagStatus>,
    today: Date,
) -> Markup {
    let (step, primary) = match verslag {
        // The verslag comes first when it is this person's next step.
        Some(v) if v.due => (
            v.next.to_owned(),
            v.action.as_ref().map(|(label, href)| Link {
                label,
                href: href.clone(),
            }),
        ),
        _ => next_step(info, roles, today),
    };
    let others: Vec<Link> = round_links(info, roles)
        .into_iter()
        .filter(|l| primary.as_ref().is_none_or(|p| p.href != l.href))
        .collect();
    let heading = format!("ronde-{}-titel", info.id);
    html! {
        section.round-card id={ "ronde-" (info.id) } aria-labelledby=(heading) {
            h3.round-card__title id=(heading) { (round_name(info)) }
            p.round-card__state { span.state-tag { (state_label(info.state)) } " " (info.municipality) }
            dl.round-card__facts {
                dt { "Vragenlijst" }
                dd { "open van " (crate::dutch::date(info.opens_on)) " tot " (crate::dutch::instant(info.closes_at)) }
                dt { "Klankbordgesprek" }
                dd { (crate::dutch::date(info.meeting_on)) }
                dt { "Burgemeester" }
                dd { (info.mayor_name) }
                @if let Some(v) = verslag { (card_fact(v)) }
            }
            p.round-card__next { strong { "Volgende stap: " } (step) }
            @if let Some(p) = primary {
                p { a.button href=(p.href) { (p.label) span.visually-hidden { ": " (round_name(info)) } } }
            }
            @if !others.is_empty() {
                h4.round-card__links-title { "Ook bij deze ronde" }
                ul.link-list {
                    @for l in &others {
                        li { a href=(l.href) { (l.label) } }
                    }
                }
            }
        }
    }
}

/// What someone with this role does in Klankbord.
fn role_help(role: Role) -> &'static str {
    match role {
        Role::Clerk => {
            "U bereidt rondes voor, zet referenten op de lijst, verstuurt de uitnodigingen en herinneringen, en sluit de vragenlijst. U ziet wie heeft gereageerd, nooit wat. U bepaalt wie welke rol heeft en leest het logboek."
        }
        Role::Chair | Role::DelegationMember => {
            "U beslist over voordrachten van referenten, zet punten op de agenda van het klankbordgesprek en leest na het sluiten de uitkomsten."
        }
        Role::Mayor => {
            "U kiest wie de uitkomsten ziet, vult uw zelfevaluatie en uw reflectie op de raad in, draagt referenten voor en zet punten op de agenda."
        }
        Role::CouncilMember => {
            "U leest de samenvatting van de uitkomsten, als de burgemeester die met de hele gemeenteraad deelt."
        }
    }
}

/// `/mijn`: rounds that are running first, then the closed ones.
pub fn home(
    nav: &StaffNav,
    rounds: &[(RoundInfo, Vec<Role>)],
    verslagen: &[(RoundId, VerslagStatus)],
    today: Date,
) -> Markup {
    let verslag = |round: RoundId| verslagen.iter().find(|v| v.0 == round).map(|v| &v.1);
    let clerk_of: Vec<(MunicipalityId, &str)> = nav
        .memberships
        .iter()
        .filter(|m| m.role == Role::Clerk)
        .map(|m| (m.municipality, m.municipality_name.as_str()))
        .collect();
    let running: Vec<_> = rounds
        .iter()
        .filter(|(i, _)| i.state != RoundState::Closed)
        .collect();
    let closed: Vec<_> = rounds
        .iter()
        .filter(|(i, _)| i.state == RoundState::Closed)
        .collect();
    // The page's own action: a new round (the primary one only while no
    // round runs: then each card's next step comes first), or the platform.
    let new_round = clerk_of.first().map(|(m, _)| Action {
        label: "Nieuwe ronde",
        href: format!("/mijn/gemeenten/{m}/rondes/nieuw"),
    });
    let (primary, others) = match (new_round, nav.platform_admin) {
        (Some(a), _) if running.is_empty() => (Some(a), vec![]),
        (Some(a), _) => (None, vec![a]),
        (None, true) => (
            Some(Action {
                label: "Gemeenten beheren",
                href: "/beheer".into(),
            }),
            vec![],
        ),
        (None, false) => (None, vec![]),
    };
    page(
        &PageContext::new("Overzicht").staff(nav, vec![overview()]),
        html! {
            h1 { "Welkom, " (nav.name) }
            (page_actions(primary, &others))
            @if nav.memberships.is_empty() && nav.provinces.is_empty() && !nav.platform_admin {
                p { "U heeft nog geen rol in een gemeente. Vraag de griffie om u toe te voegen." }
            }
            @if !nav.provinces.is_empty() {
                section.role-help aria-labelledby="kabinet-titel" {
                    h2 #kabinet-titel { "Kabinet van de commissaris van de Koning" }
                    p { "U leest de vastgestelde verslagen die griffiers naar de commissaris van de Koning sturen, en u houdt de planning van de voortgangsgesprekken bij." }
                    ul.link-list {
                        @for (id, name) in nav.provinces {
                            li { a href={ "/mijn/provincies/" (id) } { "Provincie " (name) } }
                        }
                    }
                }
            }
            @if nav.platform_admin {
                section.role-help aria-labelledby="beheer-titel" {
                    h2 #beheer-titel { "Platformbeheer" }
                    p { "U maakt gemeenten aan, elk met hun eerste griffier. Daarna regelt de griffier alles zelf. U ziet geen inhoud van rondes en geen antwoorden." }
                }
            }
            @if !running.is_empty() {
                h2 #lopend { "Lopende rondes" }
                @for (info, r) in &running { (round_card(info, r, verslag(info.id), today)) }
            }
            @if !nav.memberships.is_empty() && running.is_empty() {
                h2 #lopend { "Lopende rondes" }
                p { "Er loopt nu geen ronde." }
            }
            @if !closed.is_empty() {
                h2 #gesloten { "Gesloten rondes" }
                @for (info, r) in &closed { (round_card(info, r, verslag(info.id), today)) }
            }
            @if !nav.memberships.is_empty() {
                section.role-help aria-labelledby="rollen-titel" {
                    h2 #rollen-titel { "Wat u in Klankbord doet" }
                    dl {
                        @for m in nav.memberships {
                            dt { (m.role.label()) " in " (m.municipality_name) }
                            dd { (role_help(m.role)) }
                        }
                    }
                    @for (m, name) in &clerk_of {
                        p { "Als griffier van " (name) ": "
                            a href={ "/mijn/gemeenten/" (m) "/rondes" } { "alle rondes" } ", "
                            a href={ "/mijn/gemeenten/" (m) "/mensen" } { "mensen en rollen" } ", "
                            a href={ "/mijn/gemeenten/" (m) "/logboek" } { "logboek" } ", "
                            a href={ "/mijn/gemeenten/" (m) "/instellingen" } { "contact en privacy" } "."
                        }
                    }
                }
            }
        },
    )
}

/// `/mijn/gemeenten/{m}/rondes`: every round of the municipality, for its
/// griffier, with a new one as the primary action.
pub fn municipality_rounds(
    nav: &StaffNav,
    municipality: MunicipalityId,
    name: &str,
    rounds: &[RoundInfo],
) -> Markup {
    page(
        &PageContext::new("Rondes")
            .in_municipality(municipality, name)
            .staff(nav, municipality_trail(municipality, "Rondes", "rondes")),
        html! {
            h1 { "Rondes" }
            (page_actions(Some(Action { label: "Nieuwe ronde", href: format!("/mijn/gemeenten/{municipality}/rondes/nieuw") }), &[]))
            @if rounds.is_empty() {
                p { "Er is nog geen ronde." }
            } @else {
                ul.link-list.link-list--rounds {
                    @for info in rounds {
                        li {
                            a href={ "/mijn/rondes/" (info.id) } { (round_name(info)) }
                            " — " (state_label(info.state).to_lowercase())
                            ", vragenlijst open van " (crate::dutch::date(info.opens_on)) " tot " (crate::dutch::instant(info.closes_at))
                        }
                    }
                }
            }
        },
    )
}

pub fn audit_log(
    nav: &StaffNav,
    municipality: MunicipalityId,
    name: &str,
    lines: &[crate::service::staff::AuditLine],
) -> Markup {
    page(
        &PageContext::new("Logboek")
            .in_municipality(municipality, name)
            .staff(nav, municipality_trail(municipality, "Logboek", "logboek")),
        html! {
            h1 { "Logboek" }
            p { "Wie zich aanmeldde, wie uitkomsten bekeek of downloadde, en wie de deelmodus, rollen of een ronde veranderde. Antwoorden staan hier nooit in. De nieuwste 500 regels." }
            div.table-scroll tabindex="0" { table.data {
                caption { "Logboek van de gemeente " (name) }
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
        },
    )
}

//! The ways around: the staff header (municipality, person, roles, main
//! menu, sign-out), breadcrumbs, the page-level action area and the footer
//! of every page.

use maud::{Markup, html};

use crate::domain::ids::{MunicipalityId, ProvinceId};
use crate::domain::staff::Role;
use crate::service::round_info::RoundInfo;
use crate::service::staff::Membership;
use crate::web::views::layout::PageContext;

/// The signed-in person as the header shows them: read once per request
/// with the session (the `Staff` extractor), passed to every staff view.
#[derive(Clone, Copy)]
pub struct StaffNav<'a> {
    pub name: &'a str,
    pub platform_admin: bool,
    /// Their roles, per municipality.
    pub memberships: &'a [Membership],
    /// The provinces they are kabinet van de CdK in (id, name).
    pub provinces: &'a [(ProvinceId, String)],
    /// The CSRF token of the sign-out form.
    pub csrf: &'a str,
}

impl StaffNav<'_> {
    /// Their roles in one municipality.
    pub fn roles_in(&self, municipality: MunicipalityId) -> Vec<Role> {
        self.memberships
            .iter()
            .filter(|m| m.municipality == municipality)
            .map(|m| m.role)
            .collect()
    }

    pub fn is_clerk_in(&self, municipality: MunicipalityId) -> bool {
        self.roles_in(municipality).contains(&Role::Clerk)
    }

    /// The municipality the header is about: the page's, or their only one.
    fn home_municipality(&self, page: Option<MunicipalityId>) -> Option<MunicipalityId> {
        if let Some(m) = page.filter(|m| !self.roles_in(*m).is_empty()) {
            return Some(m);
        }
        let first = self.memberships.first()?.municipality;
        self.memberships
            .iter()
            .all(|m| m.municipality == first)
            .then_some(first)
    }
}

/// One step of the breadcrumb trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crumb {
    pub label: String,
    pub href: String,
}

impl Crumb {
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: href.into(),
        }
    }
}

/// The start of every staff trail.
pub fn overview() -> Crumb {
    Crumb::new("Overzicht", "/mijn")
}

/// The name of a round in a trail and on cards: "Klankbordgesprek 18 december 2026".
pub fn round_name(info: &RoundInfo) -> String {
    format!(
        "{} {}",
        crate::web::views::clerk::capitalised(info.kind.label()),
        crate::dutch::date(info.meeting_on)
    )
}

/// Overzicht › the round (its page for the griffier, its card on the
/// overview for everyone else).
pub fn round_trail(nav: &StaffNav, info: &RoundInfo) -> Vec<Crumb> {
    let href = if nav.is_clerk_in(info.municipality_id) {
        format!("/mijn/rondes/{}", info.id)
    } else {
        format!("/mijn#ronde-{}", info.id)
    };
    vec![overview(), Crumb::new(round_name(info), href)]
}

/// Overzicht › the round › this page (`/mijn/rondes/{id}/{path}`).
pub fn round_page_trail(nav: &StaffNav, info: &RoundInfo, label: &str, path: &str) -> Vec<Crumb> {
    let mut trail = round_trail(nav, info);
    trail.push(Crumb::new(
        label,
        format!("/mijn/rondes/{}/{path}", info.id),
    ));
    trail
}

/// Overzicht › a page of the municipality (`/mijn/gemeenten/{id}/{path}`).
pub fn municipality_trail(municipality: MunicipalityId, label: &str, path: &str) -> Vec<Crumb> {
    vec![
        overview(),
        Crumb::new(label, format!("/mijn/gemeenten/{municipality}/{path}")),
    ]
}

/// The main menu items for the person on a page about `municipality`.
fn menu(nav: &StaffNav, municipality: Option<MunicipalityId>) -> Vec<(&'static str, String)> {
    let mut items = vec![("Overzicht", "/mijn".to_owned())];
    if let Some(m) = municipality.filter(|m| nav.is_clerk_in(*m)) {
        let base = format!("/mijn/gemeenten/{m}");
        items.push(("Rondes", format!("{base}/rondes")));
        items.push(("Mensen en rollen", format!("{base}/mensen")));
        items.push(("Inlogdienst", format!("{base}/inlogdienst")));
        items.push(("Logboek", format!("{base}/logboek")));
        items.push(("Contact en privacy", format!("{base}/instellingen")));
        items.push(("Huisstijl", format!("{base}/huisstijl")));
        items.push(("Verslag", format!("{base}/verslag-instellingen")));
    }
    // The dossier over the burgemeester's term, for those who may usually
    // read it (the service decides; a raadslid who took part in a gesprek
    // reaches it from the address too).
    if let Some(m) = municipality.filter(|m| {
        nav.roles_in(*m).iter().any(|r| {
            matches!(
                r,
                Role::Clerk | Role::Chair | Role::DelegationMember | Role::Mayor
            )
        })
    }) {
        items.push(("Dossier", format!("/mijn/gemeenten/{m}/dossier")));
    }
    for (p, _) in nav.provinces {
        items.push(("Provincie", format!("/mijn/provincies/{p}")));
    }
    if nav.platform_admin {
        items.push(("Beheer", "/beheer".to_owned()));
        items.push(("Provincies", "/beheer/provincies".to_owned()));
    }
    items
}

/// "Griffier, Raadslid" (in the page's municipality), or per municipality
/// when the page is about none of theirs and they have several.
fn roles_text(nav: &StaffNav, municipality: Option<MunicipalityId>) -> String {
    let mut parts: Vec<String> = match municipality {
        Some(m) => nav
            .roles_in(m)
            .into_iter()
            .map(|r| r.label().to_owned())
            .collect(),
        None => nav
            .memberships
            .iter()
            .map(|m| format!("{} in {}", m.role.label(), m.municipality_name))
            .collect(),
    };
    parts.extend(
        nav.provinces
            .iter()
            .map(|(_, name)| format!("Kabinet van de CdK in {name}")),
    );
    if nav.platform_admin {
        parts.push("Platformbeheerder".to_owned());
    }
    parts.join(", ")
}

pub fn sign_out_form(csrf: &str) -> Markup {
    html! {
        form.sign-out method="post" action="/afmelden" {
            input type="hidden" name="csrf" value=(csrf);
            button.button.button--secondary type="submit" { "Afmelden" }
        }
    }
}

/// The header: the municipality (logo or name) and the product; on a staff
/// page also the person, their roles, sign-out and the main menu.
pub fn header(ctx: &PageContext) -> Markup {
    let staff = ctx.staff;
    let here = staff.and_then(|s| s.home_municipality(ctx.municipality_id));
    // A staff page about none of their municipalities (the overview of
    // someone with one) still names theirs.
    let municipality = ctx.municipality.or_else(|| {
        let m = here?;
        staff?
            .memberships
            .iter()
            .find(|x| x.municipality == m)
            .map(|x| x.municipality_name.as_str())
    });
    let current = ctx.crumbs.last().map(|c| c.href.as_str());
    let ancestors: Vec<&str> = ctx
        .crumbs
        .iter()
        .rev()
        .skip(1)
        .map(|c| c.href.as_str())
        .collect();
    html! {
        header.site-header {
            div.site-header__inner {
                div.site-header__brand {
                    @match (ctx.house_style.as_ref().and_then(|h| h.logo.as_deref()), municipality) {
                        (Some(src), Some(m)) => img.site-header__logo src=(src) alt={ "Gemeente " (m) };
                        (_, Some(m)) => p.site-header__municipality { "Gemeente " (m) },
                        _ => {}
                    }
                    p.site-header__product {
                        @if staff.is_some() { a href="/mijn" { "Klankbord" } } @else { "Klankbord" }
                    }
                }
                @if let Some(nav) = staff {
                    div.site-header__person {
                        p.site-header__name { span.visually-hidden { "Aangemeld als " } (nav.name) }
                        @let roles = roles_text(nav, here);
                        @if !roles.is_empty() {
                            p.site-header__roles { span.visually-hidden { "Uw rollen: " } (roles) }
                        }
                        (sign_out_form(nav.csrf))
                    }
                }
            }
            @if let Some(nav) = staff {
                nav.site-nav aria-label="Hoofdmenu" {
                    ul.site-nav__list {
                        @for (label, href) in menu(nav, here) {
                            li.site-nav__item {
                                @if Some(href.as_str()) == current {
                                    a.site-nav__link.site-nav__link--current href=(href) aria-current="page" { (label) }
                                } @else if ancestors.contains(&href.as_str()) {
                                    a.site-nav__link.site-nav__link--current href=(href) aria-current="true" { (label) }
                                } @else {
                                    a.site-nav__link href=(href) { (label) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// NL Design System breadcrumb navigation: the trail as an ordered list,
/// the page itself last with `aria-current="page"`. Nothing for a trail of
/// one step or none.
pub fn breadcrumbs(crumbs: &[Crumb]) -> Markup {
    html! {
        @if crumbs.len() > 1 {
            nav.breadcrumb-nav aria-label="Kruimelpad" {
                ol.breadcrumb-nav__list {
                    @for (i, c) in crumbs.iter().enumerate() {
                        li.breadcrumb-nav__item {
                            @if i + 1 == crumbs.len() {
                                a.breadcrumb-nav__link href=(c.href) aria-current="page" { (c.label) }
                            } @else {
                                a.breadcrumb-nav__link href=(c.href) { (c.label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A link in the page-level action area.
pub struct Action<'a> {
    pub label: &'a str,
    pub href: String,
}

/// The page-level action area, right under the page's heading: one
/// primary action (a button-styled link) and at most a few secondary ones.
pub fn page_actions(primary: Option<Action>, others: &[Action]) -> Markup {
    html! {
        @if primary.is_some() || !others.is_empty() {
            div.page-actions {
                @if let Some(p) = primary {
                    a.button.page-actions__primary href=(p.href) { (p.label) }
                }
                @for a in others {
                    a.page-actions__link href=(a.href) { (a.label) }
                }
            }
        }
    }
}

/// The footer of every page: contact, privacy, accessibility, security.
/// In a municipality's context the contact and privacy pages are its own.
pub fn footer(municipality: Option<MunicipalityId>) -> Markup {
    let base = municipality
        .map(|m| format!("/gemeenten/{m}"))
        .unwrap_or_default();
    html! {
        footer.site-footer {
            div.site-footer__inner {
                p { "Klankbord – vertrouwelijke input voor het klankbordgesprek tussen gemeenteraad en burgemeester." }
                nav.site-footer__nav aria-label="Over deze website" {
                    ul.site-footer__list {
                        li { a href={ (base) "/contact" } { "Contact" } }
                        li { a href={ (base) "/privacyverklaring" } { "Privacyverklaring" } }
                        li { a href="/toegankelijkheid" { "Toegankelijkheidsverklaring" } }
                        li { a href="/.well-known/security.txt" { "Beveiligingsprobleem melden" } }
                    }
                }
            }
        }
    }
}

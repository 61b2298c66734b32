//! The page shell every HTML page is rendered in: document head, skip link,
//! header (for staff with their name, roles, menu and sign-out), breadcrumbs,
//! main landmark and footer.
//!
//! The shell contains no inline style or script, so it works under the strict
//! Content-Security-Policy (`default-src 'none'; style-src 'self'; ...`). All
//! presentation lives in `/assets/style.css`.

use maud::{DOCTYPE, Markup, html};

use crate::domain::ids::MunicipalityId;
use crate::web::views::house_style::{self, HouseStyleLinks};
use crate::web::views::nav::{self, Crumb, StaffNav};

/// What the shell needs to know about the page being rendered. Build it
/// with [`PageContext::new`] and the methods below, or as a struct with
/// `..Default::default()`.
#[derive(Default)]
pub struct PageContext<'a> {
    /// The page title, without the product name (that is appended).
    pub title: &'a str,
    /// The municipality the page is about, stored without the word "Gemeente".
    pub municipality: Option<&'a str>,
    /// Its id: the footer links to its own contact and privacy pages, and a
    /// staff menu to its pages.
    pub municipality_id: Option<MunicipalityId>,
    /// The municipality's own look (`views::house_style::links`): its design
    /// tokens after `style.css`, and its logo, shown in the header as an
    /// image with the alternative text "Gemeente X" instead of the name.
    pub house_style: Option<HouseStyleLinks>,
    /// The signed-in person on a staff page: header with name, roles, menu
    /// and sign-out. `None` on the referent's and the public pages.
    pub staff: Option<&'a StaffNav<'a>>,
    /// The breadcrumb trail, the page itself last (`aria-current="page"`).
    /// Empty: no breadcrumbs.
    pub crumbs: Vec<Crumb>,
    /// Go on to this address at once (`<meta http-equiv="refresh">`): the
    /// way from a form to another site, which the CSP's `form-action 'self'`
    /// forbids as a redirect of the form's own request.
    pub refresh_to: Option<&'a str>,
}

impl<'a> PageContext<'a> {
    pub fn new(title: &'a str) -> Self {
        Self {
            title,
            ..Self::default()
        }
    }

    /// The page is about this municipality.
    pub fn in_municipality(mut self, id: MunicipalityId, name: &'a str) -> Self {
        self.municipality = Some(name);
        self.municipality_id = Some(id);
        self
    }

    /// The page is about a round: its municipality, in its own look.
    pub fn for_round(self, info: &'a crate::service::round_info::RoundInfo) -> Self {
        self.in_municipality(info.municipality_id, &info.municipality)
            .with_house_style(info.house_style)
    }

    /// The municipality's own look, if it has one.
    pub fn with_house_style(
        mut self,
        stamp: Option<crate::domain::house_style::HouseStyleStamp>,
    ) -> Self {
        self.house_style = house_style::links(stamp);
        self
    }

    /// A staff page: the person's header and menu, and these breadcrumbs.
    pub fn staff(mut self, nav: &'a StaffNav<'a>, crumbs: Vec<Crumb>) -> Self {
        self.staff = Some(nav);
        self.crumbs = crumbs;
        self
    }

    /// The page sends the browser on to `address` at once.
    pub fn refresh_to(mut self, address: &'a str) -> Self {
        self.refresh_to = Some(address);
        self
    }

    /// The text of the `<title>` element.
    fn document_title(&self) -> String {
        match self.municipality {
            Some(m) => format!("{} – Klankbord {m}", self.title),
            None => format!("{} – Klankbord", self.title),
        }
    }
}

/// Renders a complete HTML document with `body` inside the main landmark.
pub fn page(ctx: &PageContext, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="nl" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (ctx.document_title()) }
                link rel="icon" href="/assets/favicon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/assets/style.css";
                (house_style::stylesheet(ctx.house_style.as_ref()))
                @if let Some(address) = ctx.refresh_to {
                    meta http-equiv="refresh" content={ "0; url=" (address) };
                }
            }
            body {
                a.skip-link href="#inhoud" { "Naar de inhoud" }
                (nav::header(ctx))
                main #inhoud tabindex="-1" {
                    (nav::breadcrumbs(&ctx.crumbs))
                    (body)
                }
                (nav::footer(ctx.municipality_id))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::staff::Role;
    use crate::service::staff::Membership;

    fn render(municipality: Option<&str>) -> String {
        page(
            &PageContext {
                title: "Vragenlijst",
                municipality,
                ..Default::default()
            },
            html! { h1 { "Kop" } p { "Tekst" } },
        )
        .into_string()
    }

    fn town() -> MunicipalityId {
        "7b1f2c3d-0000-4000-8000-000000000001"
            .parse()
            .unwrap_or_else(|_| MunicipalityId::random())
    }

    fn staff_page(roles: &[Role], admin: bool) -> String {
        let memberships: Vec<Membership> = roles
            .iter()
            .map(|&role| Membership {
                municipality: town(),
                municipality_name: "Utrecht".into(),
                role,
            })
            .collect();
        let nav = StaffNav {
            name: "Gerda Griffier",
            platform_admin: admin,
            memberships: &memberships,
            provinces: &[],
            csrf: "token123",
        };
        page(
            &PageContext::new("Logboek")
                .in_municipality(town(), "Utrecht")
                .staff(
                    &nav,
                    vec![
                        Crumb::new("Overzicht", "/mijn"),
                        Crumb::new("Logboek", format!("/mijn/gemeenten/{}/logboek", town())),
                    ],
                ),
            html! { h1 { "Logboek" } },
        )
        .into_string()
    }

    #[test]
    fn starts_with_doctype_and_dutch_language() {
        let out = render(None);
        assert!(out.starts_with("<!DOCTYPE html>"));
        assert!(out.contains(r#"<html lang="nl">"#));
        assert!(out.contains(r#"<meta charset="utf-8">"#));
        assert!(out.contains(r#"name="viewport""#));
    }

    #[test]
    fn links_the_stylesheet_and_the_icon() {
        let out = render(None);
        assert!(out.contains(r#"<link rel="stylesheet" href="/assets/style.css">"#));
        assert!(
            out.contains(r#"<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">"#)
        );
    }

    #[test]
    fn has_a_skip_link_to_the_main_content() {
        let out = render(None);
        assert!(out.contains(r##"<a class="skip-link" href="#inhoud">Naar de inhoud</a>"##));
        assert!(out.contains(r#"<main id="inhoud" tabindex="-1">"#));
        // The skip link comes before the header, so it is the first thing to tab to.
        let skip = out.find("skip-link").unwrap_or(usize::MAX);
        let header = out.find("<header").unwrap_or(0);
        assert!(skip < header);
    }

    #[test]
    fn title_without_municipality() {
        assert!(render(None).contains("<title>Vragenlijst – Klankbord</title>"));
    }

    #[test]
    fn title_and_header_with_municipality() {
        let out = render(Some("Utrecht"));
        assert!(out.contains("<title>Vragenlijst – Klankbord Utrecht</title>"));
        assert!(out.contains("Gemeente Utrecht"));
        assert!(!out.contains("Gemeente Gemeente"));
    }

    #[test]
    fn no_municipality_line_without_municipality() {
        let out = render(None);
        assert!(!out.contains("Gemeente "));
        assert!(out.contains(r#"<header class="site-header">"#));
        assert!(out.contains("Klankbord"));
    }

    #[test]
    fn a_logo_replaces_the_name_with_its_alternative_text() {
        let out = page(
            &PageContext {
                house_style: Some(HouseStyleLinks {
                    css: None,
                    logo: Some("/gemeenten/x/logo".into()),
                }),
                ..PageContext::new("Vragenlijst").in_municipality(town(), "Utrecht")
            },
            html! {},
        )
        .into_string();
        assert!(out.contains(
            r#"<img class="site-header__logo" src="/gemeenten/x/logo" alt="Gemeente Utrecht">"#
        ));
    }

    #[test]
    fn body_is_inside_main_and_footer_present() {
        let out = render(None);
        let main_start = out.find("<main").unwrap_or(usize::MAX);
        let body = out.find("<h1>Kop</h1>").unwrap_or(0);
        let main_end = out.find("</main>").unwrap_or(0);
        assert!(main_start < body && body < main_end);
        assert!(out.contains(r#"<footer class="site-footer">"#));
        for link in [
            r#"href="/contact""#,
            r#"href="/privacyverklaring""#,
            r#"href="/toegankelijkheid""#,
            r#"href="/.well-known/security.txt""#,
        ] {
            assert!(out.contains(link), "{link}");
        }
    }

    #[test]
    fn the_footer_of_a_municipality_links_its_own_contact_and_privacy_pages() {
        let out = page(
            &PageContext::new("Vragenlijst").in_municipality(town(), "Utrecht"),
            html! {},
        )
        .into_string();
        assert!(out.contains(&format!(r#"href="/gemeenten/{}/contact""#, town())));
        assert!(out.contains(&format!(
            r#"href="/gemeenten/{}/privacyverklaring""#,
            town()
        )));
    }

    #[test]
    fn the_referents_and_public_pages_have_no_staff_menu() {
        let out = render(Some("Utrecht"));
        assert!(!out.contains("Hoofdmenu"));
        assert!(!out.contains("Afmelden"));
        assert!(!out.contains("Kruimelpad"));
    }

    #[test]
    fn a_staff_page_names_the_person_their_roles_and_offers_sign_out() {
        let out = staff_page(&[Role::Clerk, Role::CouncilMember], false);
        assert!(out.contains("Gerda Griffier"));
        assert!(out.contains("Griffier, Raadslid"));
        assert!(out.contains(r#"<form class="sign-out" method="post" action="/afmelden">"#));
        assert!(out.contains(r#"name="csrf" value="token123""#));
    }

    #[test]
    fn the_menu_follows_the_roles() {
        let clerk = staff_page(&[Role::Clerk], false);
        assert!(clerk.contains(r#"<nav class="site-nav" aria-label="Hoofdmenu">"#));
        for item in [
            "Overzicht",
            "Rondes",
            "Mensen en rollen",
            "Inlogdienst",
            "Logboek",
            "Contact en privacy",
        ] {
            assert!(clerk.contains(&format!(">{item}</a>")), "{item}");
        }
        assert!(!clerk.contains(">Beheer</a>"));
        let mayor = staff_page(&[Role::Mayor], false);
        let menu =
            &mayor[mayor.find("Hoofdmenu").unwrap_or(0)..mayor.find("</header>").unwrap_or(0)];
        assert!(menu.contains(">Overzicht</a>"));
        assert!(!menu.contains(">Mensen en rollen</a>"));
        assert!(!menu.contains("/logboek"), "{menu}");
        let admin = staff_page(&[], true);
        assert!(admin.contains(r#"href="/beheer""#));
        assert!(admin.contains("Platformbeheerder"));
    }

    #[test]
    fn breadcrumbs_follow_the_nl_design_system_conventions() {
        let out = staff_page(&[Role::Clerk], false);
        assert!(out.contains(r#"<nav class="breadcrumb-nav" aria-label="Kruimelpad">"#));
        assert!(out.contains(r#"<ol class="breadcrumb-nav__list">"#));
        let last = format!(
            r#"<a class="breadcrumb-nav__link" href="/mijn/gemeenten/{}/logboek" aria-current="page">Logboek</a>"#,
            town()
        );
        assert!(out.contains(&last), "{out}");
        assert_eq!(
            out.matches(r#"aria-current="page""#).count(),
            2,
            "crumb and menu item"
        );
    }

    #[test]
    fn escapes_title_and_municipality() {
        let out = page(
            &PageContext {
                title: "<b>x</b>",
                municipality: Some("A&B"),
                ..Default::default()
            },
            html! {},
        )
        .into_string();
        assert!(!out.contains("<b>x</b>"));
        assert!(out.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(out.contains("A&amp;B"));
    }

    #[test]
    fn no_inline_style_or_script() {
        for out in [
            render(None),
            render(Some("Utrecht")),
            staff_page(&[Role::Clerk], true),
        ] {
            assert!(!out.contains("style="));
            assert!(!out.contains("<style"));
            assert!(!out.contains("<script"));
        }
    }
}

//! The griffier's people page: who has which role in the municipality,
//! giving a role and taking one back.

use maud::{Markup, html};

use crate::domain::email::MAX_EMAIL_LEN;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::service::people::People;
use crate::web::views::components::ErrorSummary;
use crate::web::views::fields::{TextField, radios, text_field};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, municipality_trail};

/// What was typed into the form (kept on errors).
#[derive(Default)]
pub struct PersonForm {
    pub name: String,
    pub email: String,
    pub role: String,
}

pub struct PeoplePage<'a> {
    pub municipality: MunicipalityId,
    pub people: &'a People,
    /// The griffier looking (their own griffier role cannot be taken back).
    pub me: StaffId,
    pub csrf: &'a str,
    pub form: &'a PersonForm,
    pub errors: &'a [(String, String)],
    pub notice: Option<&'a str>,
}

/// The roles a griffier gives, in the order of the form.
pub const GRANTABLE: [Role; 5] = [
    Role::Chair,
    Role::DelegationMember,
    Role::Mayor,
    Role::CouncilMember,
    Role::Clerk,
];

fn role_hint(role: Role) -> &'static str {
    match role {
        Role::Chair => "Voorzitter van de klankbordcommissie",
        Role::DelegationMember => "Lid van de klankbordcommissie",
        Role::Mayor => "Burgemeester (ook de burgemeester van nieuwe rondes)",
        Role::CouncilMember => {
            "Raadslid (ziet alleen een samenvatting, als de burgemeester dat kiest)"
        }
        Role::Clerk => "Nog een griffier (beheert de rondes en deze pagina)",
    }
}

pub fn people_page(nav: &StaffNav, p: &PeoplePage<'_>) -> Markup {
    let base = format!("/mijn/gemeenten/{}/mensen", p.municipality);
    let options: Vec<(&str, &str)> = GRANTABLE
        .iter()
        .map(|r| (r.code(), role_hint(*r)))
        .collect();
    page(
        &PageContext::new("Mensen en rollen")
            .in_municipality(p.municipality, &p.people.municipality)
            .with_house_style(p.people.house_style)
            .staff(
                nav,
                municipality_trail(p.municipality, "Mensen en rollen", "mensen"),
            ),
        html! {
            (ErrorSummary { errors: p.errors })
            h1 { "Mensen en rollen" }
            @if let Some(n) = p.notice { div.notice role="status" { p { (n) } } }
            p.lead { "Wie een rol heeft in de gemeente " (p.people.municipality) ", meldt zich aan met zijn of haar e-mailadres. Trekt u een rol in, dan werkt die rol meteen niet meer." }
            div.table-scroll tabindex="0" { table.data.data--stack #rollen {
                caption { "Rollen in de gemeente " (p.people.municipality) }
                thead { tr { th scope="col" { "Naam" } th scope="col" { "E-mail" } th scope="col" { "Rol" } th scope="col" { "Actie" } } }
                tbody {
                    @for r in &p.people.roles {
                        tr {
                            th scope="row" { (r.name) } td.address data-label="E-mail" { (r.email) } td data-label="Rol" { (r.role.label()) }
                            td data-label="Actie" {
                                @if r.staff == p.me && r.role == Role::Clerk {
                                    "uw eigen rol"
                                } @else {
                                    form.inline method="post" action={ (base) "/" (r.staff) "/" (r.role.code()) "/intrekken" } {
                                        input type="hidden" name="csrf" value=(p.csrf);
                                        button.button.button--secondary type="submit" { "Rol intrekken" span.visually-hidden { ": " (r.role.label().to_lowercase()) " van " (r.name) } }
                                    }
                                }
                            }
                        }
                    }
                }
            } }
            h2 { "Iemand een rol geven" }
            p { "Heeft deze persoon nog geen account, dan maakt Klankbord er een aan. Bij de eerste keer aanmelden stelt de persoon de tweede stap in (een app met codes)." }
            form method="post" action={ (base) "/toevoegen" } novalidate {
                input type="hidden" name="csrf" value=(p.csrf);
                (text_field(&TextField { id: "persoon-naam", name: "naam", label: "Naam", kind: "text", value: &p.form.name, autocomplete: "off", max: PersonName::MAX_CHARS }, p.errors))
                (text_field(&TextField { id: "persoon-email", name: "email", label: "E-mailadres", kind: "email", value: &p.form.email, autocomplete: "off", max: MAX_EMAIL_LEN }, p.errors))
                (radios("persoon-rol", "rol", "Rol", &options, &p.form.role, p.errors))
                button.button type="submit" { "Rol geven" }
            }
        },
    )
}

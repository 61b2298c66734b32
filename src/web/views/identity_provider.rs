//! Sign-in through the municipality's identity provider: the griffier's page
//! of link invitations, the page of a mailed link invitation and the pages
//! of a refused return from the provider.

use maud::{Markup, html};

use crate::domain::ids::MunicipalityId;
use crate::service::identity_providers::IdentityProviderPage;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, municipality_trail};

pub fn provider_page(
    nav: &StaffNav,
    municipality: MunicipalityId,
    p: &IdentityProviderPage,
    csrf: &str,
    notice: Option<&str>,
) -> Markup {
    let base = format!("/mijn/gemeenten/{municipality}/inlogdienst");
    page(
        &PageContext::new("Aanmelden via de gemeente")
            .in_municipality(municipality, &p.municipality)
            .staff(
                nav,
                municipality_trail(municipality, "Aanmelden via de gemeente", "inlogdienst"),
            ),
        html! {
            h1 { "Aanmelden via de gemeente" }
            @if let Some(n) = notice { div.notice role="status" { p { (n) } } }
            @match &p.issuer {
                None => {
                    p.lead { "Voor " (p.municipality) " is geen eigen inlogdienst ingesteld. Iedereen meldt zich aan met een link per e-mail en een code uit de authenticator-app." }
                    p { "De beheerder van Klankbord stelt de inlogdienst van de gemeente in (bijvoorbeeld Entra ID)." }
                }
                Some(issuer) => {
                    p.lead { "Mensen met een rol in " (p.municipality) " kunnen zich aanmelden met hun account van de gemeente, nadat dat account één keer aan hun Klankbord-account is gekoppeld." }
                    p { "Inlogdienst: " code { (issuer) } }
                    p { "Koppelen gaat zo: u stuurt iemand een uitnodiging. Die komt per e-mail bij de persoon zelf. De persoon opent de link en meldt zich aan bij de gemeente; daarna is het account gekoppeld. Een uitnodiging werkt 7 dagen en één keer." }
                    div.table-scroll tabindex="0" { table.data.data--stack #koppelingen {
                        caption { "Koppelingen in de gemeente " (p.municipality) }
                        thead { tr { th scope="col" { "Naam" } th scope="col" { "E-mail" } th scope="col" { "Gekoppeld" } th scope="col" { "Actie" } } }
                        tbody {
                            @for person in &p.people {
                                tr {
                                    th scope="row" { (person.name) }
                                    td.address data-label="E-mail" { (person.email) }
                                    td data-label="Gekoppeld" { @if person.linked { "ja" } @else { "nee" } }
                                    td data-label="Actie" {
                                        @if !person.linked {
                                            form.inline method="post" action={ (base) "/" (person.staff) "/uitnodigen" } {
                                                input type="hidden" name="csrf" value=(csrf);
                                                button.button.button--secondary type="submit" { "Uitnodiging sturen" span.visually-hidden { " aan " (person.name) } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
        },
    )
}

fn public(title: &str, body: Markup) -> Markup {
    page(&PageContext::new(title), body)
}

/// The answer to a button that goes to the provider: the browser goes on at
/// once (a redirect of the form's request would break `form-action 'self'`),
/// and the link is there for when it does not.
pub fn leaving_for_provider(address: &str) -> Markup {
    page(
        &PageContext::new("Naar de inlogdienst van de gemeente").refresh_to(address),
        html! {
            h1 { "Naar de inlogdienst van de gemeente" }
            p { "U gaat nu naar de inlogpagina van uw gemeente. Gebeurt er niets? Klik dan op de knop." }
            p { a.button href=(address) { "Verder naar de inlogdienst" } }
        },
    )
}

/// Mail programs open links to check them; a button makes the person's own
/// click the one that starts linking.
pub fn link_invitation(token: &str) -> Markup {
    public(
        "Account koppelen",
        html! {
            h1 { "Uw account van de gemeente koppelen" }
            p { "Klik op de knop. U gaat naar de inlogpagina van uw gemeente. Meldt u zich daar aan, dan koppelt Klankbord dat account aan uw Klankbord-account. Daarna kunt u zich voortaan zo aanmelden." }
            form method="post" action={ "/aanmelden/koppelen/" (token) } {
                button.button type="submit" { "Aanmelden bij de gemeente en koppelen" }
            }
        },
    )
}

pub fn link_invitation_invalid() -> Markup {
    public(
        "Deze uitnodiging werkt niet meer",
        html! {
            h1 { "Deze uitnodiging werkt niet meer" }
            p { "Een uitnodiging om te koppelen werkt 7 dagen en maar één keer." }
            p { "Heeft u uw account al gekoppeld? Dan meldt u zich aan met de knop van uw gemeente op de pagina Aanmelden. Anders vraagt u de griffie om een nieuwe uitnodiging." }
            p { a href="/aanmelden" { "Naar aanmelden" } }
        },
    )
}

pub fn expired() -> Markup {
    public(
        "Aanmelden is niet gelukt",
        html! {
            h1 { "Aanmelden is niet gelukt" }
            p { "Het aanmelden duurde te lang, of kwam niet van deze browser. Begin opnieuw bij aanmelden." }
            p { a href="/aanmelden" { "Opnieuw aanmelden" } }
        },
    )
}

pub fn not_verified() -> Markup {
    public(
        "Aanmelden is niet gelukt",
        html! {
            h1 { "Aanmelden is niet gelukt" }
            p { "Klankbord kon het antwoord van de inlogdienst van de gemeente niet controleren. U bent niet aangemeld. Probeer het opnieuw; lukt het weer niet, neem dan contact op met de griffie." }
            p { a href="/aanmelden" { "Opnieuw aanmelden" } }
        },
    )
}

pub fn confirmation_refused() -> Markup {
    public(
        "Bevestigen is niet gelukt",
        html! {
            h1 { "Bevestigen is niet gelukt" }
            p { "De inlogdienst van de gemeente heeft niet bevestigd dat u het bent, met een tweede stap (zoals een code of een app) en zojuist aangemeld. U heeft het verslag nog niet ondertekend." }
            p { "Probeer het opnieuw vanaf het verslag. Of onderteken met de code uit uw authenticator-app, als u die heeft." }
            p { a href="/mijn" { "Naar Mijn Klankbord" } }
        },
    )
}

pub fn unknown_person() -> Markup {
    public(
        "Account niet bekend",
        html! {
            h1 { "Uw account is niet bekend bij Klankbord" }
            p { "U bent aangemeld bij de gemeente, maar dit account is nog niet gekoppeld aan een Klankbord-account. Er is niets gekoppeld of opgeslagen." }
            p { "Vraag de griffie om een uitnodiging om uw account te koppelen. Of meld u aan met een link per e-mail." }
            p { a href="/aanmelden" { "Naar aanmelden" } }
        },
    )
}

pub fn link_refused() -> Markup {
    public(
        "Koppelen is niet gelukt",
        html! {
            h1 { "Koppelen is niet gelukt" }
            p { "De uitnodiging is al gebruikt of verlopen, of dit account van de gemeente is al aan iemand anders gekoppeld. Er is niets veranderd." }
            p { "Vraag de griffie om een nieuwe uitnodiging." }
            p { a href="/aanmelden" { "Naar aanmelden" } }
        },
    )
}

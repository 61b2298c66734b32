//! Sign-in pages for staff: the e-mail form, the link page, the second
//! factor (set up or entered), the recovery codes, signed out.

use maud::{Markup, PreEscaped, html};

use crate::domain::ids::MunicipalityId;
use crate::web::views::components::ErrorSummary;
use crate::web::views::layout::{PageContext, page};

fn shell(title: &str, body: Markup) -> Markup {
    page(
        &PageContext {
            title,
            municipality: None,
            ..Default::default()
        },
        body,
    )
}

pub fn sign_in_form(
    errors: &[(String, String)],
    email: &str,
    notice: Option<&str>,
    providers: &[(MunicipalityId, String)],
) -> Markup {
    shell(
        "Aanmelden",
        html! {
            (ErrorSummary { errors })
            h1 { "Aanmelden" }
            @if let Some(n) = notice { p.lead { (n) } }
            @if !providers.is_empty() {
                h2 { "Met uw account van de gemeente" }
                ul.provider-list {
                    @for (id, name) in providers {
                        li { a.button href={ "/aanmelden/via/" (id) } { "Aanmelden via " (name) } }
                    }
                }
                h2 { "Met een link per e-mail" }
            }
            p { "Voor griffiers, leden van de klankbordcommissie, burgemeesters en raadsleden. U krijgt een link per e-mail; daarna vraagt Klankbord een code uit uw authenticator-app." }
            form method="post" action="/aanmelden" novalidate {
                div.form-group.form-group--error[!errors.is_empty()] {
                    label.question for="email" { "Uw e-mailadres" }
                    @for (_, e) in errors { p.field-error #email-fout { span.visually-hidden { "Fout: " } (e) } }
                    input #email type="email" name="email" autocomplete="email" value=(email) required;
                }
                button.button type="submit" { "Stuur mij een aanmeldlink" }
            }
        },
    )
}

pub fn link_sent() -> Markup {
    shell(
        "Kijk in uw e-mail",
        html! {
            h1 { "Kijk in uw e-mail" }
            p { "Als dit adres bij Klankbord bekend is, ontvangt u binnen een minuut een e-mail met een aanmeldlink. De link werkt 10 minuten en één keer." }
            p { "Geen e-mail gekregen? Kijk ook in de map met ongewenste e-mail, of vraag de griffie of uw adres bekend is." }
        },
    )
}

/// Mail programs open links to check them; a button makes the person's
/// own click the one that uses the link.
pub fn link_confirm(token: &str) -> Markup {
    shell(
        "Aanmelden",
        html! {
            h1 { "Aanmelden bij Klankbord" }
            p { "Klik op de knop om verder te gaan. Daarna vraagt Klankbord de code uit uw authenticator-app." }
            form method="post" action={ "/aanmelden/link/" (token) } {
                button.button type="submit" { "Verder met aanmelden" }
            }
        },
    )
}

pub fn link_invalid() -> Markup {
    shell(
        "Deze link werkt niet meer",
        html! {
            h1 { "Deze link werkt niet meer" }
            p { "Een aanmeldlink werkt 10 minuten en maar één keer. Vraag een nieuwe link aan." }
            p { a href="/aanmelden" { "Naar aanmelden" } }
        },
    )
}

fn code_field(errors: &[(String, String)]) -> Markup {
    html! {
        div.form-group.form-group--error[!errors.is_empty()] {
            label.question for="code" { "Code uit de app (6 cijfers)" }
            @for (_, e) in errors { p.field-error #code-fout { span.visually-hidden { "Fout: " } (e) } }
            input #code type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required
                aria-describedby=[(!errors.is_empty()).then_some("code-fout")];
        }
    }
}

pub fn enrol(
    qr_svg: &str,
    secret: &str,
    sealed: &str,
    csrf: &str,
    errors: &[(String, String)],
) -> Markup {
    shell(
        "Tweede stap instellen",
        html! {
            (ErrorSummary { errors })
            h1 { "Tweede stap instellen" }
            p { "Klankbord vraagt bij elke aanmelding een code uit een authenticator-app op uw telefoon (bijvoorbeeld de app van uw organisatie, of een andere app voor tijdgebonden codes)." }
            ol {
                li { "Open de app en kies ‘account toevoegen’." }
                li { "Scan deze QR-code, of typ de sleutel eronder over." }
                li { "Vul de code van 6 cijfers in die de app nu toont." }
            }
            figure.qr {
                (PreEscaped(qr_svg))
                figcaption { "Sleutel om over te typen: " code { (secret) } }
            }
            form method="post" action="/aanmelden/tweede-stap" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="sleutel" value=(sealed);
                (code_field(errors))
                button.button type="submit" { "Bevestigen" }
            }
        },
    )
}

pub fn code_form(csrf: &str, errors: &[(String, String)]) -> Markup {
    shell(
        "Code invullen",
        html! {
            (ErrorSummary { errors })
            h1 { "Code invullen" }
            p { "Vul de code van 6 cijfers in uit uw authenticator-app. Heeft u uw telefoon niet bij u? Vul dan een van uw herstelcodes in." }
            form method="post" action="/aanmelden/tweede-stap" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                (code_field(errors))
                button.button type="submit" { "Aanmelden" }
            }
        },
    )
}

pub fn recovery_codes(codes: &[String]) -> Markup {
    shell(
        "Uw herstelcodes",
        html! {
            h1 { "Uw herstelcodes" }
            p { "U bent aangemeld. Bewaar deze codes op een veilige plek: met elk ervan kunt u één keer aanmelden als u uw telefoon niet bij u heeft. Klankbord toont ze maar één keer." }
            ul.recovery-codes { @for c in codes { li { code { (c) } } } }
            p { a.button href="/mijn" { "Verder naar Klankbord" } }
        },
    )
}

pub fn signed_out() -> Markup {
    sign_in_form(&[], "", Some("U bent afgemeld."), &[])
}

//! The pages every footer links to: contact, privacyverklaring and
//! toegankelijkheidsverklaring — in general, and per municipality with its
//! own contact details.

use maud::{Markup, html};

use crate::domain::retention::RetentionPolicy;
use crate::service::contact_details::PublicContact;
use crate::web::views::layout::{PageContext, page};

/// The date of the toegankelijkheidsverklaring (change it with the statement).
pub const ACCESSIBILITY_STATEMENT_DATE: &str = "7 december 2026";

fn context<'a>(title: &'a str, c: Option<&'a PublicContact>) -> PageContext<'a> {
    match c {
        Some(c) => PageContext::new(title).in_municipality(c.municipality, &c.name),
        None => PageContext::new(title),
    }
}

fn mail(address: &str) -> Markup {
    html! { a href={ "mailto:" (address) } { (address) } }
}

/// The griffie's address (and phone) as a sentence part.
fn griffie(c: &PublicContact) -> Markup {
    html! {
        "de griffie van de gemeente " (c.name) ", " (mail(&c.griffie_email))
        @if let Some(phone) = &c.griffie_phone {
            ", telefoon " a href={ "tel:" (crate::domain::contact::PhoneNumber::parse(phone).map(|p| p.dial()).unwrap_or_default()) } { (phone) }
        }
    }
}

/// `/contact` and `/gemeenten/{id}/contact`.
pub fn contact(c: Option<&PublicContact>) -> Markup {
    page(
        &context("Contact", c),
        html! {
            h1 { "Contact" }
            @match c {
                Some(c) => {
                    p.lead { "Klankbord is het hulpmiddel waarmee de griffie van de gemeente " (c.name) " input verzamelt voor het klankbordgesprek tussen de gemeenteraad en de burgemeester." }
                    h2 { "Vragen over een uitnodiging, de vragenlijst of de uitkomsten" }
                    p { "Neem contact op met " (griffie(c)) ". Contactpersoon: " (c.clerk_name) "." }
                    h2 { "Vragen over uw persoonsgegevens" }
                    p { "Mail naar " (mail(&c.privacy_email)) ". Lees ook de " a href={ "/gemeenten/" (c.municipality) "/privacyverklaring" } { "privacyverklaring" } "." }
                }
                None => {
                    p.lead { "Klankbord wordt gebruikt door gemeenten. De griffie van de gemeente verzamelt er input mee voor het klankbordgesprek tussen de gemeenteraad en de burgemeester." }
                    h2 { "Vragen over een uitnodiging of de vragenlijst" }
                    p { "Neem contact op met de griffie van uw gemeente. Haar naam en e-mailadres staan in de uitnodiging die u kreeg, en onderaan de vragenlijst onder ‘Contact’." }
                }
            }
            h2 { "Een beveiligingsprobleem melden" }
            p { "Heeft u een zwakke plek in de beveiliging van Klankbord gevonden? Meld die dan via het adres in " a href="/.well-known/security.txt" { "security.txt" } ". Zet er geen persoonsgegevens in die u niet nodig heeft." }
        },
    )
}

/// `/privacyverklaring` and `/gemeenten/{id}/privacyverklaring`, with the
/// municipality's bewaartermijnen (the defaults on the general page).
pub fn privacy(c: Option<&PublicContact>, retention: &RetentionPolicy) -> Markup {
    let who = match c {
        Some(c) => html! { "De gemeente " (c.name) },
        None => html! { "De gemeente die u uitnodigde of die u een rol gaf" },
    };
    page(
        &context("Privacyverklaring", c),
        html! {
            h1 { "Privacyverklaring" }
            p.lead { "Wat Klankbord over u bewaart, waarom, hoe lang, en bij wie u terechtkunt." }

            h2 { "Wie is verantwoordelijk" }
            p { (who) " is verantwoordelijk voor de persoonsgegevens in Klankbord. De griffie voert het uit, namens de gemeenteraad. Klankbord is het hulpmiddel; wie het voor de gemeente draait, verwerkt de gegevens alleen in opdracht van de gemeente." }

            h2 { "Waarvoor" }
            p { "Voor het klankbordgesprek tussen een commissie uit de gemeenteraad (de klankbordcommissie) en de burgemeester. Klankbord verzamelt daarvoor anoniem de ervaringen van referenten: mensen die met de burgemeester samenwerken." }

            h2 { "Als u referent bent" }
            p { "Klankbord bewaart:" }
            ul {
                li { "uw naam, uw e-mailadres en de groep waarin u bent uitgenodigd (bijvoorbeeld gemeenteraad of ambtelijke organisatie), om u uit te nodigen en zo nodig te herinneren;" }
                li { "of u bent uitgenodigd, de vragenlijst heeft ingevuld, liever een persoonlijk gesprek wilt, of dat de e-mail niet aankwam. De griffie ziet dat, zodat zij alleen wie nog niet reageerde een herinnering stuurt — nooit wát u antwoordde;" }
                li { "als iemand u voordroeg als referent: wie dat deed, met de reden, en het besluit van de commissie." }
            }
            p { strong { "Uw antwoorden zijn nooit aan uw naam gekoppeld." } " Zolang de vragenlijst open staat, bewaart Klankbord uw antwoorden alleen versleuteld, met de groep erbij en verder niets: niet uw naam, niet uw uitnodiging, geen tijdstip, geen IP-adres en geen gegevens van uw browser. Niemand kan ze dan lezen, ook de griffie niet. Alleen wie de database én de geheime sleutel van de server heeft, zou ze kunnen lezen zolang de vragenlijst open is." }
            p { "Als de vragenlijst sluit, telt Klankbord de antwoorden per groep bij elkaar. Alleen wat veilig getoond kan worden, wordt bewaard: gemiddelden of verdelingen per groep die groot genoeg is, en de toelichtingen zonder naam. De losse antwoorden en de sleutel worden daarna vernietigd. Maakt een toelichting iemand herkenbaar, dan kan dat deel worden weggelaten; de rest blijft staan." }
            p { "De link in uw uitnodiging is persoonlijk. Klankbord bewaart die link niet zelf, alleen een versleutelde afgeleide ervan. Om de link uit de adresbalk te halen, zet Klankbord hem twee uur in een cookie die alleen voor de vragenlijst is. Klankbord gebruikt geen cookies om u te volgen en meet geen bezoekers." }

            h2 { "Als u voor de gemeente met Klankbord werkt" }
            p { "Voor de griffie, de klankbordcommissie, de burgemeester en raadsleden bewaart Klankbord:" }
            ul {
                li { "uw naam, uw e-mailadres en uw rollen in de gemeente;" }
                li { "uw aanmeldingen: een sessie (wanneer begonnen, wanneer laatst actief; na 30 minuten zonder activiteit of na 12 uur werkt zij niet meer), de geheime sleutel van uw tweede stap (versleuteld) en uw herstelcodes (alleen als afgeleide);" }
                li { "een logboek van wie wat deed en wanneer: aanmelden, uitkomsten bekijken of downloaden, rollen, instellingen en rondes wijzigen. Het logboek bevat nooit antwoorden of andere inhoud;" }
                li { "voor de burgemeester ook: de zelfevaluatie en de reflectie op de raad. Die zijn niet anoniem: de klankbordcommissie en de griffie lezen ze." }
            }
            p { "Om misbruik tegen te gaan, telt Klankbord pogingen per internetadres, als versleutelde afgeleide en hooguit een uur lang." }

            (crate::web::views::retention::privacy_section(retention))

            h2 { "Uw rechten en bij wie u terechtkunt" }
            p { "U mag vragen welke gegevens over u zijn bewaard, ze laten verbeteren of laten verwijderen. Uw antwoorden kunnen we u niet laten zien of apart verwijderen: niemand kan nagaan welke antwoorden van u zijn." }
            @match c {
                Some(c) => {
                    p { "Stuur uw vraag naar " (mail(&c.privacy_email))
                        @if c.privacy_set { " (de contactpersoon voor privacy van de gemeente " (c.name) ")" }
                        @else { " (" (griffie(c)) ")" }
                        "." }
                }
                None => {
                    p { "Stuur uw vraag naar de griffie van uw gemeente, of naar de functionaris gegevensbescherming van die gemeente. Het adres van de griffie staat in de uitnodiging die u kreeg." }
                }
            }
            p { "Bent u het niet eens met hoe de gemeente met uw gegevens omgaat? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens." }
        },
    )
}

/// `/toegankelijkheid`: following the model of digitoegankelijk.nl.
pub fn accessibility() -> Markup {
    page(
        &PageContext::new("Toegankelijkheidsverklaring"),
        html! {
            h1 { "Toegankelijkheidsverklaring" }
            p.lead { "Klankbord wil voor iedereen bruikbaar zijn: voor referenten die de vragenlijst invullen en voor de griffie, de klankbordcommissie en de burgemeester. Het doel is de norm WCAG 2.1 niveau AA (EN 301 549), zoals het Besluit digitale toegankelijkheid overheid vraagt." }

            h2 { "Nalevingsstatus" }
            p { strong { "Eerste maatregelen genomen." } " Klankbord is bij elke nieuwe versie automatisch en met eigen controles getest (zie hieronder). Een onderzoek door een onafhankelijke deskundige is nog niet gedaan; daarom claimen we nog niet dat Klankbord volledig aan de eisen voldoet." }

            h2 { "Wat is getest" }
            ul {
                li { "Een volledige ronde, zoals de mensen die doorlopen (beheerder, griffier, burgemeester, voorzitter, tien referenten), in de browser Chromium. Elke pagina op die route is gecontroleerd met axe-core op de regels van WCAG 2.0 en 2.1, niveau A en AA: geen fouten." }
                li { "Elke pagina op die route op 1280, 640 en 320 pixels breed: de pagina scrolt niet zijwaarts (herschikken, WCAG 1.4.10)." }
                li { "Een referent die de vragenlijst alleen met het toetsenbord invult: de volgorde, zichtbare focus, de foutmelding die de focus krijgt." }
                li { "Een referent op een telefoonscherm, het afdrukken van de uitkomsten, en de weergave met hoog contrast (geforceerde kleuren)." }
                li { "Elke pagina heeft de taal Nederlands, elk formulierveld een label, en grafieken een tekstalternatief en een tabel met dezelfde cijfers." }
            }

            h2 { "Wat (nog) niet goed is of niet getest" }
            ul {
                li { "Er is nog niet getest met een schermlezer (zoals NVDA of VoiceOver) door mensen die er dagelijks mee werken." }
                li { "Alleen Chromium is automatisch getest, niet Firefox of Safari." }
                li { "Pagina’s buiten de geteste route (foutpagina’s, een verlopen aanmeldlink, de samenvatting voor raadsleden) zijn niet apart gecontroleerd. Ze gebruiken dezelfde opmaak." }
                li { "Brede tabellen op de uitkomstenpagina scrollen op een smal scherm binnen hun eigen vak." }
            }

            h2 { "Een probleem melden" }
            p { "Kunt u iets niet lezen of gebruiken? Meld het bij de griffie van uw gemeente (het adres staat in uw uitnodiging en onder ‘Contact’ onderaan elke pagina). Zeg op welke pagina het was en wat er misging. De griffie zoekt met u naar een oplossing, en u kunt uw input altijd ook in een persoonlijk gesprek geven." }

            h2 { "Datum" }
            p { "Deze verklaring is opgesteld op " (ACCESSIBILITY_STATEMENT_DATE) "." }
        },
    )
}

//! Simple pages: home, thank-you, and the pages for links that cannot be used.

use maud::{Markup, html};

use crate::web::views::components::message_page_body;
use crate::web::views::layout::{PageContext, page};

fn simple(title: &str, paragraphs: &[&str]) -> Markup {
    simple_in(None, title, paragraphs)
}

fn simple_in(municipality: Option<&str>, title: &str, paragraphs: &[&str]) -> Markup {
    page(
        &PageContext {
            title,
            municipality,
            house_style: None,
        },
        message_page_body(title, paragraphs),
    )
}

pub fn problem(title: &str, text: &str) -> Markup {
    simple(title, &[text])
}

pub fn home() -> Markup {
    page(
        &PageContext {
            title: "Welkom bij Klankbord",
            municipality: None,
            house_style: None,
        },
        html! {
            h1 { "Welkom bij Klankbord" }
            p { "Met Klankbord vraagt de klankbordcommissie van de gemeenteraad mensen om hun ervaringen met de burgemeester. Die input helpt bij het klankbordgesprek tussen gemeenteraad en burgemeester." }
            p { "Heeft u een uitnodiging gekregen? Gebruik dan de persoonlijke link in uw e-mail. U hoeft geen account te maken." }
        },
    )
}

pub fn link_unknown() -> Markup {
    simple(
        "Deze link werkt niet",
        &[
            "We kennen deze link niet. Misschien is de link in uw e-mail niet helemaal meegekopieerd.",
            "Klik op de link in de e-mail, of kopieer de hele link naar de adresbalk van uw browser. Lukt het niet? Neem dan contact op met de griffie van uw gemeente.",
        ],
    )
}

pub fn already_answered() -> Markup {
    simple(
        "U heeft de vragenlijst al ingevuld",
        &[
            "Met deze link is de vragenlijst al verstuurd. Uw antwoorden zijn opgeslagen. U kunt ze niet meer wijzigen, en niemand kan zien welke antwoorden van u zijn.",
            "Bedankt voor uw bijdrage.",
        ],
    )
}

pub fn already_declined() -> Markup {
    simple(
        "U heeft gekozen voor een gesprek",
        &[
            "U heeft laten weten dat u uw input liever in een persoonlijk gesprek geeft. De griffie neemt daarover contact met u op. De vragenlijst kunt u met deze link niet meer invullen.",
        ],
    )
}

pub fn round_closed() -> Markup {
    simple(
        "De vragenlijst is gesloten",
        &[
            "De periode om input te geven is voorbij. Daarom kunt u de vragenlijst niet meer invullen.",
            "Wilt u toch nog iets laten weten? Neem dan contact op met de griffie van uw gemeente.",
        ],
    )
}

pub fn rate_limited(retry_after_secs: i64) -> Markup {
    let minutes = (retry_after_secs + 59) / 60;
    let wait = if minutes <= 1 {
        "een minuut".to_owned()
    } else {
        format!("{minutes} minuten")
    };
    let text = format!(
        "Vanaf uw verbinding zijn te veel onbekende links geprobeerd. Probeer het over {wait} opnieuw met de link uit uw e-mail."
    );
    simple("Even geduld", &[&text])
}

pub fn no_session() -> Markup {
    simple(
        "Open de vragenlijst via uw e-mail",
        &[
            "We weten niet welke vragenlijst u wilt invullen. Misschien heeft u de pagina lang open laten staan, of is de pagina in een andere browser geopend.",
            "Klik opnieuw op de link in uw uitnodiging. U kunt dan gewoon verder; er is nog niets verstuurd.",
        ],
    )
}

pub fn thanks(municipality: Option<&str>) -> Markup {
    simple_in(
        municipality,
        "Bedankt voor uw antwoorden",
        &[
            "Uw antwoorden zijn anoniem opgeslagen. Niemand kan zien welke antwoorden van u zijn.",
            "De klankbordcommissie gebruikt alle input bij de voorbereiding van het klankbordgesprek met de burgemeester. U kunt dit venster nu sluiten.",
        ],
    )
}

pub fn declined(municipality: Option<&str>) -> Markup {
    simple_in(
        municipality,
        "Bedankt voor uw bericht",
        &[
            "U heeft laten weten dat u uw input liever in een persoonlijk gesprek geeft. Er zijn geen antwoorden opgeslagen.",
            "De griffie ziet uw keuze en neemt contact met u op om een gesprek af te spreken. U kunt dit venster nu sluiten.",
        ],
    )
}

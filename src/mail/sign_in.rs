//! The sign-in mail: a link valid for ten minutes, used once.

use maud::html;

use crate::mail::templates::RenderedMail;

pub fn render(name: &str, link: &str, minutes: i64) -> RenderedMail {
    let text = format!(
        "Beste {name},\n\n\
         Met deze link meldt u zich aan bij Klankbord. De link werkt {minutes} minuten en één keer:\n\n\
         {link}\n\n\
         Daarna vraagt Klankbord de code uit uw authenticator-app.\n\n\
         Heeft u niet gevraagd om aan te melden? Dan kunt u deze e-mail negeren; er gebeurt niets.\n"
    );
    let body = html! {
        p { "Beste " (name) "," }
        p { "Met deze link meldt u zich aan bij Klankbord. De link werkt " (minutes) " minuten en één keer:" }
        p { a href=(link) { "Aanmelden bij Klankbord" } }
        p { "Daarna vraagt Klankbord de code uit uw authenticator-app." }
        p { "Heeft u niet gevraagd om aan te melden? Dan kunt u deze e-mail negeren; er gebeurt niets." }
    };
    RenderedMail {
        subject: "Uw aanmeldlink voor Klankbord".into(),
        text,
        html: format!(
            "<!DOCTYPE html><html lang=\"nl\"><body>{}</body></html>",
            body.into_string()
        ),
    }
}

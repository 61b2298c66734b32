//! The mail that a concept verslag is ready to read: a link, never any of
//! its text (the verslag is confidential and stays in Klankbord).

use maud::html;

use crate::mail::templates::RenderedMail;

pub fn concept_ready(name: &str, municipality: &str, link: &str) -> RenderedMail {
    let text = format!(
        "Beste {name},\n\n\
         Het concept van het verslag van het klankbordgesprek in {municipality} staat klaar.\n\
         U kunt het lezen en per onderdeel commentaar geven in Klankbord:\n\n\
         {link}\n\n\
         Het verslag is vertrouwelijk. Daarom staat de tekst niet in deze e-mail.\n"
    );
    let body = html! {
        p { "Beste " (name) "," }
        p { "Het concept van het verslag van het klankbordgesprek in " (municipality) " staat klaar. U kunt het lezen en per onderdeel commentaar geven in Klankbord:" }
        p { a href=(link) { "Het concept lezen" } }
        p { "Het verslag is vertrouwelijk. Daarom staat de tekst niet in deze e-mail." }
    };
    RenderedMail {
        subject: "Concept verslag klankbordgesprek klaar om te lezen".into(),
        text,
        html: format!(
            "<!DOCTYPE html><html lang=\"nl\"><body>{}</body></html>",
            body.into_string()
        ),
    }
}

//! The invitation to link one's account at the municipality's identity
//! provider to one's Klankbord account: a link valid for some days, used once.

use maud::html;

use crate::mail::templates::RenderedMail;

pub fn render(name: &str, municipality: &str, link: &str, days: i64) -> RenderedMail {
    let text = format!(
        "Beste {name},\n\n\
         De griffie van {municipality} nodigt u uit om voortaan bij Klankbord aan te melden met uw account van de gemeente.\n\
         Open deze link en meld u aan bij de gemeente. De link werkt {days} dagen en één keer:\n\n\
         {link}\n\n\
         Daarna koppelt Klankbord uw account van de gemeente aan uw Klankbord-account.\n\n\
         Verwachtte u deze e-mail niet? Dan kunt u hem negeren; er gebeurt niets.\n"
    );
    let body = html! {
        p { "Beste " (name) "," }
        p { "De griffie van " (municipality) " nodigt u uit om voortaan bij Klankbord aan te melden met uw account van de gemeente." }
        p { "Open deze link en meld u aan bij de gemeente. De link werkt " (days) " dagen en één keer:" }
        p { a href=(link) { "Account koppelen" } }
        p { "Daarna koppelt Klankbord uw account van de gemeente aan uw Klankbord-account." }
        p { "Verwachtte u deze e-mail niet? Dan kunt u hem negeren; er gebeurt niets." }
    };
    RenderedMail {
        subject: "Koppel uw account van de gemeente aan Klankbord".into(),
        text,
        html: format!(
            "<!DOCTYPE html><html lang=\"nl\"><body>{}</body></html>",
            body.into_string()
        ),
    }
}

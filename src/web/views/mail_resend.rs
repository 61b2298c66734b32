//! The confirmation page of "Opnieuw versturen": which mail goes to whom
//! once more, and the one button that does it.

use maud::{Markup, html};

use crate::service::mail_resend::FailedMail;
use crate::service::round_info::RoundInfo;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, round_trail};

pub fn resend_page(
    nav: &StaffNav,
    info: &RoundInfo,
    invitation: &str,
    failed: Option<&FailedMail>,
    csrf: &str,
) -> Markup {
    let base = format!("/mijn/rondes/{}", info.id);
    let title = "Mail opnieuw versturen?";
    page(
        &PageContext::new(title)
            .for_round(info)
            .staff(nav, round_trail(nav, info)),
        html! {
            h1 { (title) }
            @if let Some(f) = failed {
                p.lead { "De " (f.kind_label) " aan " strong { (f.rater_name) } " (" span.address { (f.rater_email) } ") kon niet worden bezorgd." }
                @if let Some(reason) = &f.reason {
                    p { "Reden: " (reason) "." }
                }
                ul.confirm__facts {
                    li { "Alleen deze ene mail gaat opnieuw naar dit adres, met dezelfde link. Andere referenten krijgen niets." }
                    li { "Controleer eerst of het adres klopt. Is het adres fout? Dan helpt opnieuw versturen niet." }
                }
                form.confirm method="post" action={ (base) "/referenten/" (invitation) "/opnieuw-versturen" } {
                    input type="hidden" name="csrf" value=(csrf);
                    div.confirm__buttons {
                        button.button type="submit" { "Ja, opnieuw versturen" }
                        a.button.button--secondary href=(base) { "Nee, terug naar de ronde" }
                    }
                }
            } @else {
                p { "Voor deze referent is geen mislukte mail om opnieuw te versturen." }
                p { a.button.button--secondary href=(base) { "Terug naar de ronde" } }
            }
        },
    )
}

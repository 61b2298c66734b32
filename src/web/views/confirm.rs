//! The confirmation pages of the griffier's actions that cannot be undone:
//! what will happen, in numbers, and one button that does it (a form with
//! `bevestigen`; no JavaScript). "Nee" goes back to the round.

use maud::{Markup, html};

use crate::anonymity::forecast::Outlook;
use crate::domain::round::RoundState;
use crate::service::clerk::{ActionCheck, CloseCheck, InviteCheck, RemindCheck};
use crate::service::round_info::RoundInfo;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, round_trail};

/// "1 referent", "3 referenten".
pub fn referenten(n: usize) -> String {
    if n == 1 {
        "1 referent".to_owned()
    } else {
        format!("{n} referenten")
    }
}

/// The form that does it, and the way back.
fn buttons(action: &str, csrf: &str, label: &str, extra: Markup, back: &str) -> Markup {
    html! {
        form.confirm method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="bevestigen" value="ja";
            (extra)
            div.confirm__buttons {
                button.button type="submit" { (label) }
                a.button.button--secondary href=(back) { "Nee, terug naar de ronde" }
            }
        }
    }
}

fn back_only(back: &str) -> Markup {
    html! { p { a.button.button--secondary href=(back) { "Terug naar de ronde" } } }
}

pub fn confirmation_page(
    nav: &StaffNav,
    info: &RoundInfo,
    check: &ActionCheck,
    csrf: &str,
) -> Markup {
    let base = format!("/mijn/rondes/{}", info.id);
    let (title, body) = match check {
        ActionCheck::Close(c) => ("Vragenlijst nu sluiten?", close(info, c, csrf, &base)),
        ActionCheck::Invite(i) => ("Uitnodigingen versturen?", invite(info, i, csrf, &base)),
        ActionCheck::Remind(r) => ("Herinnering sturen?", remind(r, csrf, &base)),
    };
    page(
        &PageContext::new(title)
            .for_round(info)
            .staff(nav, round_trail(nav, info)),
        html! {
            p.context { (crate::web::views::clerk::capitalised(info.kind.label())) " met burgemeester " (info.mayor_name) }
            h1 { (title) }
            (body)
        },
    )
}

fn close(info: &RoundInfo, c: &CloseCheck, csrf: &str, base: &str) -> Markup {
    if info.state == RoundState::Closed {
        return html! { p { "Deze ronde is al gesloten." } (back_only(base)) };
    }
    html! {
        @if c.early {
            p.lead { "De vragenlijst sluit volgens plan " (crate::dutch::instant(c.closes_at)) ". Als u nu sluit:" }
        } @else {
            p.lead { "Als u nu sluit:" }
        }
        ul.confirm__facts {
            li { strong { (c.not_reacted) " van de " (referenten(c.invited)) } " " (if c.not_reacted == 1 { "heeft" } else { "hebben" }) " nog niet gereageerd; hun link werkt daarna niet meer." }
            li { "De antwoorden worden meteen geteld en de uitkomsten gemaakt, voor wie de deelmodus dat toestaat." }
            li { strong { "Dit kan niet ongedaan worden gemaakt." } }
        }
        (buttons(&format!("{base}/sluiten"), csrf, "Ja, de vragenlijst nu sluiten", html! {}, base))
    }
}

fn invite(info: &RoundInfo, i: &InviteCheck, csrf: &str, base: &str) -> Markup {
    if info.state == RoundState::Closed {
        return html! { p { "Deze ronde is gesloten; er gaan geen uitnodigingen meer uit." } (back_only(base)) };
    }
    if i.new == 0 {
        return html! {
            p { "Er zijn geen nieuwe referenten om uit te nodigen. " a href={ (base) "/referenten" } { "Referenten toevoegen" } }
            (back_only(base))
        };
    }
    let k = info.min_group_size.get();
    html! {
        p.lead { strong { (referenten(i.new)) } " " (if i.new == 1 { "krijgt" } else { "krijgen" }) " nu een uitnodiging per e-mail, met een persoonlijke link naar de vragenlijst." }
        ul.confirm__facts {
            @if info.state == RoundState::Draft {
                li { "Daarmee gaat de vragenlijst open. Daarna liggen het soort gesprek, de openingsdatum, de minimale groepsgrootte en de vragenlijst vast." }
            }
            @if i.before_opening {
                li { strong { "Dit is eerder dan gepland." } " De geplande openingsdatum is " (crate::dutch::date(i.opens_on)) ". De referenten kunnen meteen beginnen; de vragenlijst sluit op de geplande dag." }
            }
            li { "Een verstuurde uitnodiging kan niet worden teruggehaald." }
        }
        @if !i.small.is_empty() {
            div.notice role="note" {
                h2 { "Groepen die niet apart te zien zullen zijn" }
                @if i.small.iter().any(|g| g.outlook == Outlook::TooFewInRound) {
                    p { "Er staan in de hele ronde minder dan " (k) " referenten op de lijst. Dan komen er geen cijfers: de uitkomsten zeggen alleen ‘te weinig reacties’." }
                } @else {
                    p { "Een groep is alleen apart te zien als minstens " (i.needed) " mensen uit die groep reageren (de minimale groepsgrootte " (k) ", plus één voor wie een ander zou kunnen herkennen). Met de lijst zoals die nu is, tellen de antwoorden van deze groepen mee bij ‘overige referenten’ en in het totaal, maar niet apart:" }
                    ul {
                        @for g in &i.small {
                            li {
                                (g.name) ": " (referenten(g.headcount as usize)) " op de lijst"
                                @if g.headcount >= i.needed { " (genoeg, maar deze groep gaat mee omdat de overige referenten samen anders te weinig zijn)" }
                            }
                        }
                    }
                }
                p { a href={ (base) "/referenten" } { "Eerst referenten toevoegen" } }
            }
        }
        (buttons(&format!("{base}/uitnodigen"), csrf, &format!("Ja, {} uitnodigen", referenten(i.new)), html! {}, base))
    }
}

fn remind(r: &RemindCheck, csrf: &str, base: &str) -> Markup {
    if r.waiting == 0 {
        return html! {
            p { "Er is niemand om te herinneren: wie is uitgenodigd, heeft gereageerd of heeft al een herinnering die nog verstuurd wordt." }
            (back_only(base))
        };
    }
    let others = r.waiting - r.recent;
    html! {
        p.lead { strong { (referenten(r.waiting)) } " " (if r.waiting == 1 { "heeft" } else { "hebben" }) " nog niet gereageerd en " (if r.waiting == 1 { "krijgt" } else { "krijgen" }) " een herinnering per e-mail." }
        @if r.recent > 0 {
            p { strong { (r.recent) " van hen" } " " (if r.recent == 1 { "kreeg" } else { "kregen" }) " de uitnodiging minder dan een dag geleden. Een herinnering zo kort daarna komt vaak als ongeduld over." }
        }
        (buttons(&format!("{base}/herinneren"), csrf, "Herinnering sturen", html! {
            @if r.recent > 0 {
                fieldset.form-group {
                    legend { "Aan wie?" }
                    div.choice {
                        input type="radio" name="wie" id="wie-anderen" value="anderen" checked[others > 0] disabled[others == 0];
                        label for="wie-anderen" { "Alleen aan de " (referenten(others)) " die langer dan een dag geleden zijn uitgenodigd" }
                    }
                    div.choice {
                        input type="radio" name="wie" id="wie-iedereen" value="iedereen" checked[others == 0];
                        label for="wie-iedereen" { "Aan alle " (referenten(r.waiting)) }
                    }
                }
            }
        }, base))
    }
}

//! The verslag pages of a round: the griffier's writing and processing, the
//! participants' concept with their comments, the signing page and the
//! confirmations. Plain text only; forms work without JavaScript.

use maud::{Markup, html};

use crate::domain::verslag::{
    COMMENT_MAX, CommentOutcome, HEADING_MAX, HEADINGS_MAX, REPLY_MAX, SECTION_MAX, VerslagState,
};
use crate::service::round_info::RoundInfo;
use crate::service::verslag::{CommentView, SigningPage, VerslagPage, VerslagView};
use crate::web::views::components::ErrorSummary;
use crate::web::views::fields::{radios, text_area};
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, round_page_trail};
use crate::web::views::verslag_document::{archive_href, document, signatures};

fn error<'a>(errors: &'a [(String, String)], id: &str) -> Option<&'a str> {
    errors.iter().find(|e| e.0 == id).map(|e| e.1.as_str())
}

fn base(info: &RoundInfo) -> String {
    format!("/mijn/rondes/{}/verslag", info.id)
}

fn shell(nav: &StaffNav, info: &RoundInfo, title: &str, body: Markup) -> Markup {
    page(
        &PageContext::new(title)
            .for_round(info)
            .staff(nav, round_page_trail(nav, info, "Verslag", "verslag")),
        body,
    )
}

/// `/mijn/rondes/{id}/verslag`: what the reader may do with the verslag now.
pub fn verslag_page(
    nav: &StaffNav,
    p: &VerslagPage,
    errors: &[(String, String)],
    typed: &[(String, String)],
) -> Markup {
    let info = &p.info;
    let title = if errors.is_empty() {
        "Verslag"
    } else {
        "Fout: verslag"
    };
    shell(
        nav,
        info,
        title,
        html! {
            (ErrorSummary { errors })
            h1 { "Verslag van het gesprek" }
            @match &p.verslag {
                None if p.clerk && p.meeting_held => {
                    p.lead { "Het verslag is nog niet begonnen." }
                    form method="post" action={ (base(info)) "/beginnen" } {
                        input type="hidden" name="csrf" value=(nav.csrf);
                        button.button type="submit" { "Verslag beginnen" }
                    }
                }
                None if p.clerk => {
                    p.lead { "U schrijft het verslag na het klankbordgesprek, vanaf " (crate::dutch::date(info.meeting_on)) "." }
                }
                None => { p.lead { "De griffier schrijft het verslag. U krijgt een e-mail zodra het concept klaarstaat." } }
                Some(v) => {
                    p.verslag__state { "Stand: " strong { (v.state.label()) } }
                    @if p.clerk { (clerk_part(nav, p, v, errors, typed)) }
                    @else { (reader_part(nav, p, v, errors, typed)) }
                }
            }
            @if let Some(o) = &p.original {
                section aria-labelledby="kop-origineel" {
                    h2 #kop-origineel { "Het vastgestelde verslag" }
                    p { "Dit verslag wordt gecorrigeerd. Tot de correctie is vastgesteld, geldt dit verslag. Het blijft zoals het is." }
                    (document(&o.document, &|_| html! {}))
                    (signatures(o, &archive_href(p.info.id)))
                }
            }
        },
    )
}

fn typed_or<'a>(typed: &'a [(String, String)], id: &str, stored: &'a str) -> &'a str {
    typed
        .iter()
        .find(|t| t.0 == id)
        .map_or(stored, |t| t.1.as_str())
}

fn clerk_part(
    nav: &StaffNav,
    p: &VerslagPage,
    v: &VerslagView,
    errors: &[(String, String)],
    typed: &[(String, String)],
) -> Markup {
    let b = base(&p.info);
    if v.state == VerslagState::Adopted {
        return html! {
            (adopted(p, v))
            section aria-labelledby="kop-correctie" {
                h2 #kop-correctie { "Een fout in het vastgestelde verslag?" }
                p { "Een vastgesteld verslag verandert niet. U maakt een correctie: een nieuw verslag dat naar dit verslag verwijst. Het gaat opnieuw als concept naar de deelnemers en wordt opnieuw ondertekend." }
                p { a.button.button--secondary href={ (b) "/correctie" } { "Correctie maken" } }
            }
        };
    }
    html! {
        (next_step(&b, v))
        (signers(v))
        section aria-labelledby="kop-deelnemers" {
            h2 #kop-deelnemers { "Wie namen deel?" }
            form method="post" action={ (b) "/deelnemers" } {
                input type="hidden" name="csrf" value=(nav.csrf);
                fieldset.form-group.form-group--error[error(errors, "deelnemers").is_some()] #deelnemers {
                    legend { "Aanwezig bij het gesprek" }
                    @if let Some(e) = error(errors, "deelnemers") { p.field-error { span.visually-hidden { "Fout: " } (e) } }
                    @for (who, name, role, chosen) in &p.candidates {
                        div.choice {
                            input type="checkbox" id={ "deelnemer-" (who) } name="deelnemer" value=(who) checked[*chosen];
                            label for={ "deelnemer-" (who) } { (name) " (" (role.label().to_lowercase()) ")" }
                        }
                    }
                }
                button.button.button--secondary type="submit" { "Deelnemers opslaan" }
            }
        }
        @if v.state == VerslagState::Writing { (headings_form(nav, &b, v, errors, typed)) }
        section aria-labelledby="kop-tekst" {
            h2 #kop-tekst { "Tekst per kop" }
            p { "Schrijf gewone tekst. Een lege regel begint een nieuwe alinea." }
            @for s in &v.sections {
                @let id = format!("tekst-{}", s.position);
                div.verslag__edit {
                    h3 { (s.heading) }
                    @if s.agreements != 0 {
                        p { "Deze kop vult Klankbord met de " a href={ "/mijn/rondes/" (p.info.id) "/afspraken" } { "afspraken van het gesprek" } "." }
                    } @else {
                        form method="post" action={ (b) "/koppen/" (s.position) } {
                            input type="hidden" name="csrf" value=(nav.csrf);
                            (text_area(&id, &format!("Tekst onder ‘{}’", s.heading), "", SECTION_MAX, typed_or(typed, &id, &s.body), error(errors, &id)))
                            button.button.button--secondary type="submit" { "Tekst opslaan" }
                        }
                    }
                    @for k in v.kanttekeningen.iter().filter(|k| k.section == s.position) {
                        @let kid = format!("kanttekening-{}", k.id);
                        form method="post" action={ (b) "/kanttekeningen/" (k.id) } {
                            input type="hidden" name="csrf" value=(nav.csrf);
                            (text_area(&kid, &format!("Kanttekening{}", k.holder.as_ref().map(|h| format!(" van {h}")).unwrap_or_default()), "", COMMENT_MAX, typed_or(typed, &kid, &k.text), error(errors, &kid)))
                            button.button.button--secondary type="submit" { "Kanttekening opslaan" }
                        }
                    }
                }
            }
        }
        @if !v.comments.is_empty() {
            section aria-labelledby="kop-commentaar" {
                h2 #kop-commentaar { "Commentaar op het concept" }
                @for c in &v.comments { (clerk_comment(nav, &b, v, c, errors, typed)) }
            }
        }
        section aria-labelledby="kop-voorbeeld" {
            h2 #kop-voorbeeld { "Zo leest het verslag" }
            (document(&v.document, &|_| html! {}))
        }
    }
}

/// The headings of this verslag, one per line, while writing (see
/// `Klankbord::set_verslag_headings` for what may change once text is
/// written).
fn headings_form(
    nav: &StaffNav,
    b: &str,
    v: &VerslagView,
    errors: &[(String, String)],
    typed: &[(String, String)],
) -> Markup {
    let written = v.sections.iter().any(|s| !s.body.trim().is_empty());
    let lines: String = v
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let agreements = v
        .sections
        .iter()
        .find(|s| s.agreements != 0)
        .map_or("", |s| s.heading.as_str());
    let hint = if written {
        "Eén kop per regel. Er staat al tekst in het verslag: u kunt koppen een andere naam geven en onderaan koppen toevoegen. Weghalen of verplaatsen kan niet meer; zo blijft uw tekst onder de goede kop."
    } else {
        "Eén kop per regel. U kunt koppen een andere naam geven, toevoegen, weghalen en in een andere volgorde zetten. Dit geldt alleen voor het verslag van dit gesprek."
    };
    html! {
        section aria-labelledby="kop-koppen" {
            h2 #kop-koppen { "Koppen van dit verslag" }
            form.verslag__headings method="post" action={ (b) "/koppen" } {
                input type="hidden" name="csrf" value=(nav.csrf);
                (text_area("koppen", "Koppen", hint, HEADINGS_MAX * (HEADING_MAX + 1), typed_or(typed, "koppen", &lines), error(errors, "koppen")))
                div.form-group.form-group--error[error(errors, "afspraken").is_some()] {
                    label.question for="afspraken" { "Kop met de afspraken" }
                    p.hint #afspraken-hint { "Typ de kop precies zoals hij in de lijst staat. Klankbord vult hem met de afspraken van het gesprek." }
                    input #afspraken type="text" name="afspraken" aria-describedby="afspraken-hint" maxlength=(HEADING_MAX) value=(typed_or(typed, "afspraken", agreements));
                }
                button.button.button--secondary type="submit" { "Koppen opslaan" }
            }
        }
    }
}

fn next_step(b: &str, v: &VerslagView) -> Markup {
    let open = v.comments.iter().filter(|c| c.outcome.is_none()).count();
    html! {
        @match v.state {
            VerslagState::Writing => p { a.button href={ (b) "/concept-delen" } { "Concept delen met de deelnemers" } },
            VerslagState::Concept if open > 0 => p { a href="#kop-commentaar" { "Nog " (open) " commentaar open" } ". Verwerk al het commentaar; daarna maakt u de definitieve versie." },
            VerslagState::Concept => p { a.button href={ (b) "/definitief" } { "Definitieve versie maken" } },
            VerslagState::Definitive => {
                @if let Some((n, hash)) = &v.version {
                    p { "Definitieve versie " (n) ", kenmerk (SHA-256): " code.verslag__hash { (hash) } }
                }
            }
            VerslagState::Adopted => {}
        }
    }
}

fn signers(v: &VerslagView) -> Markup {
    html! {
        @if v.state == VerslagState::Definitive {
            section aria-labelledby="kop-handtekeningen" {
                h2 #kop-handtekeningen { "Handtekeningen" }
                ul {
                    @for s in &v.signers {
                        li { (s.name) " (" (s.role.label().to_lowercase()) "): "
                            @match s.signed_at {
                                Some(at) => { "ondertekend op " (crate::dutch::instant(jiff::Timestamp::from_second(at).unwrap_or_default())) }
                                None => { "nog niet ondertekend" }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn clerk_comment(
    nav: &StaffNav,
    b: &str,
    v: &VerslagView,
    c: &CommentView,
    errors: &[(String, String)],
    typed: &[(String, String)],
) -> Markup {
    let heading = v
        .document
        .sections
        .get(c.section)
        .map_or("", |s| s.heading.as_str());
    let text_id = format!("toelichting-{}", c.id);
    let options: Vec<(&str, &str)> = CommentOutcome::ALL
        .iter()
        .map(|o| (o.code(), o.label()))
        .collect();
    html! {
        article.verslag__comment {
            h3 { (c.author) " over ‘" (heading) "’" }
            blockquote { p { (c.body) } }
            p { @if c.named { "Mag bij naam genoemd worden als dit een kanttekening wordt." } @else { "Wil niet bij naam genoemd worden." } }
            @match c.outcome {
                Some(o) => p { strong { (o.label()) } @if !c.reply.is_empty() { ": " (c.reply) } },
                None if v.state == VerslagState::Concept => {
                    form method="post" action={ (b) "/commentaar/" (c.id) "/verwerken" } {
                        input type="hidden" name="csrf" value=(nav.csrf);
                        (radios(&format!("uitkomst-{}", c.id), "uitkomst", "Wat doet u met dit commentaar?", &options, typed_or(typed, "uitkomst", ""), errors))
                        (text_area(&text_id, "Toelichting", "Bij ‘niet overgenomen’ is een antwoord nodig. Bij een kanttekening: de tekst van de kanttekening (leeg: het commentaar zelf).", COMMENT_MAX.max(REPLY_MAX), typed_or(typed, &text_id, ""), error(errors, &text_id)))
                        button.button.button--secondary type="submit" { "Verwerken" }
                    }
                }
                None => p { "Niet verwerkt." },
            }
        }
    }
}

fn adopted(p: &VerslagPage, v: &VerslagView) -> Markup {
    html! {
        p { "Dit verslag is vastgesteld en verandert niet meer." }
        @if let Some(copy) = &v.archive {
            (document(&copy.document, &|_| html! {}))
            (signatures(copy, &archive_href(p.info.id)))
        }
    }
}

fn reader_part(
    nav: &StaffNav,
    p: &VerslagPage,
    v: &VerslagView,
    errors: &[(String, String)],
    typed: &[(String, String)],
) -> Markup {
    if v.state == VerslagState::Adopted {
        return adopted(p, v);
    }
    let b = base(&p.info);
    let extra = |n: usize| {
        let id = format!("commentaar-{n}");
        html! {
            @for c in v.comments.iter().filter(|c| c.section == n) {
                div.verslag__comment {
                    p { strong { "Uw commentaar: " } (c.body) }
                    p { "Wat ermee gebeurde: "
                        @match c.outcome {
                            Some(o) => { strong { (o.label()) } @if !c.reply.is_empty() { ". Antwoord van de griffier: " (c.reply) } }
                            None => { "nog niet verwerkt." }
                        }
                    }
                }
            }
            @if p.may_comment {
                form method="post" action={ (b) "/commentaar" } {
                    input type="hidden" name="csrf" value=(nav.csrf);
                    input type="hidden" name="kop" value=(n);
                    (text_area(&id, "Uw commentaar op deze kop", "", COMMENT_MAX, typed_or(typed, &id, ""), error(errors, &id)))
                    div.choice {
                        input type="checkbox" id={ "genoemd-" (n) } name="genoemd" value="ja";
                        label for={ "genoemd-" (n) } { "Als dit een kanttekening wordt, mag mijn naam erbij staan." }
                    }
                    button.button.button--secondary type="submit" { "Commentaar geven" }
                }
            }
        }
    };
    html! {
        @if p.to_sign {
            p { a.button href={ (b) "/ondertekenen" } { "Verslag ondertekenen" } }
        }
        (signers(v))
        (document(&v.document, &extra))
    }
}

/// A confirmation for an irreversible step: what happens, one button that
/// re-posts `fields` with `bevestigen`, and the way back.
pub fn confirm_page(
    nav: &StaffNav,
    info: &RoundInfo,
    title: &str,
    facts: &[&str],
    action: &str,
    label: &str,
    fields: &[(String, String)],
) -> Markup {
    shell(
        nav,
        info,
        title,
        html! {
            h1 { (title) }
            ul.confirm__facts { @for f in facts { li { (f) } } }
            form.confirm method="post" action=(action) {
                input type="hidden" name="csrf" value=(nav.csrf);
                input type="hidden" name="bevestigen" value="ja";
                @for (k, val) in fields { input type="hidden" name=(k) value=(val); }
                div.confirm__buttons {
                    button.button type="submit" { (label) }
                    a.button.button--secondary href=(base(info)) { "Nee, terug naar het verslag" }
                }
            }
        },
    )
}

/// `/mijn/rondes/{id}/verslag/ondertekenen`.
pub fn signing_page(nav: &StaffNav, s: &SigningPage, errors: &[(String, String)]) -> Markup {
    let title = if errors.is_empty() {
        "Verslag ondertekenen"
    } else {
        "Fout: verslag ondertekenen"
    };
    let b = base(&s.info);
    shell(
        nav,
        &s.info,
        title,
        html! {
            (ErrorSummary { errors })
            h1 { "Verslag ondertekenen" }
            dl {
                dt { "Versie" } dd { (s.number) }
                dt { "Kenmerk (SHA-256)" } dd { code.verslag__hash { (s.hash) } }
                dt { "U tekent als" } dd { (s.role.label()) }
            }
            @if s.signed {
                p { "U heeft deze versie ondertekend." }
            } @else {
                p { "Met uw handtekening verklaart u dat deze versie van het verslag klopt. Het kenmerk hoort bij precies deze tekst: verandert er iets, dan vervalt uw handtekening." }
                a href=(b) { "Lees het verslag eerst" }
                @if s.confirm_at_provider && !s.fresh {
                    h2 { "Bevestigen via de gemeente" }
                    p { "U meldt u opnieuw aan bij de inlogdienst van " (s.info.municipality) ", met de tweede stap (zoals een code of een app). Daarna komt u hier terug en ondertekent u zonder code." }
                    form method="post" action={ (b) "/ondertekenen/inlogdienst" } {
                        input type="hidden" name="csrf" value=(nav.csrf);
                        button.button.button--secondary type="submit" { "Bevestigen via de inlogdienst van " (s.info.municipality) }
                    }
                    h2 { "Of ondertekenen met een code" }
                }
                form method="post" action={ (b) "/ondertekenen" } novalidate {
                    input type="hidden" name="csrf" value=(nav.csrf);
                    input type="hidden" name="kenmerk" value=(s.hash);
                    div.form-group.form-group--error[error(errors, "code").is_some()] {
                        label.question for="code" { "Code uit uw authenticator-app (of een herstelcode)" }
                        @if s.fresh { p.hint { "U bevestigde zojuist dat u het bent; u hoeft geen code te typen." } }
                        @if let Some(e) = error(errors, "code") { p.field-error { span.visually-hidden { "Fout: " } (e) } }
                        input #code type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="32" spellcheck="false";
                    }
                    button.button type="submit" { "Ondertekenen" }
                }
            }
        },
    )
}

//! The griffier's page of one round: the cycle, progress per group, who
//! answered (never what), and the actions.

use maud::{Markup, html};

use crate::domain::invitation::InvitationStatus;
use crate::domain::round::RoundState;
use crate::domain::schedule::{next_step, schedule};
use crate::service::round_info::RoundInfo;
use crate::service::rounds::{GroupProgress, MailCounts, RaterStatus};
use crate::web::views::layout::{PageContext, page};

pub struct ClerkRound<'a> {
    pub info: &'a RoundInfo,
    pub today: jiff::civil::Date,
    pub progress: &'a [GroupProgress],
    pub raters: &'a [RaterStatus],
    pub mail: &'a MailCounts,
    pub csrf: &'a str,
    pub notice: Option<&'a str>,
    /// The agreements of the previous round for the same burgemeester.
    pub previous: Option<&'a crate::service::meeting::PreviousAgreements>,
}

fn action(path: &str, csrf: &str, label: &str, secondary: bool) -> Markup {
    html! {
        form.inline method="post" action=(path) {
            input type="hidden" name="csrf" value=(csrf);
            button.button.(if secondary { "button--secondary" } else { "" }) type="submit" { (label) }
        }
    }
}

pub(crate) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The klankbordgesprek itself: agenda, agreements, the burgemeester's
/// reflection, and the previous round's agreements whose status the
/// griffier keeps up to date.
fn meeting_spot(r: &ClerkRound<'_>, base: &str) -> Markup {
    use crate::web::views::meeting::{StatusForm, previous_agreements};
    html! {
        h2 { "Klankbordgesprek" }
        ul {
            li { a href={ (base) "/agenda" } { "Agenda: volgorde bepalen" } }
            li { a href={ (base) "/afspraken" } { "Afspraken vastleggen (na het gesprek)" } }
            li { a href={ (base) "/reflectie" } { "Reflectie van de burgemeester op de raad" } }
        }
        @if let Some(prev) = r.previous {
            (previous_agreements(prev, Some(&StatusForm { round: r.info, csrf: r.csrf, back: "ronde", errors: &[], typed: None })))
        }
    }
}

pub fn round_page(r: &ClerkRound<'_>) -> Markup {
    let info = r.info;
    let steps = schedule(
        info.meeting_on,
        info.closes_at
            .to_zoned(crate::domain::round::amsterdam())
            .date(),
    );
    let next = next_step(&steps, r.today);
    let base = format!("/mijn/rondes/{}", info.id);
    page(
        &PageContext {
            title: "Ronde beheren",
            municipality: Some(&info.municipality),
            house_style: crate::web::views::house_style::links(info.house_style),
        },
        html! {
            h1 { (capitalised(info.kind.label())) " met burgemeester " (info.mayor_name) }
            @if let Some(n) = r.notice { div.notice role="status" { p { (n) } } }
            p.lead { "Het klankbordgesprek is op " (crate::dutch::date(info.meeting_on)) ". De vragenlijst sluit " (crate::dutch::instant(info.closes_at)) ". Minimale groepsgrootte: " (info.min_group_size.get()) ". " (info.sharing.who_sees()) }
            // Round setup: the settings and the groups.
            ul.actions {
                li { a href={ (base) "/instellingen" } { "Instellingen (soort gesprek, data, groepsgrootte)" } }
                li { a href={ (base) "/groepen" } { "Groepen referenten (en wat apart te zien is)" } }
            }
            h2 { "Planning" }
            ol.timeline {
                @for (i, s) in steps.iter().enumerate() {
                    li.(if Some(i) == next { "timeline__step timeline__step--next" } else { "timeline__step" }) aria-current=[(Some(i) == next).then_some("step")] {
                        strong { "Week " (s.week) ": " } (s.what) " — " (crate::dutch::date(s.on))
                        @if Some(i) == next { " " span.tag { "volgende stap" } }
                    }
                }
            }
            h2 { "Voortgang per groep" }
            div.table-scroll tabindex="0" { table.data {
                caption { "Reacties per groep (wat iemand antwoordde, ziet niemand)" }
                thead { tr { th scope="col" { "Groep" } th scope="col" { "Referenten" } th scope="col" { "Uitgenodigd" } th scope="col" { "Ingevuld" } th scope="col" { "Liever een gesprek" } th scope="col" { "Genoeg voor cijfers" } } }
                tbody {
                    @for g in r.progress.iter().filter(|g| !g.group.is_self) {
                        tr {
                            th scope="row" { (g.group.name) }
                            td { (g.raters) } td { (g.invited) } td { (g.answered) } td { (g.prefers_conversation) }
                            td { @if g.k_reached { "ja" } @else { "nog niet (minstens " (info.min_group_size.get()) ")" } }
                        }
                    }
                }
            } }
            @if let Some(own) = r.progress.iter().find(|g| g.group.is_self) {
                p { "Zelfevaluatie van de burgemeester: " @if own.responses > 0 { "ingevuld" } @else { "nog niet ingevuld" } "." }
            }
            p { "Mail: " (r.mail.sent) " verstuurd, " (r.mail.pending) " wachtend, " (r.mail.failed) " mislukt." }
            // Questionnaire (composed by the griffier, previewed per group).
            h2 { "Vragenlijst" }
            p { a href={ (base) "/vragenlijst" } { @if info.state == RoundState::Draft { "De vragenlijst samenstellen en per groep bekijken" } @else { "De vragenlijst bekijken" } } }
            h2 { "Referenten" }
            p { a href={ (base) "/referenten" } { "Referenten toevoegen of de lijst bekijken" } }
            div.table-scroll tabindex="0" { table.data {
                caption { "Per referent: uitgenodigd, ingevuld, liever een gesprek of mail mislukt — nooit de antwoorden" }
                thead { tr { th scope="col" { "Naam" } th scope="col" { "E-mail" } th scope="col" { "Groep" } th scope="col" { "Status" } } }
                tbody {
                    @for p in r.raters {
                        tr {
                            th scope="row" { (p.name) }
                            td { (p.email) } td { (p.group_name) }
                            td { @if p.mail_failed { "mail mislukt" } @else { (p.status.label()) } }
                        }
                    }
                }
            } }
            (meeting_spot(r, &base))
            h2 { "Acties" }
            div.actions {
                @match info.state {
                    RoundState::Draft => (action(&format!("{base}/uitnodigen"), r.csrf, "Uitnodigingen versturen", false)),
                    RoundState::Open => {
                        (action(&format!("{base}/uitnodigen"), r.csrf, "Nieuwe referenten uitnodigen", true))
                        @if r.raters.iter().any(|p| p.status == InvitationStatus::Invited) {
                            (action(&format!("{base}/herinneren"), r.csrf, "Herinnering sturen aan wie nog niet reageerde", false))
                        }
                        (action(&format!("{base}/sluiten"), r.csrf, "Vragenlijst nu sluiten", true))
                    },
                    RoundState::Closed => p { "De ronde is gesloten. " a href={ (base) "/uitkomsten" } { "Bekijk de uitkomsten" } "." },
                }
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

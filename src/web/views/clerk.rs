//! The griffier's page of one round: at the top where the round stands and
//! its one next step, then a few sections (the order follows the stage):
//! Reacties, Voorbereiden, Klankbordgesprek, Planning. Who answered is
//! shown, never what.

use maud::{Markup, html};

use crate::domain::invitation::InvitationStatus;
use crate::domain::schedule::{CDK, Closing, Stage, next_step_with_verslag, schedule};
use crate::service::round_info::RoundInfo;
use crate::service::rounds::{GroupProgress, MailCounts, RaterStatus};
use crate::web::views::cdk_deliveries::round_section as cdk_section;
use crate::web::views::confirm::referenten;
use crate::web::views::layout::{PageContext, page};
use crate::web::views::nav::{StaffNav, round_trail};
use crate::web::views::retention::round_section as retention_section;
use crate::web::views::verslag_status::round_section as verslag_section;

pub struct ClerkRound<'a> {
    pub nav: &'a StaffNav<'a>,
    pub info: &'a RoundInfo,
    pub now: jiff::Timestamp,
    pub today: jiff::civil::Date,
    pub progress: &'a [GroupProgress],
    pub raters: &'a [RaterStatus],
    pub mail: &'a MailCounts,
    pub csrf: &'a str,
    pub notice: Option<&'a str>,
    /// The agreements of the previous round for the same burgemeester.
    pub previous: Option<&'a crate::service::meeting::PreviousAgreements>,
    /// The verslag and the commissaris van de Koning (week 9, planning).
    pub cdk: &'a crate::service::provinces::CdkStatus,
    /// The verslag's state and next step.
    pub verslag: Option<&'a crate::service::verslag_status::VerslagStatus>,
    /// What of the round was deleted when (bewaartermijnen).
    pub retention: &'a crate::service::retention::RoundRetention,
}

/// A button that posts to `path` (the action asks first where it must).
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

/// Counts of the referenten by status.
struct Tally {
    total: usize,
    not_sent: usize,
    invited: usize,
    answered: usize,
    conversation: usize,
}

impl Tally {
    fn of(raters: &[RaterStatus]) -> Tally {
        let n = |s: InvitationStatus| raters.iter().filter(|r| r.status == s).count();
        Tally {
            total: raters.len(),
            not_sent: n(InvitationStatus::NotSent),
            invited: n(InvitationStatus::Invited),
            answered: n(InvitationStatus::Answered),
            conversation: n(InvitationStatus::PrefersConversation),
        }
    }

    fn reacted(&self) -> usize {
        self.answered + self.conversation
    }
}

/// The top of the page: the state in words and the one next step.
fn next_step_panel(r: &ClerkRound<'_>, stage: Stage, t: &Tally, base: &str) -> Markup {
    let info = r.info;
    let named: Vec<&GroupProgress> = r.progress.iter().filter(|g| !g.group.is_self).collect();
    let apart = named.iter().filter(|g| g.shown_apart).count();
    html! {
        section.round-status aria-labelledby="stand" {
            h2 #stand { span.tag.round-status__stage { (stage.label()) } " " span.visually-hidden { "— " } "Volgende stap" }
            p.round-status__dates {
                (crate::dutch::closing_sentence(Closing::of(info.state, info.closes_at, r.now)))
                " Het klankbordgesprek " (if stage == Stage::MeetingHeld { "was op " } else { "is op " }) (crate::dutch::date(info.meeting_on)) "."
            }
            @match stage {
                Stage::Closed | Stage::MeetingHeld if r.verslag.is_some_and(|v| v.due) => {
                    @if let Some(v) = r.verslag {
                        p { "Verslag: " (v.state_text()) ". " (v.next) }
                        div.round-status__actions {
                            @if let Some((label, href)) = &v.action { a.button href=(href) { (label) } }
                            a.button.button--secondary href={ (base) "/afspraken" } { "Afspraken vastleggen" }
                        }
                    }
                }
                Stage::Preparation => {
                    @if t.total == 0 {
                        p { "Er staan nog geen referenten op de lijst. Voeg ze toe (of importeer een lijst); daarna kijkt u de vragenlijst na en verstuurt u de uitnodigingen." }
                        p.round-status__actions { a.button href={ (base) "/referenten" } { "Referenten toevoegen" } }
                    } @else {
                        p { (referenten(t.total)) " " (if t.total == 1 { "staat" } else { "staan" }) " op de lijst. Kijk de vragenlijst na en verstuur dan de uitnodigingen; daarmee gaat de vragenlijst open. Gepland: " (crate::dutch::date(info.opens_on)) "." }
                        div.round-status__actions {
                            (action(&format!("{base}/uitnodigen"), r.csrf, "Uitnodigingen versturen", false))
                            a.button.button--secondary href={ (base) "/vragenlijst" } { "Vragenlijst nakijken" }
                            a.button.button--secondary href={ (base) "/referenten" } { "Referenten toevoegen" }
                        }
                    }
                }
                Stage::Open => {
                    p { strong { (t.reacted()) " van de " (referenten(t.invited + t.reacted())) } " " (if t.reacted() == 1 { "heeft" } else { "hebben" }) " gereageerd (" (t.answered) " ingevuld, " (t.conversation) " liever een gesprek). "
                        (apart) " van de " (named.len()) " groepen " (if apart == 1 { "heeft" } else { "hebben" }) " genoeg reacties om apart te zien." }
                    @if t.not_sent > 0 {
                        p { (referenten(t.not_sent)) " " (if t.not_sent == 1 { "staat" } else { "staan" }) " op de lijst maar " (if t.not_sent == 1 { "is" } else { "zijn" }) " nog niet uitgenodigd." }
                    }
                    div.round-status__actions {
                        @if t.invited > 0 {
                            (action(&format!("{base}/herinneren"), r.csrf, "Herinnering sturen", false))
                        }
                        @if t.not_sent > 0 {
                            (action(&format!("{base}/uitnodigen"), r.csrf, "Nieuwe referenten uitnodigen", t.invited > 0))
                        }
                        (action(&format!("{base}/sluiten"), r.csrf, "Vragenlijst nu sluiten", true))
                    }
                }
                Stage::Closed => {
                    p { (t.answered) " van de " (referenten(t.invited + t.reacted())) " " (if t.answered == 1 { "vulde" } else { "vulden" }) " de vragenlijst in. Lees de uitkomsten en zet de agenda voor het gesprek klaar." }
                    div.round-status__actions {
                        a.button href={ (base) "/uitkomsten" } { "Uitkomsten bekijken" }
                        a.button.button--secondary href={ (base) "/agenda" } { "Agenda" }
                    }
                }
                Stage::MeetingHeld => {
                    p { "Leg de afspraken uit het gesprek vast; het volgende gesprek begint ermee." }
                    div.round-status__actions {
                        a.button href={ (base) "/afspraken" } { "Afspraken vastleggen" }
                        a.button.button--secondary href={ (base) "/uitkomsten" } { "Uitkomsten bekijken" }
                    }
                }
            }
        }
    }
}

/// Progress per group and the referenten table.
fn responses_section(r: &ClerkRound<'_>, stage: Stage, t: &Tally) -> Markup {
    let needed = r.info.shown_apart_from();
    // A referent's address can be removed on request until the round closes.
    let erasable = r.info.state != crate::domain::round::RoundState::Closed;
    html! {
        section.round-section aria-labelledby="reacties" {
            h2 #reacties { "Reacties" }
            @if stage != Stage::Preparation {
                div.table-scroll tabindex="0" { table.data.data--stack {
                    caption { "Reacties per groep (wat iemand antwoordde, ziet niemand)" }
                    thead { tr { th scope="col" { "Groep" } th scope="col" { "Referenten" } th scope="col" { "Ingevuld" } th scope="col" { "Liever een gesprek" } th scope="col" { "Apart te zien" } } }
                    tbody {
                        @for g in r.progress.iter().filter(|g| !g.group.is_self) {
                            tr {
                                th scope="row" { (g.group.name) }
                                td data-label="Referenten" { (g.raters) } td data-label="Ingevuld" { (g.answered) } td data-label="Liever een gesprek" { (g.prefers_conversation) }
                                td data-label="Apart te zien" {
                                    @if g.shown_apart { "ja" }
                                    @else if erasable { "nog niet (vanaf " (needed) " ingevuld)" }
                                    @else { "nee (minder dan " (needed) " ingevuld)" }
                                }
                            }
                        }
                    }
                } }
                p.hint { "Een groep is apart te zien vanaf " (needed) " ingevulde vragenlijsten: de minimale groepsgrootte (" (r.info.min_group_size.get()) ") plus één voor wie een ander zou kunnen herkennen. Anders tellen de antwoorden mee in het totaal." }
            }
            @if let Some(own) = r.progress.iter().find(|g| g.group.is_self) {
                p { "Zelfevaluatie van de burgemeester: " @if own.responses > 0 { "ingevuld" } @else { "nog niet ingevuld" } "." }
            }
            p { "Mail: " (r.mail.sent) " verstuurd, " (r.mail.pending) " wachtend, " (r.mail.failed) " mislukt." }
            @if t.total > 0 {
                div.table-scroll tabindex="0" { table.data.data--stack {
                    caption { "Per referent: uitgenodigd, ingevuld, liever een gesprek of mail mislukt — nooit de antwoorden" }
                    thead { tr { th scope="col" { "Naam" } th scope="col" { "E-mail" } th scope="col" { "Groep" } th scope="col" { "Status" } @if erasable { th scope="col" { "Op verzoek" } } } }
                    tbody {
                        @for p in r.raters {
                            tr {
                                th scope="row" { (p.name) }
                                td.address data-label="E-mail" { (p.email) } td data-label="Groep" { (p.group_name) }
                                td data-label="Status" {
                                    @if p.mail_failed {
                                        "mail mislukt"
                                        @if stage == Stage::Open {
                                            " " a href={ "/mijn/rondes/" (r.info.id) "/referenten/" (p.invitation) "/opnieuw-versturen" } { "Opnieuw versturen" span.visually-hidden { " aan " (p.name) } }
                                        }
                                    } @else { (p.status.label()) }
                                }
                                @if erasable {
                                    td data-label="Op verzoek" { a href={ "/mijn/rondes/" (r.info.id) "/referenten/" (p.invitation) "/adres-verwijderen" } { "Adres verwijderen" span.visually-hidden { " van " (p.name) } } }
                                }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// Settings, groups, questionnaire, referenten, voordrachten.
fn preparation_section(r: &ClerkRound<'_>, stage: Stage, base: &str) -> Markup {
    let info = r.info;
    let draft = stage == Stage::Preparation;
    html! {
        section.round-section aria-labelledby="voorbereiden" {
            h2 #voorbereiden { "Voorbereiden" }
            p { "Minimale groepsgrootte: " (info.min_group_size.get()) ". " (info.sharing.who_sees()) }
            ul.link-list {
                li { a href={ (base) "/instellingen" } { @if draft { "Instellingen: soort gesprek, data, groepsgrootte" } @else { "Instellingen bekijken" } } }
                li { a href={ (base) "/groepen" } { @if draft { "Groepen referenten (en wat apart te zien is)" } @else { "Groepen referenten bekijken" } } }
                li { a href={ (base) "/vragenlijst" } { @if draft { "De vragenlijst samenstellen en per groep bekijken" } @else { "De vragenlijst bekijken" } } }
                li { a href={ (base) "/referenten" } { @if stage == Stage::Preparation || stage == Stage::Open { "Referenten toevoegen of de lijst bekijken" } @else { "De lijst van referenten bekijken" } } }
                li { a href={ (base) "/voordrachten" } { "Voordrachten van de commissie en de burgemeester" } }
            }
        }
    }
}

/// The klankbordgesprek itself: agenda, agreements, the burgemeester's
/// reflection, and the previous round's agreements whose status the
/// griffier keeps up to date.
fn meeting_section(r: &ClerkRound<'_>, base: &str) -> Markup {
    use crate::web::views::meeting::{StatusForm, previous_agreements};
    html! {
        section.round-section aria-labelledby="gesprek" {
            h2 #gesprek { "Klankbordgesprek" }
            ul.link-list {
                li { a href={ (base) "/agenda" } { "Agenda: volgorde bepalen" } }
                li { a href={ (base) "/afspraken" } { "Afspraken vastleggen (na het gesprek)" } }
                li { a href={ (base) "/reflectie" } { "Reflectie van de burgemeester op de raad" } }
                li { a href={ (base) "/verslag" } { "Verslag: schrijven, concept delen, ondertekenen (na het gesprek)" } }
            }
            @if let Some(prev) = r.previous {
                (previous_agreements(prev, Some(&StatusForm { round: r.info, csrf: r.csrf, back: "ronde", errors: &[], typed: None })))
            }
        }
    }
}

/// The handreiking's weeks, with the step that comes next in this stage.
fn planning_section(r: &ClerkRound<'_>, stage: Stage) -> Markup {
    let info = r.info;
    let steps = schedule(
        info.meeting_on,
        info.closes_at
            .to_zoned(crate::domain::round::amsterdam())
            .date(),
    );
    let due = r.verslag.is_some_and(|v| v.due);
    let next = next_step_with_verslag(&steps, stage, r.today, r.cdk.step, due);
    html! {
        section.round-section aria-labelledby="planning" {
            h2 #planning { "Planning" }
            ol.timeline {
                @for (i, s) in steps.iter().enumerate() {
                    li.(if Some(i) == next { "timeline__step timeline__step--next" } else { "timeline__step" }) aria-current=[(Some(i) == next).then_some("step")] {
                        strong { "Week " (s.week) ": " } (s.what) " — " (crate::dutch::date(s.on))
                        @if i == CDK { " (" (crate::web::views::cdk_deliveries::step_text(r.cdk.step)) ")" }
                        @if Some(i) == next { " " span.tag { "volgende stap" } }
                    }
                }
            }
            @if next.is_none() { p { "Alle stappen van deze ronde zijn geweest." } }
        }
    }
}

pub fn round_page(r: &ClerkRound<'_>) -> Markup {
    let info = r.info;
    let stage = Stage::of(info.state, r.today, info.meeting_on);
    let tally = Tally::of(r.raters);
    let base = format!("/mijn/rondes/{}", info.id);
    page(
        &PageContext::new("Ronde beheren")
            .for_round(info)
            .staff(r.nav, round_trail(r.nav, info)),
        html! {
            h1 { (capitalised(info.kind.label())) " met burgemeester " (info.mayor_name) }
            @if let Some(n) = r.notice { div.notice role="status" { p { (n) } } }
            (next_step_panel(r, stage, &tally, &base))
            @match stage {
                Stage::Preparation => {
                    (preparation_section(r, stage, &base))
                    (responses_section(r, stage, &tally))
                    (planning_section(r, stage))
                    (cdk_section(r.cdk, &base))
                    (meeting_section(r, &base))
                    @if let Some(v) = r.verslag { (verslag_section(v)) }
                }
                Stage::Open => {
                    (responses_section(r, stage, &tally))
                    (retention_section(r.retention, info.municipality_id))
                    (preparation_section(r, stage, &base))
                    (planning_section(r, stage))
                    (cdk_section(r.cdk, &base))
                    (meeting_section(r, &base))
                    @if let Some(v) = r.verslag { (verslag_section(v)) }
                }
                Stage::Closed | Stage::MeetingHeld => {
                    @if let Some(v) = r.verslag { (verslag_section(v)) }
                    (meeting_section(r, &base))
                    (cdk_section(r.cdk, &base))
                    (responses_section(r, stage, &tally))
                    (retention_section(r.retention, info.municipality_id))
                    (planning_section(r, stage))
                    (preparation_section(r, stage, &base))
                }
            }
            p { a href="/mijn" { "Terug naar Mijn Klankbord" } }
        },
    )
}

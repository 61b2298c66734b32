//! What the CLI prints: plain Dutch text for people at a terminal.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::config::{MailTransportSettings, Settings};
use crate::domain::rater_import::ImportError;
use crate::domain::staff::Role;
use crate::service::Klankbord;
use crate::service::demo::DemoReport;
use crate::service::demo_concept::DEMO_SECOND_MUNICIPALITY;
use crate::service::mail_delivery::DeliveryReport;
use crate::service::results::RoundResults;
use crate::service::round_info::RoundInfo;
use crate::service::rounds::{GroupProgress, MailCounts, RaterStatus};

use super::CliError;

pub fn import_errors(e: &ImportError) -> String {
    match e {
        ImportError::Rows(rows) => {
            let mut s = format!("{e}\n");
            for r in rows {
                s.push_str(&format!("  regel {}: {}\n", r.line, r.message));
            }
            s.trim_end().to_owned()
        }
        other => other.to_string(),
    }
}

/// After `invite` or `remind`: how many mails were queued, and how the one
/// delivery pass went.
pub fn queued_and_sent(queued: usize, what: &str, d: &DeliveryReport) {
    println!(
        "{queued} {what} klaargezet; {} verstuurd, {} later opnieuw, {} mislukt.",
        d.sent, d.retried, d.failed
    );
}

pub fn rounds(rounds: &[RoundInfo]) {
    if rounds.is_empty() {
        println!(
            "Er zijn nog geen rondes. Maak er een met `klankbord create-round` of probeer `klankbord demo`."
        );
        return;
    }
    println!(
        "{:<36}  {:<14}  {:<13}  {:<22}  sluit",
        "id", "status", "gemeente", "soort"
    );
    for r in rounds {
        println!(
            "{:<36}  {:<14}  {:<13}  {:<22}  {}",
            r.id,
            r.state.code(),
            r.municipality,
            r.kind.code(),
            crate::dutch::instant(r.closes_at)
        );
    }
}

pub fn raters(raters: &[RaterStatus]) {
    if raters.is_empty() {
        println!("Deze ronde heeft nog geen referenten.");
        return;
    }
    for r in raters {
        let mail = if r.mail_failed {
            "  (mail mislukt)"
        } else {
            ""
        };
        println!(
            "{:<28} {:<34} {:<24} {}{mail}",
            r.name,
            r.email,
            r.group_name,
            r.status.label()
        );
    }
}

pub fn counts(info: &RoundInfo, groups: &[GroupProgress], mail: &MailCounts) {
    println!(
        "Ronde {} ({}, {}), status {}; k = {}",
        info.id,
        info.municipality,
        info.kind.label(),
        info.state.code(),
        info.min_group_size.get()
    );
    println!(
        "{:<28} {:>9} {:>10} {:>14}  apart te zien",
        "groep", "referenten", "reacties", "liever gesprek"
    );
    for g in groups {
        println!(
            "{:<28} {:>9} {:>10} {:>14}  {}",
            g.group.name,
            g.raters,
            g.responses,
            g.prefers_conversation,
            if g.shown_apart { "ja" } else { "nee" }
        );
    }
    let total: usize = groups
        .iter()
        .filter(|g| !g.group.is_self)
        .map(|g| g.responses)
        .sum();
    println!("Totaal aantal reacties: {total}");
    println!(
        "Mail: {} verstuurd, {} wachtend, {} mislukt",
        mail.sent, mail.pending, mail.failed
    );
}

pub fn demo(report: &DemoReport, delivered: &DeliveryReport, settings: &Settings, svc: &Klankbord) {
    if report.created {
        println!(
            "Demo aangemaakt: gemeente {}, ronde {}.",
            report.municipality, report.round
        );
    } else {
        println!(
            "De demo bestond al: gemeente {}, ronde {}.",
            report.municipality, report.round
        );
    }
    if let Some(closed) = report.closed_round {
        println!(
            "Een eerdere ronde ({closed}) is al beantwoord en gesloten: bekijk de uitkomsten met `klankbord results {closed}`."
        );
    }
    if delivered.sent > 0 {
        println!("{} uitnodigingen verstuurd.", delivered.sent);
    }
    match &settings.mail.transport {
        MailTransportSettings::File(dir) => println!(
            "De uitnodigingen staan als .eml-bestanden in {}.",
            dir.display()
        ),
        MailTransportSettings::Smtp { .. } => println!(
            "De uitnodigingen zijn verstuurd via {}.",
            svc.mail_description()
        ),
    }
    println!();
    println!(
        "Aanmelden als medewerker: open {}/aanmelden en vul een van deze adressen in. De aanmeldlink komt {}. Voor de tweede stap geeft `klankbord demo-code <adres>` de code van nu (alleen voor deze demo-accounts), of zet de sleutel in een authenticator-app.",
        settings.http.base_url,
        match &settings.mail.transport {
            MailTransportSettings::File(dir) => format!("als .eml-bestand in {}", dir.display()),
            MailTransportSettings::Smtp { .. } => "in de mailbox".to_owned(),
        }
    );
    for account in svc.demo_staff() {
        let second = account.municipality == Some(DEMO_SECOND_MUNICIPALITY);
        let (role, tries) = if account.kabinet {
            (
                "Kabinet van de commissaris van de Koning".to_owned(),
                "het verslag dat de griffie stuurde en de planning van de gesprekken (Provincie)",
            )
        } else if second {
            (
                format!(
                    "{} in {DEMO_SECOND_MUNICIPALITY}",
                    account.role.map_or("", Role::label)
                ),
                match account.role {
                    Some(Role::Clerk) => {
                        "het concept-verslag, met commentaar van de voorzitter om te verwerken"
                    }
                    _ => "het concept-verslag lezen en er commentaar op geven",
                },
            )
        } else {
            (
                account
                    .role
                    .map_or("Platformbeheerder", Role::label)
                    .to_owned(),
                demo_tries(account.role),
            )
        };
        println!("  {} ({role}): {tries}", account.email);
        println!(
            "    code: `klankbord demo-code {}` of sleutel {}",
            account.email, account.secret
        );
    }
    println!();
    if report.open_links.is_empty() {
        println!("Alle demoreferenten hebben al gereageerd.");
    } else {
        println!(
            "Links van demoreferenten die nog kunnen antwoorden (alleen de demo toont links):"
        );
        for (name, group, link) in &report.open_links {
            println!("  {name} ({group}): {link}");
        }
    }
}

/// What a demo account can try, in a few words.
fn demo_tries(role: Option<Role>) -> &'static str {
    match role {
        None => "gemeenten en hun eerste griffier, provincies (Beheer)",
        Some(Role::Clerk) => {
            "rondes, referenten, vragenlijst, mensen, voordrachten, agenda, afspraken, verslag, dossier, logboek"
        }
        Some(Role::Chair | Role::DelegationMember) => {
            "voordrachten beoordelen, agenda, reflectie van de burgemeester, uitkomsten, verslag, dossier"
        }
        Some(Role::Mayor) => {
            "deelmodus, zelfevaluatie, reflectie op de raad, voordrachten, agenda, uitkomsten"
        }
        Some(Role::CouncilMember) => {
            "uw overzicht; de uitkomsten pas als de deelmodus ook de raad noemt (in de demo niet)"
        }
    }
}

/// GET /health/ready on the configured address; exit status tells the container runtime.
pub fn healthcheck(settings: &Settings) -> Result<(), CliError> {
    let addr = settings.http.bind.replace("0.0.0.0", "127.0.0.1");
    let mut stream = TcpStream::connect(&addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.write_all(
        format!("GET /health/ready HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    if response.starts_with("HTTP/1.1 200") {
        println!("gezond");
        Ok(())
    } else {
        Err(CliError::Input(
            "de server meldt dat hij niet gezond is".into(),
        ))
    }
}

/// The published view as JSON; while a round is open only what may be known then.
pub fn results_json(r: &RoundResults) -> String {
    let value = match r {
        RoundResults::Open { total, k_reached } => serde_json::json!({
            "state": "open",
            "respondents": total,
            "groups": k_reached.iter().map(|(name, reached)| serde_json::json!({"name": name, "k_reached": reached})).collect::<Vec<_>>(),
        }),
        RoundResults::Released(view) => return crate::results::json::released_json(view),
    };
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

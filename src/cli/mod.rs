//! The command line: `serve`, `migrate`, `demo` and the admin commands a
//! hosting provider or a griffier's IT staff need. Every command parses its
//! arguments into domain values and calls the service layer; nothing else.

mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::domain::audit::System;
use crate::domain::email::EmailAddress;
use crate::domain::ids::{MayorId, RoundId};
use crate::domain::round::{MinGroupSize, RoundDates, RoundKind};
use crate::domain::sharing::SharingMode;
use crate::domain::staff::Role;
use crate::domain::text::{PersonName, PlaceName};
use crate::results::csv::{Separator, to_csv};
use crate::service::redaction::{CommentRef, numbered_comments};
use crate::service::results::RoundResults;
use crate::service::setup::{NewMunicipality, NewRound};
use crate::service::{Klankbord, ServiceError, system_clock};
use crate::web::startup::{Application, StartupError, services};
use crate::web::views::dashboard::{dashboard, standalone};

#[derive(Parser, Debug)]
#[command(
    name = "klankbord",
    version,
    about = "Anonieme 360-gradenfeedback voor het klankbordgesprek met de burgemeester"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start de webserver (en de achtergrondtaak die mail verstuurt en rondes sluit).
    Serve {
        /// Maak eerst de demo aan als die nog niet bestaat.
        #[arg(long)]
        demo: bool,
    },
    /// Voer de databasemigraties uit en stop.
    Migrate,
    /// Maak een demogemeente met een open ronde en ongeveer twintig referenten.
    Demo,
    /// Controleer of de draaiende server gezond is (voor container-healthchecks).
    Healthcheck,
    /// Maak een gemeente aan, met de griffier als contactpersoon.
    CreateMunicipality {
        #[arg(long)]
        name: String,
        #[arg(long)]
        clerk_name: String,
        #[arg(long)]
        clerk_email: String,
    },
    /// Voeg de burgemeester van een gemeente toe.
    CreateMayor {
        /// Naam of id van de gemeente.
        #[arg(long)]
        municipality: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
    },
    /// Maak een ronde aan (met de standaardgroepen en de vragenbank).
    CreateRound {
        /// Naam of id van de gemeente.
        #[arg(long)]
        municipality: String,
        /// Id van de burgemeester (standaard: de laatst toegevoegde).
        #[arg(long)]
        mayor: Option<String>,
        /// 100-dagen, eerste-jaar, regulier, midterm, richting-herbenoeming of herbenoeming.
        #[arg(long, default_value = "regulier")]
        kind: String,
        /// Dag waarop de uitnodigingen uitgaan (JJJJ-MM-DD).
        #[arg(long)]
        opens: String,
        /// Laatste dag om te antwoorden (JJJJ-MM-DD; sluit om 23:59 uur).
        #[arg(long)]
        closes: String,
        /// Dag van het klankbordgesprek (JJJJ-MM-DD).
        #[arg(long)]
        meeting: String,
        /// Minimale groepsgrootte k (minstens 3).
        #[arg(long, default_value_t = 3)]
        k: u32,
        /// alleen-commissie, ook-burgemeester of ook-gemeenteraad.
        #[arg(long, default_value = "alleen-commissie")]
        sharing: String,
    },
    /// Importeer referenten uit een CSV-bestand (naam,email,groep): alles of niets.
    ImportRaters { round: String, file: PathBuf },
    /// Toon alle rondes met hun id en status.
    Rounds,
    /// Toon per referent of die is uitgenodigd, heeft gereageerd of liever een gesprek wil (nooit wat).
    Raters { round: String },
    /// Verstuur de uitnodigingen (opent de ronde).
    Invite { round: String },
    /// Stuur een herinnering aan wie nog niet heeft gereageerd.
    Remind { round: String },
    /// Sluit een ronde: daarna kan niemand meer antwoorden.
    Close { round: String },
    /// Toon per groep het aantal reacties en of k is gehaald.
    Counts { round: String },
    /// Toon de gepubliceerde uitkomsten van een gesloten ronde (zolang de ronde open is: alleen het aantal reacties).
    Results {
        round: String,
        /// json, csv of html (een dashboard om te openen of af te drukken).
        #[arg(long, default_value = "json")]
        format: String,
        /// Scheidingsteken voor csv: ; (standaard, voor Excel in het Nederlands) of ,
        #[arg(long, default_value = ";")]
        separator: String,
    },
    /// Maakt een account voor een medewerker (of vindt het) en geeft een rol in een gemeente.
    AddStaff {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Gemeente (naam of id); samen met --role.
        #[arg(long)]
        municipality: Option<String>,
        /// griffier, voorzitter, delegatielid, burgemeester of raadslid.
        #[arg(long)]
        role: Option<String>,
        /// Platformbeheerder (de hostingpartij): ziet geen inhoud van rondes.
        #[arg(long)]
        platform_admin: bool,
    },
    /// De code van nu voor een demo-account (alleen de demo-accounts van Voorbeeldrecht).
    DemoCode { email: String },
    /// De gepubliceerde toelichtingen van een gesloten ronde, genummerd (om te kunnen weglakken).
    Comments { round: String },
    /// Lakt een toelichting weg die iemand herkenbaar maakt. Alleen de tekst verandert; de cijfers niet.
    Redact {
        round: String,
        /// Nummer van de open vraag (zie `klankbord comments`).
        question: usize,
        /// Nummer van de toelichting bij die vraag.
        comment: usize,
        /// Nieuwe tekst (de toelichting zonder het herkenbare deel); zonder deze optie wordt de hele tekst vervangen.
        #[arg(long)]
        text: Option<String>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Startup(#[from] StartupError),
    #[error("{0}")]
    Service(#[from] ServiceError),
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn input(what: &str, e: impl std::fmt::Display) -> CliError {
    CliError::Input(format!("{what}: {e}"))
}

fn round_id(s: &str) -> Result<RoundId, CliError> {
    s.trim()
        .parse()
        .map_err(|_| CliError::Input(format!("‘{s}’ is geen ronde-id; zie `klankbord rounds`")))
}

fn date(what: &str, s: &str) -> Result<jiff::civil::Date, CliError> {
    s.parse()
        .map_err(|_| CliError::Input(format!("{what}: ‘{s}’ is geen datum als 2026-12-31")))
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init(if matches!(cli.command, Command::Serve { .. }) {
        "info"
    } else {
        "warn"
    });
    match execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fout: {e}");
            ExitCode::FAILURE
        }
    }
}

fn connect(settings: &Settings) -> Result<Klankbord, CliError> {
    Ok(services(settings, system_clock())?)
}

fn execute(command: Command) -> Result<(), CliError> {
    let settings = Settings::from_env().map_err(StartupError::from)?;
    match command {
        Command::Serve { demo } => serve(&settings, demo),
        Command::Migrate => {
            connect(&settings)?;
            println!("De database is bijgewerkt.");
            Ok(())
        }
        Command::Healthcheck => output::healthcheck(&settings),
        Command::Demo => {
            let svc = connect(&settings)?;
            let report = svc.demo()?;
            let delivered = svc.deliver_due()?;
            output::demo(&report, &delivered, &settings, &svc);
            Ok(())
        }
        Command::CreateMunicipality {
            name,
            clerk_name,
            clerk_email,
        } => {
            let svc = connect(&settings)?;
            let id = svc.create_municipality(
                System::Cli,
                NewMunicipality {
                    name: PlaceName::parse(&name).map_err(|e| input("--name", e))?,
                    clerk_name: PersonName::parse(&clerk_name)
                        .map_err(|e| input("--clerk-name", e))?,
                    clerk_email: EmailAddress::parse(&clerk_email)
                        .map_err(|e| input("--clerk-email", e))?,
                },
            )?;
            println!("Gemeente aangemaakt: {id}");
            Ok(())
        }
        Command::CreateMayor {
            municipality,
            name,
            email,
        } => {
            let svc = connect(&settings)?;
            let m = svc.find_municipality(&municipality)?;
            let id = svc.create_mayor(
                System::Cli,
                m,
                PersonName::parse(&name).map_err(|e| input("--name", e))?,
                EmailAddress::parse(&email).map_err(|e| input("--email", e))?,
            )?;
            println!("Burgemeester toegevoegd: {id}");
            Ok(())
        }
        Command::CreateRound {
            municipality,
            mayor,
            kind,
            opens,
            closes,
            meeting,
            k,
            sharing,
        } => {
            let svc = connect(&settings)?;
            let new = NewRound {
                municipality: svc.find_municipality(&municipality)?,
                mayor: mayor
                    .map(|m| {
                        m.parse::<MayorId>()
                            .map_err(|_| CliError::Input(format!("--mayor: ‘{m}’ is geen id")))
                    })
                    .transpose()?,
                kind: RoundKind::parse(&kind).map_err(|e| input("--kind", e))?,
                dates: RoundDates::new(
                    date("--opens", &opens)?,
                    date("--closes", &closes)?,
                    date("--meeting", &meeting)?,
                )
                .map_err(|e| input("datums", e))?,
                min_group_size: MinGroupSize::new(k).map_err(|e| input("--k", e))?,
                sharing: SharingMode::parse(&sharing).map_err(|e| input("--sharing", e))?,
            };
            let id = svc.create_round(System::Cli, new)?.into_result()?;
            println!("Ronde aangemaakt: {id}");
            println!("Volgende stap: klankbord import-raters {id} referenten.csv");
            Ok(())
        }
        Command::ImportRaters { round, file } => {
            let svc = connect(&settings)?;
            let bytes = std::fs::read(&file).map_err(|e| input(&file.display().to_string(), e))?;
            match svc.import_raters(System::Cli, round_id(&round)?, &bytes) {
                Ok(n) => {
                    println!("{n} referenten geïmporteerd.");
                    Ok(())
                }
                Err(ServiceError::Import(e)) => Err(CliError::Input(output::import_errors(&e))),
                Err(e) => Err(e.into()),
            }
        }
        Command::Rounds => {
            let svc = connect(&settings)?;
            output::rounds(&svc.list_rounds()?);
            Ok(())
        }
        Command::Raters { round } => {
            let svc = connect(&settings)?;
            output::raters(&svc.rater_statuses(System::Cli, round_id(&round)?)?);
            Ok(())
        }
        Command::Invite { round } => {
            let svc = connect(&settings)?;
            let n = svc.send_invitations(System::Cli, round_id(&round)?)?;
            let d = svc.deliver_due()?;
            println!(
                "{n} uitnodigingen klaargezet; {} verstuurd, {} later opnieuw, {} mislukt.",
                d.sent, d.retried, d.failed
            );
            Ok(())
        }
        Command::Remind { round } => {
            let svc = connect(&settings)?;
            let n = svc.send_reminders(System::Cli, round_id(&round)?)?;
            let d = svc.deliver_due()?;
            println!(
                "{n} herinneringen klaargezet; {} verstuurd, {} later opnieuw, {} mislukt.",
                d.sent, d.retried, d.failed
            );
            Ok(())
        }
        Command::Close { round } => {
            let svc = connect(&settings)?;
            svc.close_round(System::Cli, round_id(&round)?)?;
            println!("De ronde is gesloten. Er kan niet meer worden geantwoord.");
            Ok(())
        }
        Command::Results {
            round,
            format,
            separator,
        } => {
            let svc = connect(&settings)?;
            let id = round_id(&round)?;
            let results = svc.results(System::Cli, id)?;
            let text = match (format.as_str(), &results) {
                ("json", _) => output::results_json(&results),
                (_, RoundResults::Open { .. }) => {
                    return Err(CliError::Input(
                        "De ronde is nog open: alleen `--format json` toont dan het aantal reacties.".into(),
                    ));
                }
                ("csv", RoundResults::Released(view)) => {
                    let sep = match separator.as_str() {
                        ";" => Separator::Semicolon,
                        "," => Separator::Comma,
                        other => {
                            return Err(CliError::Input(format!(
                                "--separator: ‘{other}’; kies ; of ,"
                            )));
                        }
                    };
                    to_csv(view, sep)
                }
                ("html", RoundResults::Released(view)) => standalone(
                    dashboard(&svc.round_info(id)?, view),
                    crate::web::routes::assets::STYLE_CSS,
                ),
                (other, _) => {
                    return Err(CliError::Input(format!(
                        "--format: ‘{other}’; kies json, csv of html"
                    )));
                }
            };
            print!("{text}");
            Ok(())
        }
        Command::AddStaff {
            email,
            name,
            municipality,
            role,
            platform_admin,
        } => {
            let svc = connect(&settings)?;
            let email = EmailAddress::parse(&email).map_err(|e| input("--email", e))?;
            let name = PersonName::parse(&name).map_err(|e| input("--name", e))?;
            let grant = match (municipality, role) {
                (Some(m), Some(r)) => Some((
                    svc.find_municipality(&m)?,
                    Role::parse(&r).map_err(|e| input("--role", e))?,
                )),
                (None, None) => None,
                _ => {
                    return Err(CliError::Input(
                        "Geef --municipality en --role samen op.".into(),
                    ));
                }
            };
            let id = svc.create_staff(System::Cli, &email, &name, platform_admin)?;
            if let Some((m, role)) = grant {
                svc.add_membership(System::Cli, id, m, role)?;
                println!(
                    "{} is {} ({id}).",
                    name.as_str(),
                    role.label().to_lowercase()
                );
            } else {
                println!("Account {id} voor {}.", name.as_str());
            }
            println!("Aanmelden: {}/aanmelden", settings.http.base_url);
            Ok(())
        }
        Command::DemoCode { email } => {
            let svc = connect(&settings)?;
            println!("{}", svc.demo_code(&email)?);
            Ok(())
        }
        Command::Comments { round } => {
            let svc = connect(&settings)?;
            let RoundResults::Released(view) = svc.results(System::Cli, round_id(&round)?)? else {
                return Err(CliError::Input(
                    "De ronde is nog open: toelichtingen zijn er pas na het sluiten.".into(),
                ));
            };
            for (q, question, comments) in numbered_comments(&view) {
                println!("Vraag {q}: {question}");
                if comments.is_empty() {
                    println!("  (geen toelichtingen getoond)");
                }
                for (n, text) in comments {
                    println!("  {n}. {}", text.replace('\n', "\n     "));
                }
            }
            Ok(())
        }
        Command::Redact {
            round,
            question,
            comment,
            text,
        } => {
            let svc = connect(&settings)?;
            svc.redact_comment(
                System::Cli,
                round_id(&round)?,
                CommentRef { question, comment },
                text.as_deref(),
            )?;
            println!("Toelichting {comment} bij vraag {question} is aangepast.");
            Ok(())
        }
        Command::Counts { round } => {
            let svc = connect(&settings)?;
            let id = round_id(&round)?;
            output::counts(
                &svc.round_info(id)?,
                &svc.progress(System::Cli, id)?,
                &svc.mail_counts(System::Cli, id)?,
            );
            Ok(())
        }
    }
}

fn serve(settings: &Settings, demo: bool) -> Result<(), CliError> {
    actix_web::rt::System::new().block_on(async move {
        let (app, svc) = Application::build(settings)?;
        if demo {
            let report = svc.demo()?;
            let delivered = svc.deliver_due()?;
            output::demo(&report, &delivered, settings, &svc);
        }
        tracing::info!(
            port = app.port(),
            mail = svc.mail_description(),
            "Klankbord luistert op {}",
            settings.http.base_url
        );
        app.run_until_stopped().await?;
        Ok(())
    })
}

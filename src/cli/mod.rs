//! The command line: `serve`, `migrate`, `demo` and the admin commands a
//! hosting provider or a griffier's IT staff need. Every command parses its
//! arguments into domain values and calls the service layer; nothing else.
//! One function per command; the fixed choices are `ValueEnum`s (`choices`).

mod backup;
mod choices;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::app::{Application, StartupError, dashboard_html, services};
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

use choices::{Format, choice};

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
    CreateMunicipality(CreateMunicipality),
    /// Voeg de burgemeester van een gemeente toe.
    CreateMayor(CreateMayor),
    /// Maak een ronde aan (met de standaardgroepen en de vragenbank).
    CreateRound(CreateRound),
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
    Results(Results),
    /// Maakt een account voor een medewerker (of vindt het) en geeft een rol in een gemeente.
    AddStaff(AddStaff),
    /// De code van nu voor een demo-account (alleen de demo-accounts van Voorbeeldrecht).
    DemoCode { email: String },
    /// De gepubliceerde toelichtingen van een gesloten ronde, genummerd (om te kunnen weglakken).
    Comments { round: String },
    /// Lakt een toelichting weg die iemand herkenbaar maakt. Alleen de tekst verandert; de cijfers niet.
    Redact(Redact),
    /// Maak een back-up van de SQLite-database, ook terwijl de server draait (zonder de sleutel; PostgreSQL: pg_dump).
    Backup {
        /// Nieuw bestand voor de back-up (een bestaand bestand wordt nooit overschreven).
        file: PathBuf,
    },
    /// Zet een back-up terug in een nieuwe instantie (de server gestopt; PostgreSQL: pg_restore).
    Restore {
        /// De back-up (van `klankbord backup`).
        file: PathBuf,
        /// Vervang ook een database die al gegevens bevat.
        #[arg(long)]
        overwrite: bool,
    },
    /// Stelt de eigen inlogdienst (OpenID Connect, zoals Entra ID) van een gemeente in.
    SetIdentityProvider(SetIdentityProvider),
}

#[derive(Args, Debug)]
pub struct SetIdentityProvider {
    /// Naam of id van de gemeente.
    #[arg(long)]
    municipality: String,
    /// De issuer of het discovery-adres (…/.well-known/openid-configuration).
    #[arg(long)]
    issuer: String,
    /// De client id (application id) van Klankbord bij de inlogdienst.
    #[arg(long)]
    client_id: String,
    /// Naam van het bestand met het client secret in KLANKBORD_OIDC_SECRET_DIR.
    #[arg(long)]
    secret_file: String,
    /// Een acr-waarde die betekent dat een tweede factor is gebruikt (naast amr mfa/otp/hwk).
    #[arg(long, default_value = "")]
    mfa_acr: String,
}

#[derive(Args, Debug)]
pub struct CreateMunicipality {
    #[arg(long)]
    name: String,
    #[arg(long)]
    clerk_name: String,
    #[arg(long)]
    clerk_email: String,
}

#[derive(Args, Debug)]
pub struct CreateMayor {
    /// Naam of id van de gemeente.
    #[arg(long)]
    municipality: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    email: String,
}

#[derive(Args, Debug)]
pub struct CreateRound {
    /// Naam of id van de gemeente.
    #[arg(long)]
    municipality: String,
    /// Id van de burgemeester (standaard: de laatst toegevoegde).
    #[arg(long)]
    mayor: Option<String>,
    /// Soort gesprek.
    #[arg(long, default_value = "regulier", value_parser = choice::<RoundKind>())]
    kind: RoundKind,
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
    /// Deelmodus: wie de uitkomsten ziet naast de klankbordcommissie.
    #[arg(long, default_value = "alleen-commissie", value_parser = choice::<SharingMode>())]
    sharing: SharingMode,
}

#[derive(Args, Debug)]
pub struct Results {
    round: String,
    /// Vorm van de uitvoer.
    #[arg(long, default_value = "json", value_parser = choice::<Format>())]
    format: Format,
    /// Scheidingsteken voor csv (; is de standaard, voor Excel in het Nederlands).
    #[arg(long, default_value = ";", value_parser = choice::<Separator>())]
    separator: Separator,
}

#[derive(Args, Debug)]
pub struct AddStaff {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    /// Gemeente (naam of id); samen met --role.
    #[arg(long)]
    municipality: Option<String>,
    /// Rol in die gemeente; samen met --municipality.
    #[arg(long, value_parser = choice::<Role>())]
    role: Option<Role>,
    /// Platformbeheerder (de hostingpartij): ziet geen inhoud van rondes.
    #[arg(long)]
    platform_admin: bool,
}

#[derive(Args, Debug)]
pub struct Redact {
    round: String,
    /// Nummer van de open vraag (zie `klankbord comments`).
    question: usize,
    /// Nummer van de toelichting bij die vraag.
    comment: usize,
    /// Nieuwe tekst (de toelichting zonder het herkenbare deel); zonder deze optie wordt de hele tekst vervangen.
    #[arg(long)]
    text: Option<String>,
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
    #[error("{0}")]
    Backup(#[from] crate::service::backup::BackupError),
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
    let s = &settings;
    match command {
        Command::Serve { demo } => serve(s, demo),
        Command::Migrate => migrate(s),
        Command::Healthcheck => output::healthcheck(s),
        Command::Demo => demo(s),
        Command::CreateMunicipality(args) => create_municipality(s, args),
        Command::CreateMayor(args) => create_mayor(s, args),
        Command::CreateRound(args) => create_round(s, args),
        Command::ImportRaters { round, file } => import_raters(s, &round, &file),
        Command::Rounds => rounds(s),
        Command::Raters { round } => raters(s, &round),
        Command::Invite { round } => invite(s, &round),
        Command::Remind { round } => remind(s, &round),
        Command::Close { round } => close(s, &round),
        Command::Counts { round } => counts(s, &round),
        Command::Results(args) => results(s, args),
        Command::AddStaff(args) => add_staff(s, args),
        Command::DemoCode { email } => demo_code(s, &email),
        Command::Comments { round } => comments(s, &round),
        Command::Redact(args) => redact(s, args),
        Command::Backup { file } => backup::backup(s, &file),
        Command::Restore { file, overwrite } => backup::restore(s, &file, overwrite),
        Command::SetIdentityProvider(args) => set_identity_provider(s, args),
    }
}

fn migrate(settings: &Settings) -> Result<(), CliError> {
    connect(settings)?;
    println!("De database is bijgewerkt.");
    Ok(())
}

fn demo(settings: &Settings) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let report = svc.demo()?;
    let delivered = svc.deliver_due()?;
    output::demo(&report, &delivered, settings, &svc);
    Ok(())
}

fn create_municipality(settings: &Settings, args: CreateMunicipality) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let id = svc.create_municipality(
        System::Cli,
        NewMunicipality {
            name: PlaceName::parse(&args.name).map_err(|e| input("--name", e))?,
            clerk_name: PersonName::parse(&args.clerk_name)
                .map_err(|e| input("--clerk-name", e))?,
            clerk_email: EmailAddress::parse(&args.clerk_email)
                .map_err(|e| input("--clerk-email", e))?,
        },
    )?;
    println!("Gemeente aangemaakt: {id}");
    Ok(())
}

fn set_identity_provider(settings: &Settings, args: SetIdentityProvider) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let m = svc.find_municipality(&args.municipality)?;
    svc.set_identity_provider(
        System::Cli,
        m,
        &crate::service::identity_providers::ProviderSetting {
            issuer: args.issuer,
            client_id: args.client_id,
            secret_file: args.secret_file,
            mfa_acr: args.mfa_acr,
        },
    )?;
    println!(
        "Inlogdienst ingesteld. Redirect URI: {}{}",
        settings.http.base_url,
        crate::service::identity_providers::CALLBACK_PATH
    );
    Ok(())
}

fn create_mayor(settings: &Settings, args: CreateMayor) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let m = svc.find_municipality(&args.municipality)?;
    let id = svc.create_mayor(
        System::Cli,
        m,
        PersonName::parse(&args.name).map_err(|e| input("--name", e))?,
        EmailAddress::parse(&args.email).map_err(|e| input("--email", e))?,
    )?;
    println!("Burgemeester toegevoegd: {id}");
    Ok(())
}

fn create_round(settings: &Settings, args: CreateRound) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let new = NewRound {
        municipality: svc.find_municipality(&args.municipality)?,
        mayor: args
            .mayor
            .map(|m| {
                m.parse::<MayorId>()
                    .map_err(|_| CliError::Input(format!("--mayor: ‘{m}’ is geen id")))
            })
            .transpose()?,
        kind: args.kind,
        dates: RoundDates::new(
            date("--opens", &args.opens)?,
            date("--closes", &args.closes)?,
            date("--meeting", &args.meeting)?,
        )
        .map_err(|e| input("datums", e))?,
        min_group_size: MinGroupSize::new(args.k).map_err(|e| input("--k", e))?,
        sharing: args.sharing,
    };
    let id = svc.create_round(System::Cli, new)?.into_result()?;
    println!("Ronde aangemaakt: {id}");
    println!("Volgende stap: klankbord import-raters {id} referenten.csv");
    Ok(())
}

fn import_raters(settings: &Settings, round: &str, file: &std::path::Path) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let bytes = std::fs::read(file).map_err(|e| input(&file.display().to_string(), e))?;
    match svc.import_raters(System::Cli, round_id(round)?, &bytes) {
        Ok(n) => {
            println!("{n} referenten geïmporteerd.");
            Ok(())
        }
        Err(ServiceError::Import(e)) => Err(CliError::Input(output::import_errors(&e))),
        Err(e) => Err(e.into()),
    }
}

fn rounds(settings: &Settings) -> Result<(), CliError> {
    let svc = connect(settings)?;
    output::rounds(&svc.list_rounds()?);
    Ok(())
}

fn raters(settings: &Settings, round: &str) -> Result<(), CliError> {
    let svc = connect(settings)?;
    output::raters(&svc.rater_statuses(System::Cli, round_id(round)?)?);
    Ok(())
}

fn invite(settings: &Settings, round: &str) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let n = svc.send_invitations(System::Cli, round_id(round)?)?;
    output::queued_and_sent(n, "uitnodigingen", &svc.deliver_due()?);
    Ok(())
}

fn remind(settings: &Settings, round: &str) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let n = svc.send_reminders(System::Cli, round_id(round)?)?;
    output::queued_and_sent(n, "herinneringen", &svc.deliver_due()?);
    Ok(())
}

fn close(settings: &Settings, round: &str) -> Result<(), CliError> {
    let svc = connect(settings)?;
    svc.close_round(System::Cli, round_id(round)?)?;
    println!("De ronde is gesloten. Er kan niet meer worden geantwoord.");
    Ok(())
}

fn counts(settings: &Settings, round: &str) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let id = round_id(round)?;
    output::counts(
        &svc.round_info(id)?,
        &svc.progress(System::Cli, id)?,
        &svc.mail_counts(System::Cli, id)?,
    );
    Ok(())
}

fn results(settings: &Settings, args: Results) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let id = round_id(&args.round)?;
    let results = svc.results(System::Cli, id)?;
    let text = match (args.format, &results) {
        (Format::Json, _) => output::results_json(&results),
        (_, RoundResults::Open { .. }) => {
            return Err(CliError::Input(
                "De ronde is nog open: alleen `--format json` toont dan het aantal reacties."
                    .into(),
            ));
        }
        (Format::Csv, RoundResults::Released(view)) => to_csv(view, args.separator),
        (Format::Html, RoundResults::Released(view)) => dashboard_html(&svc.round_info(id)?, view),
    };
    print!("{text}");
    Ok(())
}

fn add_staff(settings: &Settings, args: AddStaff) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let email = EmailAddress::parse(&args.email).map_err(|e| input("--email", e))?;
    let name = PersonName::parse(&args.name).map_err(|e| input("--name", e))?;
    let grant = match (args.municipality, args.role) {
        (Some(m), Some(role)) => Some((svc.find_municipality(&m)?, role)),
        (None, None) => None,
        _ => {
            return Err(CliError::Input(
                "Geef --municipality en --role samen op.".into(),
            ));
        }
    };
    let id = svc.create_staff(System::Cli, &email, &name, args.platform_admin)?;
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

fn demo_code(settings: &Settings, email: &str) -> Result<(), CliError> {
    let svc = connect(settings)?;
    println!("{}", svc.demo_code(email)?);
    Ok(())
}

fn comments(settings: &Settings, round: &str) -> Result<(), CliError> {
    let svc = connect(settings)?;
    let RoundResults::Released(view) = svc.results(System::Cli, round_id(round)?)? else {
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

fn redact(settings: &Settings, args: Redact) -> Result<(), CliError> {
    let svc = connect(settings)?;
    svc.redact_comment(
        System::Cli,
        round_id(&args.round)?,
        CommentRef {
            question: args.question,
            comment: args.comment,
        },
        args.text.as_deref(),
    )?;
    println!(
        "Toelichting {} bij vraag {} is aangepast.",
        args.comment, args.question
    );
    Ok(())
}

fn serve(settings: &Settings, demo: bool) -> Result<(), CliError> {
    // The demo first, before the background jobs start: they would close
    // its rounds (made with the clock of then) halfway through.
    if demo {
        self::demo(settings)?;
    }
    actix_web::rt::System::new().block_on(async move {
        let (app, svc) = Application::build(settings)?;
        tracing::info!(
            port = app.port(),
            mail = svc.mail_description(),
            "Klankbord luistert op {}",
            settings.http.base_url
        );
        if let Some(port) = app.metrics_port() {
            tracing::info!(port, "metrics op /metrics");
        }
        app.run_until_stopped().await?;
        Ok(())
    })
}

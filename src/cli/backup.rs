//! `klankbord backup` and `klankbord restore`: SQLite through the service
//! layer; for PostgreSQL the commands print the `pg_dump`/`pg_restore` way
//! and fail, so that no script takes the message for a backup.

use std::path::Path;

use crate::config::{DatabaseUrl, Settings};
use crate::service::backup::{backup_sqlite, restore_sqlite};

use super::CliError;

/// Where the key file is and why it is not in the backup.
fn key_note(settings: &Settings) -> String {
    format!(
        "De sleutel van de server ({}) zit NIET in deze back-up. Bewaar die apart, op een andere plek \
         en bij andere mensen: zonder de sleutel verraadt een database-back-up geen antwoord, en \
         zonder de sleutel werken uitnodigingslinks en open rondes na herstel niet meer.",
        settings.secret_file.display()
    )
}

pub(super) fn backup(settings: &Settings, file: &Path) -> Result<(), CliError> {
    match &settings.database.url {
        DatabaseUrl::Sqlite(path) if path.as_str() != ":memory:" => {
            backup_sqlite(Path::new(path), file)?;
            println!("Back-up gemaakt: {}", file.display());
            println!("{}", key_note(settings));
            Ok(())
        }
        DatabaseUrl::Sqlite(_) => Err(CliError::Input(
            "Een database in het geheugen (:memory:) heeft geen back-up.".into(),
        )),
        DatabaseUrl::Postgres(_) => Err(CliError::Input(format!(
            "Bij PostgreSQL maakt pg_dump de back-up (terwijl de server draait):\n  \
             pg_dump --format=custom --file={} \"$DATABASE_URL\"\n{}\nZie deploy/README.md.",
            file.display(),
            key_note(settings)
        ))),
    }
}

pub(super) fn restore(settings: &Settings, file: &Path, overwrite: bool) -> Result<(), CliError> {
    match &settings.database.url {
        DatabaseUrl::Sqlite(path) if path.as_str() != ":memory:" => {
            restore_sqlite(file, Path::new(path), overwrite)?;
            println!("Hersteld naar {path} uit {}.", file.display());
            println!(
                "Zet de sleutel van de oorspronkelijke server terug op {} (eigenaar de server, \
                 modus 0600) en start dan de server; die werkt de database zo nodig bij.",
                settings.secret_file.display()
            );
            Ok(())
        }
        DatabaseUrl::Sqlite(_) => Err(CliError::Input(
            "Herstellen naar een database in het geheugen (:memory:) kan niet.".into(),
        )),
        DatabaseUrl::Postgres(_) => Err(CliError::Input(format!(
            "Bij PostgreSQL herstelt pg_restore de back-up in een nieuwe, lege database (de server gestopt):\n  \
             pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname=\"$DATABASE_URL\" {}\n  \
             psql \"$DATABASE_URL\" -c ANALYZE\n\
             Zet daarna de sleutel van de oorspronkelijke server terug op {} en start de server. Zie deploy/README.md.",
            file.display(),
            settings.secret_file.display()
        ))),
    }
}

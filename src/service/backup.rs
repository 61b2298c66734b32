//! Backup and restore of an SQLite database (`klankbord backup`/`restore`).
//! The backup is a consistent copy taken while the server runs; a restore
//! goes into a fresh instance and never over a database that holds data
//! unless asked. The server key file is never part of either: a database
//! backup without the key reveals no answer (see the README).

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::store::backup;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{} bestaat al; kies een nieuwe bestandsnaam (een back-up overschrijft nooit iets)", .0.display())]
    TargetExists(PathBuf),
    #[error("{} bestaat niet", .0.display())]
    Missing(PathBuf),
    #[error("{} is geen database van Klankbord", .0.display())]
    NotKlankbord(PathBuf),
    #[error("{} is beschadigd (SQLite vindt fouten); kies een andere back-up", .0.display())]
    Damaged(PathBuf),
    #[error(
        "{} bevat al gegevens; herstel naar een nieuwe, lege database of geef --overwrite om die te vervangen",
        .0.display()
    )]
    HoldsData(PathBuf),
    #[error("{} is geen bruikbare bestandsnaam", .0.display())]
    BadPath(PathBuf),
    #[error("{}: {}", .0.display(), .1)]
    Io(PathBuf, std::io::Error),
    #[error("database: {0}")]
    Database(String),
}

fn db(e: impl std::fmt::Display) -> BackupError {
    BackupError::Database(e.to_string())
}

fn text(path: &Path) -> Result<&str, BackupError> {
    path.to_str()
        .ok_or_else(|| BackupError::BadPath(path.to_owned()))
}

fn existing(path: &Path) -> Result<&str, BackupError> {
    if !path.is_file() {
        return Err(BackupError::Missing(path.to_owned()));
    }
    text(path)
}

/// Creates `path` empty and readable by its owner only (it will hold
/// personal data); fails if anything is there already.
fn create_private(path: &Path) -> Result<(), BackupError> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
        .map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => BackupError::TargetExists(path.to_owned()),
            _ => BackupError::Io(path.to_owned(), e),
        })
}

/// Copies `database` consistently to the new file `target`, while the
/// server may keep writing, and checks the copy.
pub fn backup_sqlite(database: &Path, target: &Path) -> Result<(), BackupError> {
    let source = existing(database)?;
    let out = text(target)?;
    create_private(target)?;
    let copied = backup::open(source)
        .map_err(db)
        .and_then(|mut c| backup::vacuum_into(&mut c, out).map_err(db))
        .and_then(|()| check(target));
    if copied.is_err() {
        let _ = std::fs::remove_file(target);
    }
    copied
}

/// A sound Klankbord database?
fn check(path: &Path) -> Result<(), BackupError> {
    let mut c = backup::open(existing(path)?).map_err(db)?;
    if !backup::is_sound(&mut c).unwrap_or(false) {
        return Err(BackupError::Damaged(path.to_owned()));
    }
    if !backup::is_klankbord(&mut c).map_err(db)? {
        return Err(BackupError::NotKlankbord(path.to_owned()));
    }
    Ok(())
}

/// Puts the backup `from` in place of `database` (the server stopped). A
/// database that holds data is replaced only with `overwrite`. The copy is
/// written next to the database first and then renamed over it, so a failed
/// restore leaves the database as it was.
pub fn restore_sqlite(from: &Path, database: &Path, overwrite: bool) -> Result<(), BackupError> {
    check(from)?;
    let target = text(database)?;
    if database.exists() {
        let mut c = backup::open(target).map_err(db)?;
        if backup::holds_data(&mut c).map_err(db)? && !overwrite {
            return Err(BackupError::HoldsData(database.to_owned()));
        }
    }
    let name = database
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| BackupError::BadPath(database.to_owned()))?;
    let staging = database.with_file_name(format!(".{name}.herstel-{}", uuid::Uuid::new_v4()));
    create_private(&staging)?;
    let copied = backup::open(existing(from)?)
        .map_err(db)
        .and_then(|mut c| backup::vacuum_into(&mut c, text(&staging)?).map_err(db))
        .and_then(|()| check(&staging));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&staging);
        return Err(e);
    }
    // The old database's log would be replayed into the restored file.
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{target}{suffix}"));
        match std::fs::remove_file(&side) {
            Err(e) if e.kind() != ErrorKind::NotFound => return Err(BackupError::Io(side, e)),
            _ => {}
        }
    }
    std::fs::rename(&staging, database).map_err(|e| BackupError::Io(database.to_owned(), e))
}

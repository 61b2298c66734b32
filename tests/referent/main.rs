//! The referent's path, end to end, on SQLite and PostgreSQL: from the
//! invitation mail to one unlinkable response.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod answering;
mod drafts;
mod links;
mod mail;
mod mail_recovery;
mod sealing_migration;
mod storage;
mod store_errors;
mod web_safety;

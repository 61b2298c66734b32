//! Running Klankbord as an IT department does: health probes for the
//! orchestrator and metrics for monitoring, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod health;
mod metrics;

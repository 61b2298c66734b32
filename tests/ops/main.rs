//! Running Klankbord as an IT department does: health probes for the
//! orchestrator and metrics for monitoring, on SQLite and PostgreSQL; two
//! instances behind the deploy nginx configuration on one PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod health;
mod metrics;
mod nginx;

//! Staff sign-in (link + second factor), sessions, and who may use which
//! page: the access matrix is generated from every staff route × every role ×
//! own or other municipality × signed in or not × round state and sharing
//! mode, not hand-picked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod access;
mod archive_pdf;
mod cdk;
mod clerk;
mod confirmations;
mod cycle;
mod dashboard;
mod dossier;
mod edge;
mod house_style;
mod mail_resend;
mod mayor;
mod meeting;
mod navigation;
mod nominations;
mod oidc;
mod people;
mod questionnaire;
mod results_pdf;
mod retention;
mod round_setup;
mod round_state;
mod signin;
mod support;
mod verslag;
mod verslag_correction;
mod verslag_steps;

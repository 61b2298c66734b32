//! Staff sign-in (link + second factor), sessions, and who may read which
//! results: the access matrix is generated from every role × own or other
//! municipality × signed in or not × sharing mode, not hand-picked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod access;
mod clerk;
mod cycle;
mod mayor;
mod meeting;
mod nominations;
mod people;
mod questionnaire;
mod round_setup;
mod signin;
mod support;

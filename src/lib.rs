//! Klankbord: anonymous 360-degree feedback for the klankbordgesprek
//! between a gemeenteraad and its burgemeester.

pub mod anonymity;
pub mod app;
pub mod charts;
pub mod cli;
pub mod config;
pub mod domain;
pub mod dutch;
pub mod jobs;
pub mod mail;
pub mod oidc;
pub mod pdf;
pub mod results;
pub mod security;
pub mod service;
pub mod store;
pub mod telemetry;
pub mod web;

#[cfg(test)]
mod architecture_test;

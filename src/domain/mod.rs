//! Pure domain types and rules: no I/O, no actix, no diesel.

pub mod agenda;
pub mod agreement;
pub mod answers;
pub mod audit;
pub mod council_reflection;
pub mod design_tokens;
pub mod email;
pub mod group;
pub mod house_style;
pub mod ids;
pub mod invitation;
pub mod logo;
pub mod nomination;
pub mod permission;
pub mod promise;
pub mod question_bank;
pub mod questionnaire;
pub mod rater_import;
pub mod response;
pub mod round;
pub mod round_setup;
pub mod schedule;
pub mod sharing;
pub mod staff;
pub mod text;
pub mod token;

//! maud views: `layout` is the page shell, `components` small reusable parts,
//! and one module per area.

pub mod about;
pub mod admin;
pub mod cdk_deliveries;
pub mod clerk;
pub mod comment_review;
pub mod components;
pub mod confirm;
pub mod contact_details;
pub mod dashboard;
pub mod dashboard_overview;
pub mod dossier;
pub mod fields;
pub mod house_style;
pub mod house_style_page;
pub mod layout;
pub mod mail_resend;
pub mod mayor;
pub mod meeting;
pub mod nav;
pub mod nominations;
pub mod notice;
pub mod pages;
pub mod people;
pub mod provinces;
pub mod questionnaire_edit;
pub mod raters;
pub mod respond;
pub mod respond_steps;
pub mod round_setup;
pub mod signin;
pub mod staff;
pub mod verslag;
pub mod verslag_document;
pub mod verslag_settings;
pub mod verslag_status;

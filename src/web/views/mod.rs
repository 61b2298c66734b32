//! maud views: `layout` is the page shell, `components` small reusable parts,
//! and one module per area.

pub mod clerk;
pub mod components;
pub mod dashboard;
pub mod layout;
pub mod mayor;
pub mod meeting;
pub mod pages;
pub mod raters;
pub mod respond;
pub mod signin;
pub mod staff;

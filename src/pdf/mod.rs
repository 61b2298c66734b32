//! Adapter: PDF documents with krilla. A [`Document`] is a list of blocks
//! (headings, paragraphs, lists, tables, charts) laid out on A4 pages with
//! margins, wrapped lines and page breaks that keep a heading with what
//! follows; every page has a running header (the round's name and the
//! confidentiality marking) and footer ("Pagina n van m"). The file is
//! tagged (PDF/UA-1), in Dutch, with its title and metadata, and on request
//! PDF/A-2a for archiving. Fonts: Noto Sans, embedded (SIL OFL).
//!
//! Deterministic: the same document gives the same bytes (no creation
//! date, a fixed document id), so a hash of an archived copy can be checked.

pub mod document;
mod fonts;
pub mod layout;
mod render;
pub mod results;
pub mod verslag;

pub use document::{
    Align, BarChart, Block, Chart, Column, Conformance, Document, DotChart, DotRow, Series, Style,
    Table,
};
pub use render::render;

/// The text with its first letter in capitals ("Klankbordgesprek …").
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("a shape with no size")]
    Geometry,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

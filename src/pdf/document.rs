//! What a document holds, before layout: its metadata, its running header
//! and footer, and a list of blocks in reading order.

/// Which standards the file claims (and krilla checks while writing it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conformance {
    /// Tagged PDF 1.7 for reading on screen and printing (PDF/UA-1).
    Accessible,
    /// As `Accessible`, and PDF/A-2a for archiving (the verslag's archive
    /// copy; a municipality can check it with veraPDF).
    Archive,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The document's title (metadata, and the window title of a viewer).
    pub title: String,
    /// One sentence about the document (metadata).
    pub subject: String,
    /// A fixed identifier (for example the round and what the document is):
    /// the same id and blocks give byte-identical files.
    pub id: String,
    /// Left in the header of every page: what this is (the round's name).
    pub running_head: String,
    /// Right in the header of every page: the confidentiality marking.
    pub marking: String,
    /// Left in the footer of every page (the municipality); the right side is
    /// "Pagina n van m".
    pub footer: String,
    /// The fixed moment the document stands for (metadata; PDF/A needs
    /// one): for the results, the moment they were published.
    pub created: Option<jiff::Timestamp>,
    pub conformance: Conformance,
    pub blocks: Vec<Block>,
}

/// One piece of the document's flow. Headings stay with what follows them.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// The document's own title (H1).
    Title(String),
    /// A section heading: level 2 (a part), 3 (within a part) or 4.
    Heading(u8, String),
    /// Running text; a line break in the text starts a new line.
    Paragraph(Style, String),
    /// A remark set apart from the running text (a kanttekening in a
    /// verslag): indented, with a rule at its left, its label in bold above
    /// its text. Tagged as a block quote.
    Aside {
        label: String,
        text: String,
    },
    /// A bulleted list.
    List(Vec<String>),
    Table(Table),
    Chart(Chart),
    /// Continue on a new page.
    PageBreak,
}

/// How running text looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    Body,
    /// Slightly larger: the opening words of the document.
    Lead,
    /// Smaller and grey: explanations and notes.
    Note,
    /// Bold running text: a marking or a code that must stand out.
    Strong,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Said above the table (and read first by a screen reader).
    pub caption: String,
    pub columns: Vec<Column>,
    /// One text per column; the first column of a row is its header when
    /// `row_headers` is set.
    pub rows: Vec<Vec<String>>,
    pub row_headers: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub title: String,
    /// Share of the width (relative to the other columns); 0 for "as wide as
    /// its widest figure or header word".
    pub weight: f32,
    pub align: Align,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Chart {
    Dots(DotChart),
    Bars(BarChart),
}

impl Chart {
    /// The text a screen reader reads instead of the drawing.
    pub fn alt(&self) -> &str {
        match self {
            Chart::Dots(c) => &c.alt,
            Chart::Bars(c) => &c.alt,
        }
    }
}

/// Per row a dot per series on a scale from 1 to 5.
#[derive(Clone, Debug, PartialEq)]
pub struct DotChart {
    pub title: String,
    pub alt: String,
    /// The series, in legend order; the emphasised one (say "all raters")
    /// is drawn larger and in black.
    pub series: Vec<Series>,
    pub rows: Vec<DotRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub emphasis: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DotRow {
    pub label: String,
    /// One value per series; `None` is not drawn.
    pub values: Vec<Option<f64>>,
}

/// Per row a bar split into counts per category (how many answered what).
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub alt: String,
    /// The categories, in the order of each row's counts.
    pub categories: Vec<String>,
    pub rows: Vec<(String, Vec<u32>)>,
}

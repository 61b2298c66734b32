//! From blocks to pages: line wrapping, tables, and page breaks that keep a
//! heading with what follows it. Pure: widths come from a [`Measure`], so
//! the rules are tested without fonts.

use std::collections::BTreeMap;

mod chart;
use super::document::{Align, Block, Style, Table};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm left and right.
pub const MARGIN_X: f32 = 56.69;
/// Where the flow starts and must end (the header and footer sit outside).
pub const TOP: f32 = 78.0;
pub const BOTTOM: f32 = PAGE_HEIGHT - 70.0;
pub const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

/// Text widths, as the fonts have them.
pub trait Measure {
    fn width(&self, text: &str, weight: Weight, size: f32) -> f32;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// sRGB.
pub type Color = (u8, u8, u8);
pub const INK: Color = (0x1a, 0x1a, 0x1a);
pub const GREY: Color = (0x55, 0x55, 0x55);
pub const RULE: Color = (0xbb, 0xbb, 0xbb);
pub const SHADE: Color = (0xee, 0xee, 0xee);

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Font {
    pub weight: Weight,
    pub size: f32,
    /// Line height.
    pub leading: f32,
    pub color: Color,
}

impl Font {
    pub const fn new(weight: Weight, size: f32, leading: f32) -> Self {
        Self {
            weight,
            size,
            leading,
            color: INK,
        }
    }

    /// The baseline's distance from the top of a line.
    pub fn baseline(&self) -> f32 {
        // Noto Sans: ascender 1.069 em, descender 0.293 em.
        (self.leading - 1.362 * self.size) / 2.0 + 1.069 * self.size
    }
}

pub const TITLE: Font = Font::new(Weight::Bold, 20.0, 25.0);
pub const H2: Font = Font::new(Weight::Bold, 14.0, 18.0);
pub const H3: Font = Font::new(Weight::Bold, 11.5, 15.0);
pub const H4: Font = Font::new(Weight::Bold, 10.0, 14.0);
pub const BODY: Font = Font::new(Weight::Regular, 10.0, 14.5);
pub const LEAD: Font = Font::new(Weight::Regular, 11.5, 16.0);
pub const NOTE: Font = Font {
    color: GREY,
    ..Font::new(Weight::Regular, 8.5, 12.0)
};
pub const STRONG: Font = Font::new(Weight::Bold, 10.0, 14.5);
pub const CAPTION: Font = Font::new(Weight::Bold, 9.5, 13.0);
pub const CELL: Font = Font::new(Weight::Regular, 8.5, 11.5);
pub const CELL_HEAD: Font = Font::new(Weight::Bold, 8.5, 11.5);
/// The running header and footer.
pub const MARGINAL: Font = Font {
    color: GREY,
    ..Font::new(Weight::Regular, 8.0, 10.0)
};

fn style_font(style: Style) -> Font {
    match style {
        Style::Body => BODY,
        Style::Lead => LEAD,
        Style::Note => NOTE,
        Style::Strong => STRONG,
    }
}

fn heading_font(level: u8) -> Font {
    match level {
        0 | 1 => TITLE,
        2 => H2,
        3 => H3,
        _ => H4,
    }
}

/// Which part of a block's structure a text belongs to (for the tags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The whole text of a heading or paragraph.
    Text,
    /// A list item's bullet and body.
    Label(usize),
    Item(usize),
    Caption,
    /// A table cell: row 0 is the header row.
    Cell(usize, usize),
}

/// Marker shapes, so series differ by more than colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
}

/// Something drawn; `x` from the left margin, `y` from the unit's top.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// One line of text at its baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        font: Font,
        part: Part,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        color: Color,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
    },
    Dot {
        x: f32,
        y: f32,
        r: f32,
        shape: Shape,
        color: Color,
    },
}

/// What a unit is, for page breaking and tagging.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Flow,
    /// A table's header row: repeated on every page the table continues on.
    TableHeader,
    TableRow,
    /// A chart: one figure, drawn as one piece.
    Figure,
    PageBreak,
}

/// A piece that is never split over two pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// The index of its block.
    pub block: usize,
    pub kind: Kind,
    pub height: f32,
    /// Space above it, dropped at the top of a page.
    pub space_before: f32,
    /// Never the last unit on a page (headings; a paragraph's first line).
    pub keep_with_next: bool,
    pub marks: Vec<Mark>,
}

/// Greedy line breaking at spaces; a word wider than the line is split.
/// Every line but a paragraph's last keeps its trailing space, so text
/// copied from the PDF has its words apart. A line break in the text starts
/// a new line.
pub fn wrap(text: &str, width: f32, font: Font, m: &impl Measure) -> Vec<String> {
    let fits = |s: &str| m.width(s.trim_end(), font.weight, font.size) <= width;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = format!("{line}{word}");
            if fits(&candidate) {
                line = candidate + " ";
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if fits(word) {
                line = format!("{word} ");
                continue;
            }
            // A word wider than the line: as many characters as fit.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if !fits(&piece) && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece + " ";
        }
        let last = line.trim_end().to_owned();
        if !last.is_empty() || para.trim().is_empty() && !lines.is_empty() {
            lines.push(last);
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Lines as units: the first two and the last two lines of a paragraph stay
/// together (no single line alone at the foot or head of a page).
fn text_units(
    block: usize,
    lines: Vec<(String, f32)>,
    font: Font,
    part: impl Fn(usize) -> Part,
    space_before: f32,
    keep_last: bool,
) -> Vec<Unit> {
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, (text, x))| Unit {
            block,
            kind: Kind::Flow,
            height: font.leading,
            space_before: if i == 0 { space_before } else { 0.0 },
            keep_with_next: i == 0 && n > 1 || n >= 2 && i + 2 == n || keep_last && i + 1 == n,
            marks: vec![Mark::Text {
                x,
                y: font.baseline(),
                text,
                font,
                part: part(i),
            }],
        })
        .collect()
}

/// The units of every block, in order.
pub fn units(blocks: &[Block], m: &impl Measure) -> Vec<Unit> {
    let mut out = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        match block {
            Block::Title(text) | Block::Heading(_, text) => {
                let level = match block {
                    Block::Heading(l, _) => *l,
                    _ => 1,
                };
                let font = heading_font(level);
                let lines = wrap(text, WIDTH, font, m);
                let height = font.leading * lines.len() as f32 + 4.0;
                let marks = lines
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| Mark::Text {
                        x: 0.0,
                        y: font.leading * i as f32 + font.baseline(),
                        text,
                        font,
                        part: Part::Text,
                    })
                    .collect();
                out.push(Unit {
                    block: b,
                    kind: Kind::Flow,
                    height,
                    space_before: match level {
                        0 | 1 => 0.0,
                        2 => 22.0,
                        3 => 14.0,
                        _ => 10.0,
                    },
                    keep_with_next: true,
                    marks,
                });
            }
            Block::Paragraph(style, text) => {
                let font = style_font(*style);
                let lines = wrap(text, WIDTH, font, m)
                    .into_iter()
                    .map(|l| (l, 0.0))
                    .collect();
                out.extend(text_units(b, lines, font, |_| Part::Text, 6.0, false));
            }
            Block::Aside { label, text } => out.extend(aside_units(b, label, text, m)),
            Block::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    let indent = 14.0;
                    let mut lines: Vec<(String, f32)> = wrap(item, WIDTH - indent, BODY, m)
                        .into_iter()
                        .map(|l| (l, indent))
                        .collect();
                    if lines.is_empty() {
                        lines.push((String::new(), indent));
                    }
                    let mut units = text_units(
                        b,
                        lines,
                        BODY,
                        |_| Part::Item(i),
                        if i == 0 { 6.0 } else { 3.0 },
                        false,
                    );
                    if let Some(first) = units.first_mut() {
                        first.marks.insert(
                            0,
                            Mark::Text {
                                x: 3.0,
                                y: BODY.baseline(),
                                text: "•".into(),
                                font: BODY,
                                part: Part::Label(i),
                            },
                        );
                    }
                    out.extend(units);
                }
            }
            Block::Table(table) => out.extend(table_units(b, table, m)),
            Block::Chart(c) => {
                let (height, marks) = chart::layout(c, WIDTH, m);
                out.push(Unit {
                    block: b,
                    kind: Kind::Figure,
                    height,
                    space_before: 10.0,
                    keep_with_next: false,
                    marks,
                });
            }
            Block::PageBreak => out.push(Unit {
                block: b,
                kind: Kind::PageBreak,
                height: 0.0,
                space_before: 0.0,
                keep_with_next: false,
                marks: Vec::new(),
            }),
        }
    }
    out
}

/// How far an aside's text stands in, and where its rule runs.
pub const ASIDE_INDENT: f32 = 14.0;
const ASIDE_RULE_X: f32 = 3.0;

/// An aside: the bold label, then the text, both indented, every line with
/// a piece of the rule at its left so the rule runs unbroken down the aside
/// (and on across a page break). The label stays with the first lines.
fn aside_units(b: usize, label: &str, text: &str, m: &impl Measure) -> Vec<Unit> {
    let lines = |text: &str, font: Font| -> Vec<(String, f32)> {
        wrap(text, WIDTH - ASIDE_INDENT, font, m)
            .into_iter()
            .map(|l| (l, ASIDE_INDENT))
            .collect()
    };
    let mut out = text_units(b, lines(label, H4), H4, |_| Part::Caption, 8.0, true);
    let body = text_units(b, lines(text, BODY), BODY, |_| Part::Text, 0.0, false);
    if out.is_empty() {
        out = body;
        if let Some(first) = out.first_mut() {
            first.space_before = 8.0;
        }
    } else {
        out.extend(body);
    }
    for unit in &mut out {
        unit.marks.push(Mark::Line {
            from: (ASIDE_RULE_X, 0.0),
            to: (ASIDE_RULE_X, unit.height),
            width: 2.0,
            color: RULE,
        });
    }
    out
}

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;

fn table_units(b: usize, table: &Table, m: &impl Measure) -> Vec<Unit> {
    // A column of weight 0 is as wide as its widest figure or header word;
    // the others share the rest.
    let fitted: Vec<Option<f32>> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            (col.weight <= 0.0).then(|| {
                let words = col
                    .title
                    .split_whitespace()
                    .map(|w| m.width(w, Weight::Bold, CELL_HEAD.size));
                let cells = table
                    .rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|t| m.width(t, Weight::Regular, CELL.size));
                words.chain(cells).fold(0.0, f32::max) + 2.0 * PAD_X + 1.0
            })
        })
        .collect();
    // The weighted columns (the statements) keep at least 40 % of the width;
    // fitted columns shrink to leave it.
    let wanted = fitted.iter().flatten().sum::<f32>();
    let room = if fitted.iter().any(Option::is_none) {
        WIDTH * 0.6
    } else {
        WIDTH
    };
    let scale = if wanted > room { room / wanted } else { 1.0 };
    let fitted: Vec<Option<f32>> = fitted.into_iter().map(|f| f.map(|w| w * scale)).collect();
    let rest = WIDTH - fitted.iter().flatten().sum::<f32>();
    let total: f32 = table
        .columns
        .iter()
        .map(|c| c.weight.max(0.0))
        .sum::<f32>()
        .max(f32::EPSILON);
    let widths: Vec<f32> = table
        .columns
        .iter()
        .zip(&fitted)
        .map(|(c, fit)| fit.unwrap_or(rest.max(0.0) * c.weight.max(0.0) / total))
        .collect();
    let mut out = Vec::new();
    let caption = wrap(&table.caption, WIDTH, CAPTION, m);
    out.extend(text_units(
        b,
        caption.into_iter().map(|l| (l, 0.0)).collect(),
        CAPTION,
        |_| Part::Caption,
        10.0,
        true,
    ));
    let header: Vec<String> = table.columns.iter().map(|c| c.title.clone()).collect();
    let row = |r: usize, cells: &[String]| -> Unit {
        let head = r == 0;
        let mut marks = Vec::new();
        let mut x = 0.0;
        let mut lines_max = 1;
        for (c, w) in widths.iter().enumerate() {
            let font = if head { CELL_HEAD } else { CELL };
            let text = cells.get(c).map_or("", String::as_str);
            let mut lines = wrap(text, w - 2.0 * PAD_X, font, m);
            if lines.is_empty() {
                // An empty cell is still a cell of the table's structure.
                lines.push(String::new());
            }
            lines_max = lines_max.max(lines.len());
            let align = table.columns.get(c).map_or(Align::Left, |c| c.align);
            for (i, line) in lines.into_iter().enumerate() {
                let lx = match align {
                    Align::Left => x + PAD_X,
                    Align::Right => {
                        x + w - PAD_X - m.width(line.trim_end(), font.weight, font.size)
                    }
                };
                marks.push(Mark::Text {
                    x: lx,
                    y: PAD_Y + font.leading * i as f32 + font.baseline(),
                    text: line,
                    font,
                    part: Part::Cell(r, c),
                });
            }
            x += w;
        }
        let height = CELL.leading * lines_max as f32 + 2.0 * PAD_Y;
        if head {
            marks.insert(
                0,
                Mark::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: WIDTH,
                    h: height,
                    color: SHADE,
                },
            );
        }
        marks.push(Mark::Line {
            from: (0.0, height),
            to: (WIDTH, height),
            width: if head { 0.8 } else { 0.4 },
            color: if head { GREY } else { RULE },
        });
        Unit {
            block: b,
            kind: if head {
                Kind::TableHeader
            } else {
                Kind::TableRow
            },
            height,
            space_before: 0.0,
            keep_with_next: head,
            marks,
        }
    };
    out.push(row(0, &header));
    for (r, cells) in table.rows.iter().enumerate() {
        out.push(row(r + 1, cells));
    }
    out
}

/// A unit where it landed: `y` of its top on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub y: f32,
    /// A table header repeated on a following page: drawn, but not part of
    /// the document's structure.
    pub repeated: bool,
    pub unit: Unit,
}

pub type Page = Vec<Placed>;

/// Fills pages top to bottom. A run of units tied by `keep_with_next` moves
/// to the next page as a whole when it does not fit (unless it does not fit
/// on an empty page either); a table continued on a new page repeats its
/// header row.
pub fn paginate(units: Vec<Unit>) -> Vec<Page> {
    let mut pages: Vec<Page> = vec![Vec::new()];
    let mut y = TOP;
    let mut headers: BTreeMap<usize, Unit> = BTreeMap::new();
    let mut i = 0;
    while i < units.len() {
        if units[i].kind == Kind::PageBreak {
            if pages.last().is_some_and(|p| !p.is_empty()) {
                pages.push(Vec::new());
                y = TOP;
            }
            i += 1;
            continue;
        }
        let mut end = i;
        while end + 1 < units.len()
            && units[end].keep_with_next
            && units[end + 1].kind != Kind::PageBreak
        {
            end += 1;
        }
        let run = &units[i..=end];
        let at_top = pages.last().is_none_or(Vec::is_empty);
        let height = |at_top: bool| -> f32 {
            run.iter()
                .enumerate()
                .map(|(n, u)| {
                    u.height
                        + if n == 0 && at_top {
                            0.0
                        } else {
                            u.space_before
                        }
                })
                .sum()
        };
        if !at_top && y + height(false) > BOTTOM && TOP + height(true) <= BOTTOM {
            pages.push(Vec::new());
            y = TOP;
        }
        for unit in run {
            let at_top = pages.last().is_none_or(Vec::is_empty);
            let space = if at_top { 0.0 } else { unit.space_before };
            if !at_top && y + space + unit.height > BOTTOM {
                pages.push(Vec::new());
                y = TOP;
            }
            let page = pages.len() - 1;
            let at_top = pages[page].is_empty();
            if at_top
                && unit.kind == Kind::TableRow
                && let Some(header) = headers.get(&unit.block)
            {
                pages[page].push(Placed {
                    y,
                    repeated: true,
                    unit: header.clone(),
                });
                y += header.height;
            }
            if unit.kind == Kind::TableHeader {
                headers.insert(unit.block, unit.clone());
            }
            y += if at_top { 0.0 } else { unit.space_before };
            pages[page].push(Placed {
                y,
                repeated: false,
                unit: unit.clone(),
            });
            y += unit.height;
        }
        i = end + 1;
    }
    if pages.len() > 1 && pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::document::Column;

    /// Every character 0.5 em wide.
    struct Mono;
    impl Measure for Mono {
        fn width(&self, text: &str, _: Weight, size: f32) -> f32 {
            text.chars().count() as f32 * size * 0.5
        }
    }

    fn texts(page: &Page) -> Vec<String> {
        page.iter()
            .flat_map(|p| &p.unit.marks)
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.trim_end().to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn lines_wrap_at_spaces_keep_their_spaces_and_split_long_words() {
        // 10 pt, 5 pt per character: 40 pt holds 8 characters.
        let lines = wrap("een twee drie vier", 40.0, BODY, &Mono);
        assert_eq!(lines, ["een twee ", "drie ", "vier"]);
        assert_eq!(
            wrap("abcdefghijkl xy", 40.0, BODY, &Mono),
            ["abcdefgh", "ijkl xy"]
        );
        assert_eq!(wrap("een\ntwee", 400.0, BODY, &Mono), ["een", "twee"]);
        assert!(wrap("", 40.0, BODY, &Mono).is_empty());
        for line in wrap(&"woord ".repeat(200), WIDTH, BODY, &Mono) {
            assert!(Mono.width(line.trim_end(), Weight::Regular, 10.0) <= WIDTH);
        }
    }

    fn filler(n: usize) -> Vec<Block> {
        (0..n)
            .map(|i| Block::Paragraph(Style::Body, format!("Alinea {i}")))
            .collect()
    }

    /// How many one-line paragraphs fill the first page.
    fn per_page() -> usize {
        let pages = paginate(units(&filler(200), &Mono));
        pages[0].len()
    }

    #[test]
    fn a_long_flow_breaks_into_pages_within_the_margins() {
        let pages = paginate(units(&filler(200), &Mono));
        assert!(pages.len() > 3, "{}", pages.len());
        for page in &pages {
            for p in page {
                assert!(p.y >= TOP && p.y + p.unit.height <= BOTTOM + 0.01);
            }
        }
        assert_eq!(texts(&pages[1])[0], format!("Alinea {}", per_page()));
    }

    #[test]
    fn a_heading_never_ends_a_page_alone() {
        let n = per_page();
        for at in n.saturating_sub(3)..=n + 1 {
            let mut blocks = filler(at);
            blocks.push(Block::Heading(2, "Thema".into()));
            blocks.push(Block::Paragraph(Style::Body, "Na de kop".into()));
            blocks.extend(filler(5));
            let pages = paginate(units(&blocks, &Mono));
            for page in &pages {
                let last = texts(page).pop().unwrap();
                assert_ne!(last, "Thema", "heading alone at the foot (after {at})");
            }
            let with_heading = pages
                .iter()
                .find(|p| texts(p).contains(&"Thema".to_owned()))
                .unwrap();
            assert!(texts(with_heading).contains(&"Na de kop".to_owned()));
        }
    }

    #[test]
    fn a_table_continued_on_the_next_page_repeats_its_header_and_keeps_its_caption() {
        let n = per_page();
        let mut blocks = filler(n - 2);
        blocks.push(Block::Table(Table {
            caption: "Tabel".into(),
            columns: vec![
                Column {
                    title: "Stelling".into(),
                    weight: 3.0,
                    align: Align::Left,
                },
                Column {
                    title: "Gemiddelde".into(),
                    weight: 1.0,
                    align: Align::Right,
                },
            ],
            rows: (0..80)
                .map(|i| vec![format!("Stelling {i}"), "3,5".into()])
                .collect(),
            row_headers: true,
        }));
        let pages = paginate(units(&blocks, &Mono));
        let first = texts(&pages[0]);
        assert!(
            !first.contains(&"Tabel".to_owned()),
            "caption moved with the header and a row"
        );
        let second = texts(&pages[1]);
        assert_eq!(
            &second[..4],
            ["Tabel", "Stelling", "Gemiddelde", "Stelling 0"]
        );
        let third = &pages[2];
        assert!(third[0].repeated && third[0].unit.kind == Kind::TableHeader);
        assert!(!third[1].repeated);
        // Right-aligned figures end at the column's right edge.
        let right = third[1].unit.marks.iter().find_map(|m| match m {
            Mark::Text { x, text, .. } if text == "3,5" => {
                Some(*x + Mono.width("3,5", Weight::Regular, CELL.size))
            }
            _ => None,
        });
        assert!((right.unwrap() - (WIDTH - PAD_X)).abs() < 0.01);
    }

    #[test]
    fn a_paragraph_leaves_no_single_line_at_the_foot_of_a_page() {
        let n = per_page();
        let long = "woord ".repeat(400);
        let mut blocks = filler(n - 1);
        blocks.push(Block::Paragraph(Style::Body, long));
        let pages = paginate(units(&blocks, &Mono));
        assert_eq!(texts(&pages[0]).len(), n - 1, "the first line moved along");
    }

    #[test]
    fn an_aside_is_indented_ruled_and_keeps_its_label_with_its_text() {
        let n = per_page();
        let mut blocks = filler(n - 1);
        blocks.push(Block::Aside {
            label: "Kanttekening van B. Jansen".into(),
            text: "Ik zie dat anders.".into(),
        });
        let pages = paginate(units(&blocks, &Mono));
        assert_eq!(
            texts(&pages[1]),
            ["Kanttekening van B. Jansen", "Ik zie dat anders."],
            "the label moved on with its text"
        );
        for placed in &pages[1] {
            let marks = &placed.unit.marks;
            assert!(marks.iter().any(|m| matches!(m,
                Mark::Text { x, .. } if (*x - ASIDE_INDENT).abs() < 0.01)));
            assert!(marks.iter().any(|m| matches!(m,
                Mark::Line { from, to, .. } if from.1 == 0.0 && to.1 == placed.unit.height)));
        }
    }

    #[test]
    fn a_page_break_starts_a_new_page_but_never_an_empty_one() {
        let mut blocks = vec![Block::PageBreak];
        blocks.extend(filler(2));
        blocks.push(Block::PageBreak);
        blocks.push(Block::PageBreak);
        blocks.extend(filler(1));
        let pages = paginate(units(&blocks, &Mono));
        assert_eq!(pages.len(), 2);
        assert_eq!(texts(&pages[1]), ["Alinea 0"]);
    }
}

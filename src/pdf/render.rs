//! Pages into a PDF with krilla: the marks, the running header and footer
//! (artifacts), the structure tree (headings, paragraphs, lists, tables,
//! figures) and the metadata.

use std::collections::BTreeMap;
use std::num::NonZeroU16;

use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope,
    Tag, TagGroup, TagTree,
};
use krilla::{Document as Krilla, SerializeSettings};

use super::PdfError;
use super::document::{Block, Conformance, Document};
use super::fonts::Fonts;
use super::layout::{
    self, Color, Kind, MARGIN_X, MARGINAL, Mark, PAGE_HEIGHT, PAGE_WIDTH, Page, Part, RULE, Shape,
    WIDTH,
};

/// The document's language (metadata and structure).
const LANGUAGE: &str = "nl-NL";

/// Lays out and writes the document.
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load()?;
    let pages = layout::paginate(layout::units(&doc.blocks, &fonts));
    let mut builder = ConfigurationBuilder::new().with_accessibility_validator(Accessibility::UA1);
    if doc.conformance == Conformance::Archive {
        builder = builder.with_archival_validator(Archival::A2_A);
    }
    let configuration = builder
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    let mut pdf = Krilla::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    });
    let mut ids = Ids::default();
    let total = pages.len();
    for (n, page) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Geometry)?;
        let mut kp = pdf.start_page_with(settings);
        let mut surface = kp.surface();
        marginals(&mut surface, &fonts, doc, n + 1, total)?;
        draw_page(&mut surface, &fonts, page, &mut ids)?;
        surface.finish();
        kp.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(LANGUAGE.into()));
    for (b, block) in doc.blocks.iter().enumerate() {
        if let Some(group) = structure(b, block, &mut ids) {
            tree.push(group);
        }
    }
    pdf.set_tag_tree(tree);
    pdf.set_outline(outline(doc, &pages));
    let mut metadata = Metadata::new()
        .title(doc.title.clone())
        .description(doc.subject.clone())
        .language(LANGUAGE.into())
        .creator("Klankbord".into())
        .document_id(doc.id.clone());
    if let Some(at) = doc.created {
        metadata = metadata.creation_date(date_time(at));
    }
    pdf.set_metadata(metadata);
    pdf.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

/// A fixed moment as PDF metadata (UTC).
fn date_time(at: jiff::Timestamp) -> DateTime {
    let t = at.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    let byte = |n: i8| u8::try_from(n).unwrap_or(0);
    DateTime::new(u16::try_from(t.year()).unwrap_or(0))
        .month(byte(t.month()))
        .day(byte(t.day()))
        .hour(byte(t.hour()))
        .minute(byte(t.minute()))
        .second(byte(t.second()))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// Bookmarks: the level-2 headings, each with its level-3 headings.
fn outline(doc: &Document, pages: &[Page]) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for (p, page) in pages.iter().enumerate() {
        let mut seen = std::collections::BTreeSet::new();
        for placed in page.iter().filter(|u| !u.repeated) {
            let block = placed.unit.block;
            let Some(Block::Heading(level @ (2 | 3), text)) = doc.blocks.get(block) else {
                continue;
            };
            if !seen.insert(block) {
                continue;
            }
            let node = OutlineNode::new(
                text.clone(),
                XyzDestination::new(p, Point::from_xy(0.0, placed.y)),
            );
            match (level, current.as_mut()) {
                (3, Some(parent)) => parent.push_child(node),
                _ => {
                    if let Some(done) = current.replace(node) {
                        outline.push_child(done);
                    }
                }
            }
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

/// The marked pieces of content, per block and part, in drawing order.
#[derive(Default)]
struct Ids {
    text: BTreeMap<(usize, Part), Vec<Identifier>>,
    figures: BTreeMap<usize, Vec<Identifier>>,
}

impl Ids {
    fn take(&mut self, block: usize, part: Part) -> Vec<Node> {
        self.text
            .remove(&(block, part))
            .unwrap_or_default()
            .into_iter()
            .map(Node::from)
            .collect()
    }
}

fn color(c: Color) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

fn fill(c: Color) -> Fill {
    Fill {
        paint: color(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw_page(s: &mut Surface, fonts: &Fonts, page: &Page, ids: &mut Ids) -> Result<(), PdfError> {
    for placed in page {
        let (ox, oy) = (MARGIN_X, placed.y);
        let block = placed.unit.block;
        if placed.unit.kind == Kind::Figure {
            let id = s.start_tagged(ContentTag::Other);
            for m in &placed.unit.marks {
                draw(s, fonts, m, ox, oy)?;
            }
            s.end_tagged();
            ids.figures.entry(block).or_default().push(id);
            continue;
        }
        for m in &placed.unit.marks {
            match m {
                Mark::Text { part, .. } if !placed.repeated => {
                    let id = s.start_tagged(ContentTag::Span(SpanTag::empty()));
                    draw(s, fonts, m, ox, oy)?;
                    s.end_tagged();
                    ids.text.entry((block, *part)).or_default().push(id);
                }
                _ => {
                    let kind = if placed.repeated {
                        ArtifactType::PaginationOther
                    } else {
                        ArtifactType::Layout
                    };
                    s.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
                    draw(s, fonts, m, ox, oy)?;
                    s.end_tagged();
                }
            }
        }
    }
    Ok(())
}

/// Above, on every page: what the document is (left) and the
/// confidentiality marking (right, in bold); below: the footer (left) and
/// "Pagina n van m" (right). Artifacts, not part of the text's structure.
fn marginals(
    s: &mut Surface,
    fonts: &Fonts,
    doc: &Document,
    page: usize,
    pages: usize,
) -> Result<(), PdfError> {
    let marking = crate::pdf::layout::Font {
        weight: layout::Weight::Bold,
        color: layout::INK,
        ..MARGINAL
    };
    let text = |s: &mut Surface, x: f32, y: f32, t: &str, font: layout::Font| {
        draw(
            s,
            fonts,
            &Mark::Text {
                x,
                y,
                text: t.to_owned(),
                font,
                part: Part::Text,
            },
            MARGIN_X,
            0.0,
        )
    };
    let width = |t: &str| fonts.face(MARGINAL.weight).width(t, MARGINAL.size);
    let bold = |t: &str| fonts.bold.width(t, marking.size);
    s.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Header,
    )));
    let mark = fit(&doc.marking, WIDTH * 0.6, &bold);
    let head = fit(&doc.running_head, WIDTH - bold(&mark) - 16.0, &width);
    text(s, 0.0, 40.0, &head, MARGINAL)?;
    text(s, WIDTH - bold(&mark), 40.0, &mark, marking)?;
    draw(
        s,
        fonts,
        &Mark::Line {
            from: (0.0, 47.0),
            to: (WIDTH, 47.0),
            width: 0.5,
            color: RULE,
        },
        MARGIN_X,
        0.0,
    )?;
    s.end_tagged();
    s.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Footer,
    )));
    let y = PAGE_HEIGHT - 36.0;
    let number = format!("Pagina {page} van {pages}");
    let foot = fit(&doc.footer, WIDTH - width(&number) - 16.0, &width);
    text(s, 0.0, y, &foot, MARGINAL)?;
    text(s, WIDTH - width(&number), y, &number, MARGINAL)?;
    s.end_tagged();
    Ok(())
}

/// The text, shortened with "…" to fit `max` points.
fn fit(text: &str, max: f32, width: &impl Fn(&str) -> f32) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let mut out: String = text.to_owned();
    while !out.is_empty() && width(&format!("{out}…")) > max {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

fn draw(s: &mut Surface, fonts: &Fonts, m: &Mark, ox: f32, oy: f32) -> Result<(), PdfError> {
    match m {
        Mark::Text {
            x, y, text, font, ..
        } => {
            let face = fonts.face(font.weight);
            s.set_stroke(None);
            s.set_fill(Some(fill(font.color)));
            s.draw_glyphs(
                Point::from_xy(ox + x, oy + y),
                &face.glyphs(text),
                face.font.clone(),
                text,
                font.size,
                false,
            );
        }
        Mark::Line {
            from,
            to,
            width,
            color: c,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(ox + from.0, oy + from.1);
            pb.line_to(ox + to.0, oy + to.1);
            let path = pb.finish().ok_or(PdfError::Geometry)?;
            s.set_fill(None);
            s.set_stroke(Some(Stroke {
                paint: color(*c),
                width: *width,
                ..Stroke::default()
            }));
            s.draw_path(&path);
        }
        Mark::Rect {
            x,
            y,
            w,
            h,
            color: c,
        } => {
            let mut pb = PathBuilder::new();
            pb.push_rect(Rect::from_xywh(ox + x, oy + y, *w, *h).ok_or(PdfError::Geometry)?);
            let path = pb.finish().ok_or(PdfError::Geometry)?;
            s.set_stroke(None);
            s.set_fill(Some(fill(*c)));
            s.draw_path(&path);
        }
        Mark::Dot {
            x,
            y,
            r,
            shape,
            color: c,
        } => {
            let (cx, cy, r) = (ox + x, oy + y, *r);
            let mut pb = PathBuilder::new();
            match shape {
                Shape::Circle => {
                    // Four cubic arcs.
                    let k = 0.552_285 * r;
                    pb.move_to(cx + r, cy);
                    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
                    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
                    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
                    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
                    pb.close();
                }
                Shape::Square => {
                    let h = r * 0.9;
                    pb.push_rect(
                        Rect::from_xywh(cx - h, cy - h, 2.0 * h, 2.0 * h)
                            .ok_or(PdfError::Geometry)?,
                    );
                }
                Shape::Diamond => {
                    let d = r * 1.25;
                    pb.move_to(cx, cy - d);
                    pb.line_to(cx + d, cy);
                    pb.line_to(cx, cy + d);
                    pb.line_to(cx - d, cy);
                    pb.close();
                }
                Shape::Triangle => {
                    let d = r * 1.2;
                    pb.move_to(cx, cy - d);
                    pb.line_to(cx + d, cy + d * 0.8);
                    pb.line_to(cx - d, cy + d * 0.8);
                    pb.close();
                }
            }
            let path = pb.finish().ok_or(PdfError::Geometry)?;
            s.set_fill(Some(fill(*c)));
            s.set_stroke(Some(Stroke {
                paint: color((0xff, 0xff, 0xff)),
                width: 0.6,
                ..Stroke::default()
            }));
            s.draw_path(&path);
        }
    }
    Ok(())
}

fn group(tag: impl Into<krilla::tagging::TagKind>, children: Vec<Node>) -> TagGroup {
    TagGroup::with_children(tag, children)
}

/// The structure element of a block, with the content drawn for it.
fn structure(b: usize, block: &Block, ids: &mut Ids) -> Option<TagGroup> {
    let heading = |level: u16, text: &str, ids: &mut Ids| {
        let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
        group(
            Tag::Hn(level, Some(text.to_owned())),
            ids.take(b, Part::Text),
        )
    };
    Some(match block {
        Block::Title(text) => heading(1, text, ids),
        Block::Heading(level, text) => heading(u16::from(*level), text, ids),
        Block::Paragraph(..) => group(Tag::P, ids.take(b, Part::Text)),
        Block::Aside { .. } => group(
            Tag::BlockQuote,
            vec![
                group(Tag::P, ids.take(b, Part::Caption)).into(),
                group(Tag::P, ids.take(b, Part::Text)).into(),
            ],
        ),
        Block::List(items) => group(
            Tag::L(ListNumbering::Disc),
            (0..items.len())
                .map(|i| {
                    group(
                        Tag::LI,
                        vec![
                            group(Tag::Lbl, ids.take(b, Part::Label(i))).into(),
                            group(Tag::LBody, ids.take(b, Part::Item(i))).into(),
                        ],
                    )
                    .into()
                })
                .collect(),
        ),
        Block::Table(table) => {
            let head = group(
                Tag::TR,
                (0..table.columns.len())
                    .map(|c| {
                        group(
                            Tag::TH(TableHeaderScope::Column),
                            ids.take(b, Part::Cell(0, c)),
                        )
                        .into()
                    })
                    .collect(),
            );
            let body = (0..table.rows.len())
                .map(|r| {
                    group(
                        Tag::TR,
                        (0..table.columns.len())
                            .map(|c| {
                                let cell = ids.take(b, Part::Cell(r + 1, c));
                                if c == 0 && table.row_headers {
                                    group(Tag::TH(TableHeaderScope::Row), cell).into()
                                } else {
                                    group(Tag::TD, cell).into()
                                }
                            })
                            .collect(),
                    )
                    .into()
                })
                .collect();
            group(
                Tag::Table,
                vec![
                    group(Tag::Caption, ids.take(b, Part::Caption)).into(),
                    group(Tag::THead, vec![head.into()]).into(),
                    group(Tag::TBody, body).into(),
                ],
            )
        }
        Block::Chart(chart) => group(
            Tag::Figure(Some(chart.alt().to_owned())),
            ids.figures
                .remove(&b)
                .unwrap_or_default()
                .into_iter()
                .map(Node::from)
                .collect(),
        ),
        Block::PageBreak => return None,
    })
}

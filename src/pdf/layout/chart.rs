//! Charts as vector marks: dots on a 1–5 scale per row and series, or bars
//! split into counts. Series differ in shape as well as colour
//! (Okabe–Ito colours, safe for colour-blind readers).

use super::super::document::{BarChart, Chart, DotChart};
use super::{CAPTION, CELL, Color, GREY, INK, Mark, Measure, NOTE, Part, RULE, SHADE, Shape, wrap};

const SERIES: [Color; 7] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
];
const SHAPES: [Shape; 4] = [
    Shape::Circle,
    Shape::Square,
    Shape::Diamond,
    Shape::Triangle,
];

/// "Kan ik niet beoordelen", then 1 to 5 (a diverging scale).
const OPTIONS: [Color; 6] = [
    (0xcc, 0xcc, 0xcc),
    (0xe6, 0x61, 0x01),
    (0xfd, 0xb8, 0x63),
    (0xf2, 0xf2, 0xf2),
    (0xb2, 0xab, 0xd2),
    (0x5e, 0x3c, 0x99),
];

/// The share of the width the row labels take.
const LABEL_SHARE: f32 = 0.42;

/// The height of the chart and its marks (`y` from its top).
pub fn layout(chart: &Chart, width: f32, m: &impl Measure) -> (f32, Vec<Mark>) {
    match chart {
        Chart::Dots(c) => dots(c, width, m),
        Chart::Bars(c) => bars(c, width, m),
    }
}

fn text(x: f32, y: f32, text: String, font: super::Font) -> Mark {
    Mark::Text {
        x,
        y,
        text,
        font,
        part: Part::Text,
    }
}

/// The title, then a legend flowed over as many lines as it needs.
fn head(title: &str, entries: &[(String, Mark)], width: f32, m: &impl Measure) -> (f32, Vec<Mark>) {
    let mut marks = Vec::new();
    let mut y = 0.0;
    for line in wrap(title, width, CAPTION, m) {
        marks.push(text(0.0, y + CAPTION.baseline(), line, CAPTION));
        y += CAPTION.leading;
    }
    y += 2.0;
    let mut x = 0.0;
    for (name, symbol) in entries {
        let w = 14.0 + m.width(name, CELL.weight, CELL.size) + 12.0;
        if x > 0.0 && x + w > width {
            x = 0.0;
            y += CELL.leading;
        }
        let mid = y + CELL.leading / 2.0;
        marks.push(match symbol.clone() {
            Mark::Dot {
                r, shape, color, ..
            } => Mark::Dot {
                x: x + 5.0,
                y: mid,
                r,
                shape,
                color,
            },
            Mark::Rect { color, .. } => Mark::Rect {
                x,
                y: mid - 4.5,
                w: 9.0,
                h: 9.0,
                color,
            },
            other => other,
        });
        marks.push(text(x + 14.0, y + CELL.baseline(), name.clone(), CELL));
        x += w;
    }
    (y + CELL.leading + 6.0, marks)
}

/// Each row's label lines and height.
fn rows<'a>(
    labels: impl Iterator<Item = &'a str>,
    width: f32,
    m: &impl Measure,
) -> Vec<(Vec<String>, f32)> {
    labels
        .map(|l| {
            let lines = wrap(l, width * LABEL_SHARE, CELL, m);
            let h = (CELL.leading * lines.len().max(1) as f32).max(14.0) + 6.0;
            (lines, h)
        })
        .collect()
}

fn dots(c: &DotChart, width: f32, m: &impl Measure) -> (f32, Vec<Mark>) {
    let style = |s: usize| -> (f32, Shape, Color) {
        let series = &c.series[s];
        if series.emphasis {
            (4.2, Shape::Circle, INK)
        } else {
            (3.4, SHAPES[s % SHAPES.len()], SERIES[s % SERIES.len()])
        }
    };
    let legend: Vec<(String, Mark)> = c
        .series
        .iter()
        .enumerate()
        .map(|(s, series)| {
            let (r, shape, color) = style(s);
            (
                series.name.clone(),
                Mark::Dot {
                    x: 0.0,
                    y: 0.0,
                    r,
                    shape,
                    color,
                },
            )
        })
        .collect();
    let (top, mut marks) = head(&c.title, &legend, width, m);
    let x0 = width * LABEL_SHARE + 14.0;
    let x1 = width - 10.0;
    let at = |v: f64| x0 + (v.clamp(1.0, 5.0) as f32 - 1.0) / 4.0 * (x1 - x0);
    let rows = rows(c.rows.iter().map(|r| r.label.as_str()), width, m);
    let bottom = top + rows.iter().map(|r| r.1).sum::<f32>();
    for v in 1..=5 {
        let x = at(f64::from(v));
        marks.push(Mark::Line {
            from: (x, top),
            to: (x, bottom),
            width: 0.4,
            color: RULE,
        });
        let label = v.to_string();
        let w = m.width(&label, CELL.weight, CELL.size);
        marks.push(text(
            x - w / 2.0,
            bottom + CELL.baseline() + 2.0,
            label,
            CELL,
        ));
    }
    let ends = ("helemaal mee oneens", "helemaal mee eens");
    marks.push(text(
        at(1.0) - 2.0,
        bottom + CELL.leading + NOTE.baseline() + 2.0,
        ends.0.into(),
        NOTE,
    ));
    let w = m.width(ends.1, NOTE.weight, NOTE.size);
    marks.push(text(
        at(5.0) - w + 2.0,
        bottom + CELL.leading + NOTE.baseline() + 2.0,
        ends.1.into(),
        NOTE,
    ));
    let mut y = top;
    let n = c.series.len() as f32;
    for ((lines, h), row) in rows.into_iter().zip(&c.rows) {
        let mid = y + h / 2.0;
        marks.push(Mark::Line {
            from: (0.0, y + h),
            to: (width, y + h),
            width: 0.3,
            color: SHADE,
        });
        let first = mid - CELL.leading * lines.len() as f32 / 2.0;
        for (i, line) in lines.into_iter().enumerate() {
            marks.push(text(
                0.0,
                first + CELL.leading * i as f32 + CELL.baseline(),
                line,
                CELL,
            ));
        }
        marks.push(Mark::Line {
            from: (x0, mid),
            to: (x1, mid),
            width: 0.6,
            color: SHADE,
        });
        for (s, value) in row.values.iter().enumerate() {
            let Some(v) = value else { continue };
            let (r, shape, color) = style(s);
            // Series side by side vertically, so equal values stay visible.
            let dy = (s as f32 - (n - 1.0) / 2.0) * (h - 8.0).min(n * 3.0) / n.max(1.0);
            marks.push(Mark::Dot {
                x: at(*v),
                y: mid + dy,
                r,
                shape,
                color,
            });
        }
        y += h;
    }
    (bottom + CELL.leading + NOTE.leading + 4.0, marks)
}

fn bars(c: &BarChart, width: f32, m: &impl Measure) -> (f32, Vec<Mark>) {
    let legend: Vec<(String, Mark)> = c
        .categories
        .iter()
        .enumerate()
        .map(|(i, name)| {
            (
                name.clone(),
                Mark::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: 0.0,
                    h: 0.0,
                    color: OPTIONS[i % OPTIONS.len()],
                },
            )
        })
        .collect();
    let (top, mut marks) = head(&c.title, &legend, width, m);
    let x0 = width * LABEL_SHARE + 14.0;
    let x1 = width - 10.0;
    let rows = rows(c.rows.iter().map(|r| r.0.as_str()), width, m);
    let mut y = top;
    for ((lines, h), (_, counts)) in rows.into_iter().zip(&c.rows) {
        let mid = y + h / 2.0;
        let first = mid - CELL.leading * lines.len() as f32 / 2.0;
        for (i, line) in lines.into_iter().enumerate() {
            marks.push(text(
                0.0,
                first + CELL.leading * i as f32 + CELL.baseline(),
                line,
                CELL,
            ));
        }
        let total: u32 = counts.iter().sum();
        let mut x = x0;
        for (i, count) in counts.iter().enumerate() {
            if *count == 0 || total == 0 {
                continue;
            }
            let w = (x1 - x0) * *count as f32 / total as f32;
            let color = OPTIONS[i % OPTIONS.len()];
            marks.push(Mark::Rect {
                x,
                y: mid - 7.0,
                w,
                h: 14.0,
                color,
            });
            let label = count.to_string();
            let lw = m.width(&label, CELL.weight, CELL.size);
            if lw + 4.0 <= w {
                let font = if i + 1 == OPTIONS.len() {
                    super::Font {
                        color: (0xff, 0xff, 0xff),
                        ..CELL
                    }
                } else {
                    CELL
                };
                marks.push(text(
                    x + (w - lw) / 2.0,
                    mid - CELL.leading / 2.0 + CELL.baseline(),
                    label,
                    font,
                ));
            }
            x += w;
        }
        marks.push(Mark::Line {
            from: (0.0, y + h),
            to: (width, y + h),
            width: 0.3,
            color: SHADE,
        });
        y += h;
    }
    marks.push(Mark::Line {
        from: (x0, top),
        to: (x0, y),
        width: 0.6,
        color: GREY,
    });
    (y + 6.0, marks)
}

//! Charts as SVG strings, drawn on the server with plotters' SVG backend and
//! embedded inline in the page.
//!
//! The pages' Content-Security-Policy forbids inline style, so the output has
//! no `style` attribute, no `<style>` element and no script: only
//! presentation attributes (`fill=`, `stroke=`, `font-size=`). Series are told
//! apart by marker shape as well as colour (Okabe-Ito), all text is Dutch and
//! at least 14 px, and the root element carries `role="img"` and an
//! `aria-label`. A drawing error never takes a page down: it gives a small
//! SVG that says there is nothing to show. Every chart is shown next to a
//! table with the same figures.

pub mod distribution;
pub mod dot_plot;
pub mod term;

pub use distribution::{DistributionChart, distribution_svg};
pub use dot_plot::{DotPlot, DotRow, dot_plot_svg};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe-Ito colours, safe for colour-blind readers, in the order series get them.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
];

/// Width of every chart in px; the height follows from the number of rows.
pub const WIDTH: u32 = 640;
/// Size of labels, tick labels and legend text in px, as it ends up in the SVG.
pub const FONT_PX: f64 = 14.0;
/// Size of the title in px.
pub const TITLE_PX: f64 = 16.0;
/// Width reserved left of the plot for row labels ("Ambtelijke organisatie").
pub(crate) const LABEL_AREA: u32 = 200;

/// The room for row labels left of the plot: its width in px and the lines a
/// label may take before it ends in an ellipsis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Labels {
    pub width: u32,
    pub lines: usize,
}

impl Labels {
    /// Short names: groups, themes ("Ambtelijke organisatie").
    pub const SHORT: Labels = Labels {
        width: LABEL_AREA,
        lines: 2,
    };
    /// A statement's text: wider and up to three lines; the full text is in
    /// the table next to the chart.
    pub const STATEMENT: Labels = Labels {
        width: 290,
        lines: 3,
    };

    /// Height a row needs for its label, in px.
    pub(crate) fn row_height(self) -> i32 {
        i32::try_from(self.lines).unwrap_or(3) * LABEL_LINE_HEIGHT + 12
    }
}

const LABEL_LINE_HEIGHT: i32 = 16;
/// Outer margin.
pub(crate) const MARGIN: i32 = 10;

pub(crate) const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
pub(crate) const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
pub(crate) const GRID: RGBColor = RGBColor(0xD0, 0xD0, 0xD0);

/// plotters' SVG backend writes `font-size` as the requested size divided by
/// 1.24; ask for that much more so the SVG says `px`.
const SVG_FONT_FACTOR: f64 = 1.24;

pub(crate) type DrawResult<'a> = Result<(), Box<dyn std::error::Error + 'a>>;

/// A text style whose `font-size` in the SVG is `px`.
pub(crate) fn font(px: f64) -> FontDesc<'static> {
    ("sans-serif", px * SVG_FONT_FACTOR).into_font()
}

pub(crate) fn text_style(px: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    font(px).color(&colour).pos(Pos::new(h, v))
}

/// A rough width in px of `text` in a proportional sans-serif font.
/// plotters' own estimate (0.7 em per byte) is far too wide for Dutch text.
pub(crate) fn text_width(text: &str, px: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 0.25,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '-' => 0.33,
            'm' | 'w' | 'M' | 'W' => 0.85,
            c if c.is_uppercase() => 0.68,
            c if c.is_ascii_digit() => 0.56,
            _ => 0.54,
        })
        .sum();
    em * px
}

/// Splits `text` at spaces into at most `max_lines` lines of at most
/// `max_width` px; what does not fit ends in an ellipsis.
pub(crate) fn wrap(text: &str, px: f64, max_width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || text_width(&candidate, px) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    for line in &mut lines {
        if text_width(line, px) > max_width {
            let mut cut: String = String::new();
            for c in line.chars() {
                if text_width(&format!("{cut}{c}…"), px) > max_width {
                    break;
                }
                cut.push(c);
            }
            cut.push('…');
            *line = cut;
        }
    }
    lines
}

/// The title, wrapped to the width of the chart (at most three lines).
pub(crate) fn title_lines(title: &str) -> Vec<String> {
    wrap(
        title,
        TITLE_PX,
        f64::from(WIDTH) - 2.0 * f64::from(MARGIN),
        3,
    )
}

pub(crate) const TITLE_LINE_HEIGHT: i32 = 22;

/// Draws the (wrapped) title at the top; returns the y below it.
pub(crate) fn draw_title<'a>(
    root: &DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
    lines: &[String],
) -> Result<i32, Box<dyn std::error::Error + 'a>> {
    let style = font(TITLE_PX)
        .style(FontStyle::Bold)
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    let mut y = MARGIN;
    for line in lines {
        root.draw(&Text::new(line.clone(), (MARGIN, y), style.clone()))?;
        y += TITLE_LINE_HEIGHT;
    }
    Ok(y)
}

/// Row labels, right-aligned in the label area, wrapped to at most
/// `labels.lines` lines centred on `y`.
pub(crate) fn draw_row_label<'a>(
    root: &DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
    label: &str,
    y: i32,
    labels: Labels,
) -> DrawResult<'a> {
    let x = labels.width as i32 - 8;
    let lines = wrap(
        label,
        FONT_PX,
        f64::from(labels.width) - 8.0 - f64::from(MARGIN),
        labels.lines,
    );
    let style = text_style(FONT_PX, INK, HPos::Right, VPos::Center);
    let line_height = LABEL_LINE_HEIGHT;
    let top = y - (lines.len() as i32 - 1) * line_height / 2;
    for (i, line) in lines.iter().enumerate() {
        root.draw(&Text::new(
            line.clone(),
            (x, top + i as i32 * line_height),
            style.clone(),
        ))?;
    }
    Ok(())
}

/// Lays out legend entries (a swatch of `swatch` px and a name) left to right,
/// wrapping to new lines; returns the top-left position of each entry and the
/// number of lines.
pub(crate) fn legend_layout(names: &[&str], swatch: i32) -> (Vec<(i32, i32)>, i32) {
    let right = WIDTH as i32 - MARGIN;
    let mut x = MARGIN;
    let mut line = 0;
    let mut at = Vec::with_capacity(names.len());
    for name in names {
        let w = swatch + 6 + text_width(name, FONT_PX).ceil() as i32;
        if x > MARGIN && x + w > right {
            x = MARGIN;
            line += 1;
        }
        at.push((x, line));
        x += w + 22;
    }
    let lines = if names.is_empty() { 0 } else { line + 1 };
    (at, lines)
}

pub(crate) const LEGEND_LINE_HEIGHT: i32 = 24;

/// Adds the accessible name to the root element and removes anything the CSP would block.
pub(crate) fn finish(svg: String, label: &str) -> String {
    let escaped = escape_attribute(label);
    let svg = svg.trim_start();
    let svg = match svg.strip_prefix("<svg") {
        Some(rest) => format!("<svg role=\"img\" aria-label=\"{escaped}\"{rest}"),
        None => return empty(label),
    };
    let svg = strip_style_attributes(&svg);
    let svg = round_font_sizes(&svg);
    remove_elements(&remove_elements(&svg, "style"), "script")
}

fn escape_attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Turns `style="a:b;c:d"` into presentation attributes `a="b" c="d"`.
/// (plotters 0.3.7 writes none; this keeps it that way if a later version does.)
fn strip_style_attributes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(" style=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " style=\"".len()..];
        let Some(end) = after.find('"') else {
            rest = "";
            break;
        };
        for declaration in after[..end].split(';') {
            if let Some((key, value)) = declaration.split_once(':') {
                let key = key.trim();
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    out.push_str(&format!(" {key}=\"{}\"", escape_attribute(value.trim())));
                }
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Drops `<name ...>...</name>` elements (defence in depth: plotters writes none).
fn remove_elements(svg: &str, name: &str) -> String {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(&open) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        rest = match after.find(&close) {
            Some(end) => &after[end + close.len()..],
            None => match after.find('>') {
                Some(end) => &after[end + 1..],
                None => "",
            },
        };
    }
    out.push_str(rest);
    out
}

/// `font-size="14.000000000000002"` → `font-size="14"`.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(KEY) {
        let after = &rest[at + KEY.len()..];
        let Some(end) = after.find('"') else { break };
        out.push_str(&rest[..at + KEY.len()]);
        match after[..end].parse::<f64>() {
            Ok(size) => {
                let rounded = (size * 10.0).round() / 10.0;
                out.push_str(&format!("{rounded}"));
            }
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Runs `draw` into a string. A drawing error, or a panic inside plotters,
/// gives the empty chart: a chart never takes a page down.
pub(crate) fn render(
    label: &str,
    draw: impl FnOnce(&mut String) -> bool + std::panic::UnwindSafe,
) -> String {
    let drawn = std::panic::catch_unwind(|| {
        let mut out = String::new();
        let ok = draw(&mut out);
        ok.then_some(out)
    });
    match drawn {
        Ok(Some(out)) if out.trim_start().starts_with("<svg") => finish(out, label),
        _ => empty(label),
    }
}

/// A small, valid SVG saying there is nothing to draw.
pub(crate) fn empty(label: &str) -> String {
    format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"{WIDTH}\" height=\"40\" viewBox=\"0 0 {WIDTH} 40\" xmlns=\"http://www.w3.org/2000/svg\">\n<text x=\"{MARGIN}\" y=\"26\" font-family=\"sans-serif\" font-size=\"{FONT_PX}\" fill=\"#1A1A1A\">Geen gegevens om te tonen.</text>\n</svg>\n",
        escape_attribute(label)
    )
}

/// Helpers for the tests of both charts.
#[cfg(test)]
pub(crate) mod testing {
    /// Every `font-size` in the SVG, in px.
    pub fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter_map(|s| s.parse().ok())
            .collect()
    }

    /// The root element's opening tag.
    pub fn root_tag(svg: &str) -> &str {
        svg.split('>').next().unwrap_or_default()
    }

    /// What the CSP would block.
    pub fn assert_csp_clean(svg: &str) {
        assert!(!svg.contains("style="), "style attribute in {svg}");
        assert!(!svg.contains("<style"), "style element in {svg}");
        assert!(!svg.contains("<script"), "script in {svg}");
        assert!(!svg.contains("javascript:"), "script URL in {svg}");
    }

    /// Starts with `<svg`, ends with `</svg>`, has the accessible name.
    pub fn assert_accessible_svg(svg: &str, label: &str) {
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
        let root = root_tag(svg);
        assert!(root.contains("role=\"img\""), "{root}");
        assert!(root.contains(&format!("aria-label=\"{label}\"")), "{root}");
        assert_eq!(svg.matches("<svg").count(), 1);
        assert_eq!(svg.matches("</svg>").count(), 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_attributes_become_presentation_attributes() {
        assert_eq!(
            strip_style_attributes(r#"<rect style="fill:red; stroke:none"/>"#),
            r#"<rect fill="red" stroke="none"/>"#
        );
    }

    #[test]
    fn style_and_script_elements_are_removed() {
        let svg = finish(
            "<svg width=\"1\"><style>a{}</style><script>x()</script><rect/></svg>".into(),
            "x",
        );
        assert!(!svg.contains("<style") && !svg.contains("<script") && svg.contains("<rect/>"));
    }

    #[test]
    fn the_accessible_name_is_escaped_and_on_the_root_element() {
        let s = finish("<svg width=\"1\"></svg>".into(), "a \"b\" <c> & d");
        assert!(s.starts_with(
            "<svg role=\"img\" aria-label=\"a &quot;b&quot; &lt;c&gt; &amp; d\" width=\"1\">"
        ));
    }

    #[test]
    fn font_sizes_are_rounded() {
        assert_eq!(
            round_font_sizes("<text font-size=\"14.000000000000002\">"),
            "<text font-size=\"14\">"
        );
    }

    #[test]
    fn requested_font_sizes_come_out_as_asked_in_the_svg() {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (100, 100)).into_drawing_area();
            root.draw(&Text::new("x", (1, 1), font(FONT_PX))).ok();
            root.present().ok();
        }
        let svg = finish(out, "x");
        assert_eq!(testing::font_sizes(&svg), vec![14.0]);
    }

    #[test]
    fn long_text_wraps_and_a_short_label_stays_whole() {
        assert_eq!(
            wrap("Ambtelijke organisatie", FONT_PX, 182.0, 2),
            vec!["Ambtelijke organisatie".to_string()]
        );
        let lines = wrap(
            "Burgemeester en wethouders en de secretaris van de gemeente samen",
            FONT_PX,
            182.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width(l, FONT_PX) <= 182.0));
        assert!(lines[1].ends_with('…'));
    }

    #[test]
    fn a_malformed_drawing_gives_the_empty_chart() {
        let svg = render("Leeg", |_| false);
        testing::assert_accessible_svg(&svg, "Leeg");
        assert!(svg.contains("Geen gegevens"));
    }
}

/// The vertical layout shared by every chart: where the legend and the plot
/// start, and the total height, for a title of `title_lines`, a legend of
/// `legend_lines` and `rows` rows of `row_height` px above the x axis.
pub(crate) struct Layout {
    pub legend_top: i32,
    pub plot_top: i32,
    pub height: u32,
}

/// Height below the plot for the x axis, its ticks and its label.
pub(crate) const AXIS_AREA: i32 = 54;

pub(crate) fn layout(
    title_lines: usize,
    legend_lines: i32,
    rows: usize,
    row_height: i32,
) -> Layout {
    let legend_top = MARGIN + title_lines as i32 * TITLE_LINE_HEIGHT + 6;
    let plot_top = legend_top + legend_lines * LEGEND_LINE_HEIGHT + 8;
    let rows_height =
        row_height.saturating_mul(i32::try_from(rows).unwrap_or(i32::MAX / row_height.max(1)));
    let height = plot_top
        .saturating_add(rows_height)
        .saturating_add(AXIS_AREA + MARGIN);
    Layout {
        legend_top,
        plot_top,
        height: u32::try_from(height).unwrap_or(u32::MAX),
    }
}

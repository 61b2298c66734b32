//! Charts as SVG strings (plotters' SVG backend), rendered on the server and
//! embedded inline. No `style` attributes (the CSP forbids inline style),
//! series told apart by marker shape as well as colour (Okabe-Ito), Dutch
//! labels, and a text alternative on the root element. Every chart is shown
//! next to a table with the same figures.

pub mod distribution;
pub mod dot_plot;

pub use distribution::{DistributionChart, distribution_svg};
pub use dot_plot::{DotPlot, DotRow, dot_plot_svg};

/// Okabe-Ito colours, safe for colour-blind readers.
pub const PALETTE: [(u8, u8, u8); 7] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (213, 94, 0),
    (86, 180, 233),
    (0, 0, 0),
];

pub const WIDTH: u32 = 640;
pub const FONT_SIZE: u32 = 14;

/// Adds the accessible name to the root element and strips anything the CSP would block.
pub(crate) fn finish(svg: String, label: &str) -> String {
    let escaped = label
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let svg = svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{escaped}\" focusable=\"false\" "),
        1,
    );
    strip_style_attributes(&svg)
}

/// Turns `style="a:b;c:d"` into presentation attributes `a="b" c="d"`.
fn strip_style_attributes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(" style=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 8..];
        let Some(end) = after.find('"') else { break };
        for decl in after[..end].split(';').filter(|d| !d.trim().is_empty()) {
            if let Some((k, v)) = decl.split_once(':') {
                out.push_str(&format!(" {}=\"{}\"", k.trim(), v.trim()));
            }
        }
        rest = &after[end + 1..];
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
        Ok(Some(out)) => finish(out, label),
        _ => empty(label),
    }
}

/// A small, valid SVG saying there is nothing to draw.
pub(crate) fn empty(label: &str) -> String {
    finish(
        format!(
            "<svg width=\"{WIDTH}\" height=\"40\" viewBox=\"0 0 {WIDTH} 40\" xmlns=\"http://www.w3.org/2000/svg\"><text x=\"10\" y=\"25\" font-family=\"sans-serif\" font-size=\"{FONT_SIZE}\" fill=\"#1a1a1a\">Geen gegevens om te tonen.</text></svg>"
        ),
        label,
    )
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
    fn the_accessible_name_is_escaped() {
        let s = finish("<svg width=\"1\"></svg>".into(), "a \"b\" <c>");
        assert!(s.starts_with("<svg role=\"img\" aria-label=\"a &quot;b&quot; &lt;c&gt;\""));
    }
}

//! Per row a 100% stacked horizontal bar of the answers
//! [kan ik niet beoordelen, 1, 2, 3, 4, 5].
//!
//! The bar runs from "Helemaal mee oneens" on the left to "Helemaal mee eens"
//! on the right, with "Kan ik niet beoordelen" last, drawn white with a grey
//! outline. The five answers get a diverging orange–grey–blue palette whose
//! lightness differs for every answer (L* 36, 62, 88, 76, 46), so the
//! segments stay apart in grey-scale too; segments wide enough carry their
//! count.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::{
    AXIS_AREA, DrawResult, FONT_PX, GRID, INK, LEGEND_LINE_HEIGHT, Labels, Layout, MARGIN, MUTED,
    WIDTH, draw_row_label, draw_title, empty, font, layout, legend_layout, render, text_style,
    text_width, title_lines,
};

/// Per row a 100% stacked horizontal bar of the answer counts
/// [kan ik niet beoordelen, 1, 2, 3, 4, 5] (labels: "Kan ik niet beoordelen", "Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens").
pub struct DistributionChart {
    pub title: String,
    pub rows: Vec<(String, [u32; 6])>,
    /// Room for the row labels ([`Labels::STATEMENT`] for statements).
    pub labels: Labels,
}

/// The answers, in the order of the counts.
pub const LABELS: [&str; 6] = [
    "Kan ik niet beoordelen",
    "Helemaal mee oneens",
    "Mee oneens",
    "Neutraal",
    "Mee eens",
    "Helemaal mee eens",
];

pub const X_AXIS_LABEL: &str = "Aandeel van de antwoorden (%)";

/// Left to right in the bar and in the legend: 1..5, then "kan ik niet beoordelen".
const ORDER: [usize; 6] = [1, 2, 3, 4, 5, 0];

/// Fill per answer, in the order of the counts.
const FILLS: [RGBColor; 6] = [
    RGBColor(0xFF, 0xFF, 0xFF), // kan ik niet beoordelen: white, outlined
    RGBColor(0x8F, 0x3B, 0x00), // helemaal mee oneens: dark orange-brown, L* 36
    RGBColor(0xE0, 0x7B, 0x00), // mee oneens: orange, L* 62
    RGBColor(0xDD, 0xDD, 0xDD), // neutraal: light grey, L* 88
    RGBColor(0x7C, 0xC4, 0xEE), // mee eens: light blue, L* 76
    RGBColor(0x00, 0x72, 0xB2), // helemaal mee eens: Okabe-Ito blue, L* 46
];

/// Text on each fill with a contrast of at least 4.5:1.
const TEXT_ON: [RGBColor; 6] = [INK, WHITE, INK, INK, INK, WHITE];

/// Outline of the white "kan ik niet beoordelen" segment (4.5:1 on white).
const NO_OPINION_OUTLINE: RGBColor = RGBColor(0x76, 0x76, 0x76);

const ROW_HEIGHT: i32 = 36;
const BAR_HEIGHT: i32 = 26;

fn draw<'a>(data: &DistributionChart, out: &'a mut String) -> DrawResult<'a> {
    let n = data.rows.len();
    let title = title_lines(&data.title);
    let names: Vec<&str> = ORDER.iter().map(|&o| LABELS[o]).collect();
    let (legend_at, legend_lines) = legend_layout(&names, 16);
    let Layout {
        legend_top,
        plot_top,
        height,
    } = layout(
        title.len(),
        legend_lines,
        n,
        ROW_HEIGHT.max(data.labels.row_height()),
    );

    let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    draw_title(&root, &title)?;

    let legend_text = text_style(FONT_PX, INK, HPos::Left, VPos::Center);
    for (&o, (x, line)) in ORDER.iter().zip(legend_at) {
        let y = legend_top + line * LEGEND_LINE_HEIGHT + 10;
        swatch(&root, o, (x, y - 8), (x + 16, y + 8))?;
        root.draw(&Text::new(LABELS[o], (x + 22, y), legend_text.clone()))?;
    }

    let n_f = n as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(plot_top as u32)
        .margin_right(24)
        .margin_bottom(MARGIN as u32)
        .x_label_area_size(AXIS_AREA as u32)
        .y_label_area_size(data.labels.width)
        .build_cartesian_2d(0f64..100f64, 0f64..n_f)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        // The largest round step that gives at most this many ticks.
        .x_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}%"))
        .x_desc(X_AXIS_LABEL)
        .label_style(font(FONT_PX).color(&INK))
        .axis_desc_style(font(FONT_PX).color(&INK))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(1))
        .draw()?;

    let x_at = |share: f64| chart.backend_coord(&(share, 0.0)).0;
    for (i, (label, counts)) in data.rows.iter().enumerate() {
        let y = chart.backend_coord(&(0.0, n_f - i as f64 - 0.5)).1;
        draw_row_label(&root, label, y, data.labels)?;
        let (top, bottom) = (y - BAR_HEIGHT / 2, y + BAR_HEIGHT / 2);
        let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
        if total == 0 {
            root.draw(&Text::new(
                "geen antwoorden",
                (x_at(0.0) + 8, y),
                // Not italic: `font-style=` would trip a plain search for `style=`.
                text_style(FONT_PX, MUTED, HPos::Left, VPos::Center),
            ))?;
            continue;
        }
        let mut before: u64 = 0;
        for o in ORDER {
            let count = u64::from(counts[o]);
            if count == 0 {
                continue;
            }
            // Cumulative shares, so the segments tile the bar exactly.
            let x0 = x_at(before as f64 * 100.0 / total as f64);
            before += count;
            let x1 = x_at(before as f64 * 100.0 / total as f64);
            swatch(&root, o, (x0, top), (x1, bottom))?;
            let text = count.to_string();
            if f64::from(x1 - x0) >= text_width(&text, FONT_PX) + 10.0 {
                root.draw(&Text::new(
                    text,
                    ((x0 + x1) / 2, y),
                    text_style(FONT_PX, TEXT_ON[o], HPos::Center, VPos::Center),
                ))?;
            }
        }
    }
    root.present()?;
    Ok(())
}

/// A segment or legend swatch for answer `o`, with a white edge between
/// neighbouring segments and a grey outline for "kan ik niet beoordelen".
fn swatch<'a>(
    root: &DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
    o: usize,
    from: (i32, i32),
    to: (i32, i32),
) -> DrawResult<'a> {
    root.draw(&Rectangle::new([from, to], FILLS[o].filled()))?;
    if o == 0 {
        root.draw(&Rectangle::new(
            [(from.0 + 1, from.1 + 1), (to.0 - 1, to.1 - 1)],
            NO_OPINION_OUTLINE.stroke_width(1),
        ))?;
    } else {
        root.draw(&Rectangle::new([from, to], WHITE.stroke_width(1)))?;
    }
    Ok(())
}

/// The distribution chart as an SVG string for inline use; a small SVG
/// saying there is nothing to show when there are no rows or drawing fails.
pub fn distribution_svg(chart: &DistributionChart) -> String {
    if chart.rows.is_empty() {
        return empty(&chart.title);
    }
    render(&chart.title, |out| draw(chart, out).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testing::{assert_accessible_svg, assert_csp_clean, font_sizes};

    const TITLE: &str = "Verdeling van de antwoorden van alle referenten: Openbare orde";

    fn chart(rows: Vec<(&str, [u32; 6])>) -> DistributionChart {
        DistributionChart {
            title: TITLE.into(),
            rows: rows.into_iter().map(|(l, c)| (l.to_string(), c)).collect(),
            labels: Labels::SHORT,
        }
    }

    #[test]
    fn the_svg_is_accessible_and_names_rows_answers_and_axis() {
        let svg = distribution_svg(&chart(vec![
            ("Gemeenteraad", [1, 0, 2, 3, 4, 2]),
            ("Ambtelijke organisatie", [0, 1, 1, 1, 5, 8]),
        ]));
        assert_accessible_svg(&svg, TITLE);
        for label in ["Gemeenteraad", "Ambtelijke organisatie"]
            .into_iter()
            .chain(LABELS)
        {
            assert!(svg.contains(&format!(">\n{label}\n</text>")), "{label}");
        }
        assert!(svg.contains(X_AXIS_LABEL));
        assert!(svg.contains(">\n100%\n</text>"));
    }

    #[test]
    fn the_svg_has_nothing_the_content_security_policy_blocks() {
        let svg = distribution_svg(&chart(vec![("Stelling 1", [3, 1, 2, 3, 4, 5])]));
        assert_csp_clean(&svg);
    }

    #[test]
    fn all_text_is_at_least_fourteen_pixels() {
        let svg = distribution_svg(&chart(vec![("Stelling 1", [3, 1, 2, 3, 4, 5])]));
        let sizes = font_sizes(&svg);
        assert!(!sizes.is_empty());
        assert!(sizes.iter().all(|s| *s >= 14.0), "{sizes:?}");
    }

    #[test]
    fn wide_segments_show_their_count_and_narrow_ones_do_not() {
        let svg = distribution_svg(&chart(vec![("Stelling 1", [0, 0, 1, 0, 0, 37])]));
        assert!(svg.contains(">\n37\n</text>"));
        assert!(!svg.contains(">\n1\n</text>"));
    }

    #[test]
    fn every_answer_has_its_own_fill_and_grey_level() {
        let svg = distribution_svg(&chart(vec![("Stelling 1", [1, 1, 1, 1, 1, 1])]));
        let lightness = |c: &RGBColor| {
            let lin = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
        };
        for (a, fa) in FILLS.iter().enumerate() {
            let hex = format!("fill=\"#{:02X}{:02X}{:02X}\"", fa.0, fa.1, fa.2);
            assert!(svg.contains(&hex), "{hex}");
            for fb in FILLS.iter().skip(a + 1) {
                assert!(
                    (lightness(fa) - lightness(fb)).abs() > 0.02,
                    "{fa:?} {fb:?}"
                );
            }
        }
    }

    #[test]
    fn all_zero_rows_do_not_panic_and_say_there_are_no_answers() {
        let svg = distribution_svg(&chart(vec![
            ("Alle referenten", [0; 6]),
            ("Gemeenteraad", [0; 6]),
        ]));
        assert_accessible_svg(&svg, TITLE);
        assert_csp_clean(&svg);
        assert!(svg.contains(">\nAlle referenten\n</text>"));
        assert_eq!(svg.matches("geen antwoorden").count(), 2);
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        let svg = distribution_svg(&chart(vec![("Stelling 1", [u32::MAX; 6])]));
        assert_accessible_svg(&svg, TITLE);
    }

    #[test]
    fn an_empty_chart_gives_a_valid_small_svg() {
        let svg = distribution_svg(&chart(vec![]));
        assert_accessible_svg(&svg, TITLE);
        assert_csp_clean(&svg);
    }
}

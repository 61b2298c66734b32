//! A horizontal dot plot on the 1–5 scale: one row per label, one marker per
//! series. Markers of different series in one row are set slightly apart
//! vertically, so equal means never hide each other.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::{
    AXIS_AREA, DrawResult, FONT_PX, GRID, INK, LEGEND_LINE_HEIGHT, Labels, Layout, MARGIN, PALETTE,
    WIDTH, draw_row_label, draw_title, empty, font, layout, legend_layout, render, text_style,
    title_lines,
};

/// One row: a label (a group, or "Alle referenten") and one value per series (None = not shown).
pub struct DotRow {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// A horizontal dot plot on the 1–5 scale: one row per label, one marker per series.
pub struct DotPlot {
    pub title: String,
    pub series: Vec<String>,
    pub rows: Vec<DotRow>,
    /// Room for the row labels ([`Labels::STATEMENT`] for statements).
    pub labels: Labels,
}

pub const X_AXIS_LABEL: &str = "Gemiddelde (1 = helemaal mee oneens, 5 = helemaal mee eens)";
/// The same, short enough for the narrower plot beside statements' text.
pub const X_AXIS_LABEL_SHORT: &str = "Gemiddelde: 1 (oneens) tot 5 (eens)";

/// The marker shapes, in the order series get them (with the colours of
/// [`PALETTE`]); an eighth series starts again at the circle.
pub const SHAPES: [&str; 7] = [
    "cirkel",
    "vierkant",
    "driehoek",
    "ruit",
    "omgekeerde driehoek",
    "kruis",
    "plus",
];

/// Vertical distance between the markers of two series in one row.
const DODGE: i32 = 7;
/// Half the size of a marker.
const MARKER: f64 = 6.5;
const OUTLINE: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);

fn row_height(series: usize) -> i32 {
    (24 + DODGE * series.clamp(1, 7) as i32).max(34)
}

/// A point set of the shape for series `s`, around the origin, in px.
fn shape_points(s: usize) -> Vec<(f64, f64)> {
    let r = MARKER;
    let plus = |w: f64, l: f64| {
        vec![
            (-w, -l),
            (w, -l),
            (w, -w),
            (l, -w),
            (l, w),
            (w, w),
            (w, l),
            (-w, l),
            (-w, w),
            (-l, w),
            (-l, -w),
            (-w, -w),
        ]
    };
    match s % SHAPES.len() {
        1 => vec![
            (-0.9 * r, -0.9 * r),
            (0.9 * r, -0.9 * r),
            (0.9 * r, 0.9 * r),
            (-0.9 * r, 0.9 * r),
        ],
        2 => vec![(0.0, -1.1 * r), (1.05 * r, 0.75 * r), (-1.05 * r, 0.75 * r)],
        3 => vec![(0.0, -1.15 * r), (r, 0.0), (0.0, 1.15 * r), (-r, 0.0)],
        4 => vec![
            (0.0, 1.1 * r),
            (1.05 * r, -0.75 * r),
            (-1.05 * r, -0.75 * r),
        ],
        5 => {
            let (c, sn) = (
                std::f64::consts::FRAC_1_SQRT_2,
                std::f64::consts::FRAC_1_SQRT_2,
            );
            plus(0.3 * r, 1.15 * r)
                .into_iter()
                .map(|(x, y)| (x * c - y * sn, x * sn + y * c))
                .collect()
        }
        6 => plus(0.3 * r, 1.05 * r),
        _ => Vec::new(),
    }
}

/// Draws the marker of series `s` centred on `at`: filled with the series'
/// colour and outlined, so it reads in grey-scale by its shape.
fn draw_marker<'a>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    s: usize,
    at: (i32, i32),
) -> DrawResult<'a> {
    let colour = PALETTE[s % PALETTE.len()];
    let points = shape_points(s);
    if points.is_empty() {
        let r = MARKER.round() as u32;
        root.draw(&Circle::new(at, r, colour.filled()))?;
        root.draw(&Circle::new(at, r, OUTLINE.stroke_width(1)))?;
        return Ok(());
    }
    let pixels: Vec<(i32, i32)> = points
        .iter()
        .map(|(x, y)| (at.0 + x.round() as i32, at.1 + y.round() as i32))
        .collect();
    root.draw(&Polygon::new(pixels.clone(), colour.filled()))?;
    let mut closed = pixels;
    if let Some(first) = closed.first().copied() {
        closed.push(first);
    }
    root.draw(&PathElement::new(closed, OUTLINE.stroke_width(1)))?;
    Ok(())
}

fn draw<'a>(plot: &DotPlot, out: &'a mut String) -> DrawResult<'a> {
    let n = plot.rows.len();
    // Rows may carry more values than there are named series: draw them all.
    let k = plot
        .rows
        .iter()
        .map(|r| r.values.len())
        .chain([plot.series.len(), 1])
        .max()
        .unwrap_or(1);
    let rh = row_height(k).max(plot.labels.row_height());
    let title = title_lines(&plot.title);
    let names: Vec<&str> = plot.series.iter().map(String::as_str).collect();
    let (legend_at, legend_lines) = if names.len() > 1 {
        legend_layout(&names, 16)
    } else {
        (Vec::new(), 0)
    };
    let Layout {
        legend_top,
        plot_top,
        height,
    } = layout(title.len(), legend_lines, n, rh);

    let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    draw_title(&root, &title)?;

    let label_style = text_style(FONT_PX, INK, HPos::Left, VPos::Center);
    for ((s, name), (x, line)) in names.iter().enumerate().zip(legend_at) {
        let y = legend_top + line * LEGEND_LINE_HEIGHT + 10;
        draw_marker(&root, s, (x + 8, y))?;
        root.draw(&Text::new(
            name.to_string(),
            (x + 22, y),
            label_style.clone(),
        ))?;
    }

    let n_f = n as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin_top(plot_top as u32)
        .margin_right(24)
        .margin_bottom(MARGIN as u32)
        .x_label_area_size(AXIS_AREA as u32)
        .y_label_area_size(plot.labels.width)
        .build_cartesian_2d(0.8f64..5.2f64, 0f64..n_f)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        // The largest round step that gives at most this many ticks.
        .x_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .x_desc(if plot.labels == Labels::SHORT {
            X_AXIS_LABEL
        } else {
            X_AXIS_LABEL_SHORT
        })
        .label_style(font(FONT_PX).color(&INK))
        .axis_desc_style(font(FONT_PX).color(&INK))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(1))
        .draw()?;

    // The first row at the top.
    let centre = |i: usize| chart.backend_coord(&(1.0, n_f - i as f64 - 0.5)).1;
    let (left, _) = chart.backend_coord(&(0.8, 0.0));
    let (right, _) = chart.backend_coord(&(5.2, 0.0));
    for (i, row) in plot.rows.iter().enumerate() {
        let y = centre(i);
        draw_row_label(&root, &row.label, y, plot.labels)?;
        root.draw(&PathElement::new(
            vec![(left, y), (right, y)],
            RGBColor(0xEC, 0xEC, 0xEC).stroke_width(1),
        ))?;
    }
    for (i, row) in plot.rows.iter().enumerate() {
        let y = centre(i);
        for (s, value) in row.values.iter().enumerate() {
            let Some(v) = value.filter(|v| v.is_finite()) else {
                continue;
            };
            let (x, _) = chart.backend_coord(&(v.clamp(1.0, 5.0), 0.0));
            let offset =
                ((2 * (s % SHAPES.len()) as i32 + 1 - k.min(SHAPES.len()) as i32) * DODGE) / 2;
            draw_marker(&root, s, (x, y + offset))?;
        }
    }
    root.present()?;
    Ok(())
}

/// The dot plot as an SVG string for inline use; a small SVG saying there is
/// nothing to show when there are no rows or drawing fails.
pub fn dot_plot_svg(plot: &DotPlot) -> String {
    if plot.rows.is_empty() {
        return empty(&plot.title);
    }
    render(&plot.title, |out| draw(plot, out).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testing::{assert_accessible_svg, assert_csp_clean, font_sizes};

    const TITLE: &str = "Gemiddelde per groep voor Openbare orde en veiligheid";
    const LABELS: [&str; 3] = ["Gemeenteraad", "Ambtelijke organisatie", "Alle referenten"];

    fn one_series(values: [Option<f64>; 3]) -> DotPlot {
        DotPlot {
            title: TITLE.into(),
            series: vec!["Gemiddelde".into()],
            rows: LABELS
                .iter()
                .zip(values)
                .map(|(label, v)| DotRow {
                    label: label.to_string(),
                    values: vec![v],
                })
                .collect(),
            labels: Labels::SHORT,
        }
    }

    fn two_series(second: [Option<f64>; 3]) -> DotPlot {
        DotPlot {
            title: TITLE.into(),
            series: vec!["Anderen".into(), "Zelfbeeld".into()],
            rows: LABELS
                .iter()
                .zip(second)
                .map(|(label, v)| DotRow {
                    label: label.to_string(),
                    values: vec![Some(3.5), v],
                })
                .collect(),
            labels: Labels::SHORT,
        }
    }

    #[test]
    fn the_svg_is_accessible_and_names_every_row_and_the_axis() {
        let svg = dot_plot_svg(&one_series([Some(3.4), Some(4.1), Some(3.8)]));
        assert_accessible_svg(&svg, TITLE);
        for label in LABELS {
            assert!(svg.contains(&format!(">\n{label}\n</text>")), "{label}");
        }
        assert!(svg.contains(X_AXIS_LABEL));
        assert!(svg.contains(TITLE));
        assert!(svg.contains("width=\"640\""));
    }

    #[test]
    fn the_svg_has_nothing_the_content_security_policy_blocks() {
        assert_csp_clean(&dot_plot_svg(&one_series([Some(1.0), Some(5.0), None])));
        assert_csp_clean(&dot_plot_svg(&two_series([Some(2.0), None, Some(4.5)])));
    }

    #[test]
    fn all_text_is_at_least_fourteen_pixels() {
        let svg = dot_plot_svg(&two_series([Some(2.0), None, Some(4.5)]));
        let sizes = font_sizes(&svg);
        assert!(!sizes.is_empty());
        assert!(sizes.iter().all(|s| *s >= 14.0), "{sizes:?}");
    }

    #[test]
    fn the_scale_has_ticks_one_to_five() {
        let svg = dot_plot_svg(&one_series([Some(3.4), Some(4.1), Some(3.8)]));
        for tick in ["1", "2", "3", "4", "5"] {
            assert!(svg.contains(&format!(">\n{tick}\n</text>")), "{tick}");
        }
    }

    #[test]
    fn none_values_draw_no_marker() {
        let circles = |p: &DotPlot| dot_plot_svg(p).matches("<circle").count();
        let one = circles(&one_series([Some(3.0), None, None]));
        assert!(one > 0);
        assert_eq!(
            circles(&one_series([Some(3.4), Some(4.1), Some(3.8)])),
            3 * one
        );
        assert_eq!(circles(&one_series([Some(3.4), None, Some(3.8)])), 2 * one);
        assert_eq!(circles(&one_series([None, None, None])), 0);
    }

    #[test]
    fn none_values_of_a_second_series_draw_no_square() {
        // The second series is drawn as squares (polygons), the legend has one.
        let polygons = |p: &DotPlot| dot_plot_svg(p).matches("<polygon").count();
        let none = polygons(&two_series([None, None, None]));
        let one = polygons(&two_series([Some(2.0), None, None])) - none;
        assert!(one > 0);
        assert_eq!(
            polygons(&two_series([Some(2.0), Some(3.0), Some(4.0)])),
            none + 3 * one
        );
    }

    #[test]
    fn several_series_get_a_legend_and_different_shapes() {
        let svg = dot_plot_svg(&two_series([Some(2.0), Some(3.0), Some(4.0)]));
        assert!(svg.contains(">\nAnderen\n</text>") && svg.contains(">\nZelfbeeld\n</text>"));
        assert!(svg.contains("<circle") && svg.contains("<polygon"));
        assert!(svg.contains("fill=\"#0072B2\"") && svg.contains("fill=\"#E69F00\""));
        // One series: no legend.
        let single = dot_plot_svg(&one_series([Some(3.4), Some(4.1), Some(3.8)]));
        assert!(!single.contains(">\nGemiddelde\n</text>"));
    }

    #[test]
    fn every_series_up_to_seven_has_its_own_shape() {
        let mut seen: Vec<Vec<(i64, i64)>> = Vec::new();
        for s in 0..SHAPES.len() {
            let p: Vec<(i64, i64)> = shape_points(s)
                .iter()
                .map(|(x, y)| ((x * 10.0) as i64, (y * 10.0) as i64))
                .collect();
            assert!(!seen.contains(&p), "shape {s}");
            seen.push(p);
        }
    }

    #[test]
    fn the_height_grows_with_the_rows() {
        let height = |svg: String| {
            svg.split("height=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|s| s.parse::<u32>().ok())
                .unwrap_or_default()
        };
        let three = height(dot_plot_svg(&one_series([Some(1.0), Some(2.0), Some(3.0)])));
        let mut six = one_series([Some(1.0), Some(2.0), Some(3.0)]);
        six.rows
            .extend(one_series([Some(1.0), Some(2.0), Some(3.0)]).rows);
        let six = height(dot_plot_svg(&six));
        assert!(six > three && three > 100, "{three} {six}");
    }

    #[test]
    fn an_empty_plot_gives_a_valid_small_svg() {
        let svg = dot_plot_svg(&DotPlot {
            title: "Leeg".into(),
            series: vec![],
            rows: vec![],
            labels: Labels::SHORT,
        });
        assert_accessible_svg(&svg, "Leeg");
        assert_csp_clean(&svg);
        assert!(svg.contains("height=\"40\""));
    }

    #[test]
    fn odd_values_and_missing_series_do_not_panic() {
        let svg = dot_plot_svg(&DotPlot {
            title: "Vreemd".into(),
            series: vec![],
            rows: vec![
                DotRow {
                    label: "A".into(),
                    values: vec![Some(f64::NAN), Some(9.0), Some(-3.0)],
                },
                DotRow {
                    label: "B".into(),
                    values: vec![],
                },
            ],
            labels: Labels::SHORT,
        });
        assert_accessible_svg(&svg, "Vreemd");
    }

    #[test]
    fn many_series_and_a_long_label_still_render() {
        let series: Vec<String> = (1..=9).map(|i| format!("Groep {i}")).collect();
        let svg = dot_plot_svg(&DotPlot {
            title: "Veel groepen met een lange titel die over meer dan één regel moet worden verdeeld omdat hij niet past".into(),
            series: series.clone(),
            rows: vec![DotRow {
                label: "Een heel lange naam van een groep die niet op één regel past".into(),
                values: (0..9).map(|i| Some(1.0 + f64::from(i) / 2.0)).collect(),
            }],
            labels: Labels::SHORT,
        });
        for name in &series {
            assert!(svg.contains(&format!(">\n{name}\n</text>")), "{name}");
        }
        assert_csp_clean(&svg);
    }

    #[test]
    fn a_statement_label_wraps_to_three_lines_and_ends_in_an_ellipsis() {
        let text = "De burgemeester treedt bij incidenten en crises zichtbaar en herkenbaar op, en legt daarna in de raad uit wat er is gebeurd en waarom";
        let svg = dot_plot_svg(&DotPlot {
            title: "Stellingen".into(),
            series: vec!["Alle referenten".into()],
            rows: vec![DotRow {
                label: format!("1. {text}"),
                values: vec![Some(3.5)],
            }],
            labels: Labels::STATEMENT,
        });
        assert!(svg.contains(">\n1. De burgemeester treedt bij"), "{svg}");
        assert!(svg.contains("…\n</text>"), "the cut is visible");
        assert!(!svg.contains("waarom"), "the rest is in the table");
        let plot = f64::from(WIDTH - Labels::STATEMENT.width - 24);
        assert!(
            crate::charts::text_width(X_AXIS_LABEL_SHORT, FONT_PX) < plot,
            "the axis label fits under the plot"
        );
    }
}

//! A horizontal dot plot on the 1–5 scale: one row per group, one marker per series.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::charts::{FONT_SIZE, PALETTE, WIDTH, empty, render};

/// One row: a label and one value per series (`None` draws nothing).
pub struct DotRow {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

pub struct DotPlot {
    pub title: String,
    pub series: Vec<String>,
    pub rows: Vec<DotRow>,
}

const ROW_HEIGHT: u32 = 36;

fn draw<'a>(plot: &DotPlot, out: &'a mut String) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let n = plot.rows.len() as u32;
    let legend = if plot.series.len() > 1 {
        8 + 24 * (plot.series.len() as u32).div_ceil(3)
    } else {
        0
    };
    let height = 70 + legend + n * ROW_HEIGHT;
    let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let labels: Vec<&str> = plot.rows.iter().map(|r| r.label.as_str()).collect();
    let text = ("sans-serif", FONT_SIZE)
        .into_font()
        .color(&RGBColor(26, 26, 26));
    let mut chart = ChartBuilder::on(&root)
        .margin_top(10 + legend)
        .margin_right(20)
        .x_label_area_size(50)
        .y_label_area_size(200)
        .build_cartesian_2d(0.8f64..5.2f64, (0..n).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|v| match v {
            // The first row at the top.
            SegmentValue::CenterOf(i) if *i < n => labels
                .get((n - 1 - i) as usize)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc("Gemiddelde (1 = helemaal mee oneens, 5 = helemaal mee eens)")
        .label_style(text.clone())
        .axis_desc_style(text.clone())
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(200, 200, 200))
        .draw()?;
    for (s, _) in plot.series.iter().enumerate() {
        let (r, g, b) = PALETTE[s % PALETTE.len()];
        let colour = RGBColor(r, g, b);
        let points: Vec<(f64, SegmentValue<u32>)> = plot
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| {
                row.values
                    .get(s)
                    .copied()
                    .flatten()
                    .map(|v| (v, SegmentValue::CenterOf(n - 1 - i as u32)))
            })
            .collect();
        // Shape as well as colour: circle, square, triangle, cross.
        match s % 4 {
            0 => chart.draw_series(
                points
                    .iter()
                    .map(|p| Circle::new(p.clone(), 7, colour.filled())),
            )?,
            1 => chart.draw_series(points.iter().map(|p| {
                EmptyElement::at(p.clone()) + Rectangle::new([(-6, -6), (6, 6)], colour.filled())
            }))?,
            2 => chart.draw_series(
                points
                    .iter()
                    .map(|p| TriangleMarker::new(p.clone(), 8, colour.filled())),
            )?,
            _ => chart.draw_series(
                points
                    .iter()
                    .map(|p| Cross::new(p.clone(), 7, colour.stroke_width(3))),
            )?,
        };
    }
    if plot.series.len() > 1 {
        for (s, name) in plot.series.iter().enumerate() {
            let (r, g, b) = PALETTE[s % PALETTE.len()];
            let x = 20 + (s as i32 % 3) * 205;
            let y = 16 + (s as i32 / 3) * 24;
            let colour = RGBColor(r, g, b);
            match s % 4 {
                0 => root.draw(&Circle::new((x, y), 6, colour.filled()))?,
                1 => root.draw(&Rectangle::new(
                    [(x - 6, y - 6), (x + 6, y + 6)],
                    colour.filled(),
                ))?,
                2 => root.draw(&TriangleMarker::new((x, y), 7, colour.filled()))?,
                _ => root.draw(&Cross::new((x, y), 6, colour.stroke_width(3)))?,
            }
            root.draw(&Text::new(name.clone(), (x + 12, y - 8), text.clone()))?;
        }
    }
    root.present()?;
    Ok(())
}

pub fn dot_plot_svg(plot: &DotPlot) -> String {
    if plot.rows.is_empty() {
        return empty(&plot.title);
    }
    render(&plot.title, |out| draw(plot, out).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plot(values: Vec<Option<f64>>) -> DotPlot {
        DotPlot {
            title: "Gemiddelde per groep: Openbare orde en veiligheid".into(),
            series: vec!["Gemiddelde".into()],
            rows: values
                .into_iter()
                .enumerate()
                .map(|(i, v)| DotRow {
                    label: ["Gemeenteraad", "Ambtelijke organisatie", "Alle referenten"][i].into(),
                    values: vec![v],
                })
                .collect(),
        }
    }

    #[test]
    fn the_svg_names_its_rows_and_axis_and_has_a_text_alternative() {
        let svg = dot_plot_svg(&plot(vec![Some(3.4), Some(4.1), Some(3.8)]));
        assert!(svg.starts_with(
            "<svg role=\"img\" aria-label=\"Gemiddelde per groep: Openbare orde en veiligheid\""
        ));
        for label in [
            "Gemeenteraad",
            "Ambtelijke organisatie",
            "Alle referenten",
            "helemaal mee eens",
        ] {
            assert!(svg.contains(label), "{label}");
        }
        assert!(!svg.contains("style=") && !svg.contains("<style") && !svg.contains("<script"));
    }

    #[test]
    fn hidden_values_draw_no_marker() {
        let all = dot_plot_svg(&plot(vec![Some(3.4), Some(4.1), Some(3.8)]));
        let one_hidden = dot_plot_svg(&plot(vec![Some(3.4), None, Some(3.8)]));
        assert_eq!(
            all.matches("<circle").count(),
            one_hidden.matches("<circle").count() + 1
        );
    }

    #[test]
    fn an_empty_plot_is_a_small_valid_svg() {
        let svg = dot_plot_svg(&DotPlot {
            title: "Leeg".into(),
            series: vec![],
            rows: vec![],
        });
        assert!(svg.starts_with("<svg role=\"img\"") && svg.ends_with("</svg>"));
    }

    #[test]
    fn several_series_get_a_legend_and_different_shapes() {
        let p = DotPlot {
            title: "Zelfbeeld en anderen".into(),
            series: vec!["Anderen".into(), "Zelfbeeld".into()],
            rows: vec![DotRow {
                label: "Openbare orde".into(),
                values: vec![Some(3.0), Some(4.0)],
            }],
        };
        let svg = dot_plot_svg(&p);
        assert!(svg.contains("Zelfbeeld") && svg.contains("<circle") && svg.contains("<rect"));
    }
}

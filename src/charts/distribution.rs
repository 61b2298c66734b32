//! Per row a 100% stacked bar of the answers [kan ik niet beoordelen, 1..5].

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::charts::{FONT_SIZE, WIDTH, empty, render};

pub struct DistributionChart {
    pub title: String,
    pub rows: Vec<(String, [u32; 6])>,
}

pub const LABELS: [&str; 6] = [
    "Kan ik niet beoordelen",
    "Helemaal mee oneens",
    "Mee oneens",
    "Neutraal",
    "Mee eens",
    "Helemaal mee eens",
];

/// Grey for "kan ik niet beoordelen", then a diverging scale that stays
/// ordered in grey-scale (dark – light – dark is avoided: lightness rises with the answer).
const COLOURS: [(u8, u8, u8); 6] = [
    (190, 190, 190),
    (166, 54, 3),
    (230, 159, 0),
    (240, 228, 66),
    (86, 180, 233),
    (0, 114, 178),
];

const ROW_HEIGHT: u32 = 34;

fn draw<'a>(
    chart_data: &DistributionChart,
    out: &'a mut String,
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let n = chart_data.rows.len() as u32;
    let height = 120 + n * ROW_HEIGHT;
    let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let text = ("sans-serif", FONT_SIZE)
        .into_font()
        .color(&RGBColor(26, 26, 26));
    let labels: Vec<&str> = chart_data.rows.iter().map(|(l, _)| l.as_str()).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin_top(70)
        .margin_right(20)
        .x_label_area_size(40)
        .y_label_area_size(200)
        .build_cartesian_2d(0f64..100f64, (0..n).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_x_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}%"))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels
                .get(*i as usize)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .label_style(text.clone())
        .draw()?;
    for (i, (_, counts)) in chart_data.rows.iter().enumerate() {
        let total: u32 = counts.iter().sum();
        if total == 0 {
            continue;
        }
        let mut start = 0.0;
        let order = [1usize, 2, 3, 4, 5, 0];
        for o in order {
            let share = f64::from(counts[o]) * 100.0 / f64::from(total);
            if share <= 0.0 {
                continue;
            }
            let (r, g, b) = COLOURS[o];
            let y0 = SegmentValue::Exact(i as u32);
            let y1 = SegmentValue::Exact(i as u32 + 1);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(start, y0.clone()), (start + share, y1.clone())],
                RGBColor(r, g, b).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(start, y0), (start + share, y1)],
                WHITE.stroke_width(2),
            )))?;
            if share >= 8.0 {
                chart.draw_series(std::iter::once(Text::new(
                    counts[o].to_string(),
                    (start + share / 2.0 - 1.5, SegmentValue::CenterOf(i as u32)),
                    text.clone(),
                )))?;
            }
            start += share;
        }
    }
    // Legend above the bars, two rows of three.
    for (k, o) in [1usize, 2, 3, 4, 5, 0].into_iter().enumerate() {
        let x = 10 + (k as i32 % 3) * 205;
        let y = 10 + (k as i32 / 3) * 24;
        let (r, g, b) = COLOURS[o];
        root.draw(&Rectangle::new(
            [(x, y), (x + 16, y + 16)],
            RGBColor(r, g, b).filled(),
        ))?;
        root.draw(&Text::new(LABELS[o], (x + 22, y + 1), text.clone()))?;
    }
    root.present()?;
    Ok(())
}

pub fn distribution_svg(chart: &DistributionChart) -> String {
    if chart.rows.is_empty() {
        return empty(&chart.title);
    }
    render(&chart.title, |out| draw(chart, out).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_distribution_names_rows_and_answers_without_inline_style() {
        let svg = distribution_svg(&DistributionChart {
            title: "Verdeling".into(),
            rows: vec![
                ("Gemeenteraad".into(), [1, 0, 2, 3, 4, 2]),
                ("Alle referenten".into(), [0, 0, 0, 0, 0, 0]),
            ],
        });
        assert!(svg.starts_with("<svg role=\"img\" aria-label=\"Verdeling\""));
        for label in [
            "Gemeenteraad",
            "Alle referenten",
            "Helemaal mee eens",
            "Kan ik niet beoordelen",
        ] {
            assert!(svg.contains(label), "{label}");
        }
        assert!(!svg.contains("style=") && !svg.contains("<script"));
    }
}

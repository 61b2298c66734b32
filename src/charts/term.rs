//! The term in one view as a chart: one row per round of the term, in
//! order (the rounds along the vertical axis), one marker per series (all
//! referenten, and each group), on the 1–5 scale. Only released figures are
//! drawn; a figure a round did not release is simply absent. No lines join
//! the rounds and no differences are drawn: the groups' members differ
//! between rounds.

use crate::charts::{DotPlot, DotRow, Labels, dot_plot_svg};

/// The figures of one theme over the rounds of a term.
pub struct TermChart {
    pub title: String,
    /// The rounds' labels, in order.
    pub rounds: Vec<String>,
    /// Per series (its name), one value per round (`None`: not shown).
    pub series: Vec<(String, Vec<Option<f64>>)>,
}

/// The chart as SVG (with the shared accessible name, CSP-clean output and
/// the small "no data" chart when nothing was released).
pub fn term_svg(chart: &TermChart) -> String {
    let rows = chart
        .rounds
        .iter()
        .enumerate()
        .map(|(i, label)| DotRow {
            label: label.clone(),
            values: chart
                .series
                .iter()
                .map(|(_, values)| values.get(i).copied().flatten())
                .collect(),
        })
        .collect();
    dot_plot_svg(&DotPlot {
        title: chart.title.clone(),
        series: chart.series.iter().map(|(name, _)| name.clone()).collect(),
        rows,
        labels: Labels::SHORT,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testing::{assert_accessible_svg, assert_csp_clean};

    #[test]
    fn a_term_chart_has_a_row_per_round_and_draws_only_released_figures() {
        let chart = TermChart {
            title: "Integriteit per gesprek".into(),
            rounds: vec!["100-dagengesprek".into(), "Midtermgesprek".into()],
            series: vec![
                ("Alle referenten".into(), vec![Some(3.5), Some(4.0)]),
                ("Gemeenteraad".into(), vec![Some(4.0), None]),
            ],
        };
        let svg = term_svg(&chart);
        assert_accessible_svg(&svg, "Integriteit per gesprek");
        assert_csp_clean(&svg);
        let (first, second) = (
            svg.find("100-dagengesprek").expect("first round"),
            svg.find("Midtermgesprek").expect("second round"),
        );
        assert!(first < second, "the rounds in the order of the term");
    }
}

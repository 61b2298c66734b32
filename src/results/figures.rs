//! Figures of the released view as Dutch text, the same on every page and
//! document that shows them (dashboard, PDF).

use crate::results::csv::{HIDDEN, NOT_ASKED};
use crate::results::summary::nl;
use crate::results::view::CellView;

/// A cell as "3,8 (n=11)", the one "—" when it is not shown, or "n.v.t."
/// when the statement was not put to the group.
pub fn cell_text(c: &CellView) -> String {
    match (c, c.mean(), c.valid()) {
        (CellView::NotAsked, ..) => NOT_ASKED.into(),
        (_, Some(m), Some(n)) => format!("{} (n={n})", nl(m)),
        _ => HIDDEN.into(),
    }
}

/// The burgemeester's own answer: 1–5, "kan niet beoordelen", or "—".
pub fn self_answer_text(answer: Option<u32>) -> String {
    match answer {
        Some(0) => "kan niet beoordelen".into(),
        Some(a) => a.to_string(),
        None => HIDDEN.into(),
    }
}

/// A difference with its sign: "+0,8", "−1,2", "0,0".
pub fn signed(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded > 0.0 {
        format!("+{}", nl(rounded))
    } else if rounded < 0.0 {
        format!("−{}", nl(-rounded))
    } else {
        nl(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_answers_and_differences_read_as_dutch_text() {
        let mean = CellView::Mean {
            respondents: 5,
            cannot_judge: 1,
            sum: 15,
        };
        assert_eq!(cell_text(&mean), "3,8 (n=4)");
        assert_eq!(cell_text(&CellView::Hidden), HIDDEN);
        assert_eq!(cell_text(&CellView::NotAsked), NOT_ASKED);
        assert_eq!(self_answer_text(Some(0)), "kan niet beoordelen");
        assert_eq!(self_answer_text(Some(4)), "4");
        assert_eq!(self_answer_text(None), HIDDEN);
        assert_eq!(
            [signed(0.84), signed(-1.25), signed(0.04)],
            ["+0,8", "−1,3", "0,0"]
        );
    }
}

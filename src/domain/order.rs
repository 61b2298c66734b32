//! Moving one entry of an ordered list one place up or down: the griffier's
//! *Omhoog* and *Omlaag* on the agenda and in the questionnaire.

/// A move in the griffier's ordering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

impl Move {
    /// "omhoog", "omlaag": the last part of the action's path, and the
    /// audit log's word for it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Up => "omhoog",
            Self::Down => "omlaag",
        }
    }
}

/// The order after moving `id` one place: `None` when it is not there or
/// already first (up) or last (down).
pub fn moved<T: PartialEq + Clone>(order: &[T], id: &T, m: Move) -> Option<Vec<T>> {
    let at = order.iter().position(|x| x == id)?;
    let to = match m {
        Move::Up => at.checked_sub(1)?,
        Move::Down => Some(at + 1).filter(|&t| t < order.len())?,
    };
    let mut out = order.to_vec();
    out.swap(at, to);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_move_one_place_and_not_past_the_ends() {
        let order = ["a", "b", "c"];
        assert_eq!(moved(&order, &"b", Move::Up), Some(vec!["b", "a", "c"]));
        assert_eq!(moved(&order, &"b", Move::Down), Some(vec!["a", "c", "b"]));
        assert_eq!(moved(&order, &"a", Move::Up), None);
        assert_eq!(moved(&order, &"c", Move::Down), None);
        assert_eq!(moved(&order, &"x", Move::Up), None);
        assert_eq!(moved(&["a"], &"a", Move::Down), None);
    }
}

//! A referent's answers: parsed from the form fields into domain values,
//! with Dutch messages per field when something is missing or too long.

use std::collections::HashMap;

use crate::domain::ids::ItemId;
use crate::domain::questionnaire::{ItemKind, Questionnaire};
use crate::domain::text::{TextError, parse_comment};

/// The 5-point scale, from "helemaal mee oneens" (1) to "helemaal mee eens" (5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Score(u8);

impl Score {
    pub fn new(v: u8) -> Option<Self> {
        (1..=5).contains(&v).then_some(Self(v))
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

/// The labels of the scale, in order 1..=5.
pub const SCALE_LABELS: [&str; 5] = [
    "Helemaal mee oneens",
    "Mee oneens",
    "Neutraal",
    "Mee eens",
    "Helemaal mee eens",
];
pub const CANNOT_JUDGE_LABEL: &str = "Kan ik niet beoordelen";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScaleAnswer {
    Score(Score),
    /// "Kan ik niet beoordelen": counts as no answer for that item.
    CannotJudge,
}

impl ScaleAnswer {
    /// The value as stored: 1..=5, or 0 for "kan ik niet beoordelen".
    pub fn stored_value(self) -> i32 {
        match self {
            Self::Score(s) => i32::from(s.get()),
            Self::CannotJudge => 0,
        }
    }

    pub fn from_stored(v: i32) -> Option<Self> {
        if v == 0 {
            return Some(Self::CannotJudge);
        }
        u8::try_from(v).ok().and_then(Score::new).map(Self::Score)
    }

    /// The value of the radio button in the form.
    pub fn form_value(self) -> String {
        match self {
            Self::Score(s) => s.get().to_string(),
            Self::CannotJudge => CANNOT_JUDGE_FORM_VALUE.to_owned(),
        }
    }

    /// The answer of a radio button value ("1".."5" or "kan ik niet beoordelen").
    pub fn from_form(v: &str) -> Option<Self> {
        if v == CANNOT_JUDGE_FORM_VALUE {
            return Some(Self::CannotJudge);
        }
        v.parse::<u8>().ok().and_then(Score::new).map(Self::Score)
    }
}

pub const CANNOT_JUDGE_FORM_VALUE: &str = "kib";

/// The form field name of an item.
pub fn field_name(item: ItemId) -> String {
    format!("v-{item}")
}

/// A complete, valid submission for one group's questionnaire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    pub scores: Vec<(ItemId, ScaleAnswer)>,
    pub comments: Vec<(ItemId, String)>,
}

/// What the referent typed, kept so the form can be shown again with errors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormValues(HashMap<ItemId, String>);

impl FormValues {
    pub fn get(&self, item: ItemId) -> Option<&str> {
        self.0.get(&item).map(String::as_str)
    }

    /// Every item with the value typed for it.
    pub fn iter(&self) -> impl Iterator<Item = (ItemId, &str)> {
        self.0.iter().map(|(k, v)| (*k, v.as_str()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub item: ItemId,
    pub message: String,
    /// A statement without an answer (the summary counts these).
    pub missing: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidSubmission {
    pub errors: Vec<FieldError>,
    pub values: FormValues,
}

/// Parses the posted fields against the questionnaire the rater's group sees.
/// Fields for items outside that questionnaire are ignored; every scale item
/// needs an answer (possibly "kan ik niet beoordelen"); open answers are optional.
pub fn parse_submission(
    q: &Questionnaire,
    fields: &[(String, String)],
) -> Result<Submission, InvalidSubmission> {
    let posted: HashMap<&str, &str> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut values = HashMap::new();
    let mut errors = Vec::new();
    let mut scores = Vec::new();
    let mut comments = Vec::new();
    for (n, item) in q.items().enumerate() {
        let raw = posted
            .get(field_name(item.id).as_str())
            .copied()
            .unwrap_or("");
        values.insert(item.id, raw.to_owned());
        match item.kind {
            ItemKind::Scale => match ScaleAnswer::from_form(raw) {
                Some(a) => scores.push((item.id, a)),
                None if raw.is_empty() => errors.push(FieldError {
                    item: item.id,
                    missing: true,
                    message: format!(
                        "Vraag {}: kies een antwoord. Kunt u dit niet beoordelen? Kies dan ‘{}’.",
                        n + 1,
                        CANNOT_JUDGE_LABEL.to_lowercase()
                    ),
                }),
                None => errors.push(FieldError {
                    item: item.id,
                    missing: false,
                    message: format!("Vraag {}: dit antwoord bestaat niet. Kies een van de antwoorden.", n + 1),
                }),
            },
            ItemKind::Open { max_chars } => match parse_comment(raw, max_chars as usize) {
                Ok(Some(text)) => comments.push((item.id, text)),
                Ok(None) => {}
                Err(TextError::TooLong { max, actual }) => errors.push(FieldError {
                    item: item.id,
                    missing: false,
                    message: format!(
                        "Vraag {}: uw antwoord is te lang. Gebruik maximaal {max} tekens; u gebruikte er {actual}.",
                        n + 1
                    ),
                }),
                Err(e) => errors.push(FieldError { item: item.id, missing: false, message: format!("Vraag {}: {e}", n + 1) }),
            },
        }
    }
    if errors.is_empty() {
        Ok(Submission { scores, comments })
    } else {
        Err(InvalidSubmission {
            errors,
            values: FormValues(values),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{GroupId, ThemeId};
    use crate::domain::questionnaire::{Item, Theme};

    fn questionnaire() -> (Questionnaire, ItemId, ItemId) {
        let t = ThemeId::random();
        let g = GroupId::random();
        let scale = ItemId::random();
        let open = ItemId::random();
        let q = Questionnaire {
            themes: vec![Theme {
                id: t,
                title: "T".into(),
                intro: String::new(),
                items: vec![
                    Item {
                        id: scale,
                        theme_id: t,
                        kind: ItemKind::Scale,
                        text: "s".into(),
                        groups: vec![g],
                    },
                    Item {
                        id: open,
                        theme_id: t,
                        kind: ItemKind::Open { max_chars: 5 },
                        text: "o".into(),
                        groups: vec![g],
                    },
                ],
            }],
        };
        (q, scale, open)
    }

    #[test]
    fn a_complete_form_becomes_a_submission() {
        let (q, scale, open) = questionnaire();
        let s = parse_submission(
            &q,
            &[
                (field_name(scale), "4".into()),
                (field_name(open), " ok ".into()),
            ],
        )
        .unwrap();
        assert_eq!(s.scores, vec![(scale, ScaleAnswer::Score(Score(4)))]);
        assert_eq!(s.comments, vec![(open, "ok".into())]);
    }

    #[test]
    fn cannot_judge_is_an_answer_and_an_empty_comment_is_none() {
        let (q, scale, open) = questionnaire();
        let s = parse_submission(
            &q,
            &[
                (field_name(scale), "kib".into()),
                (field_name(open), "".into()),
            ],
        )
        .unwrap();
        assert_eq!(s.scores, vec![(scale, ScaleAnswer::CannotJudge)]);
        assert!(s.comments.is_empty());
    }

    #[test]
    fn missing_and_invalid_answers_are_reported_and_values_kept() {
        let (q, scale, open) = questionnaire();
        let err =
            parse_submission(&q, &[(field_name(open), "te lang antwoord".into())]).unwrap_err();
        assert_eq!(err.errors.len(), 2);
        assert_eq!(err.values.get(open), Some("te lang antwoord"));
        let err = parse_submission(&q, &[(field_name(scale), "6".into())]).unwrap_err();
        assert!(err.errors[0].message.contains("bestaat niet"));
    }

    #[test]
    fn stored_values_round_trip() {
        for v in 0..=5 {
            assert_eq!(ScaleAnswer::from_stored(v).unwrap().stored_value(), v);
        }
        assert_eq!(ScaleAnswer::from_stored(6), None);
    }
}

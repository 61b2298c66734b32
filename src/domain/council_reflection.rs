//! The burgemeester's reflection on the council: the conversation is
//! two-way. Five topics, each a statement on the same scale as the
//! questionnaire, with an optional remark. Not anonymous: the delegation
//! reads it as the burgemeester's own input.

use std::collections::HashMap;

use crate::domain::answers::{CANNOT_JUDGE_LABEL, ScaleAnswer};
use crate::domain::text::{TextError, parse_comment};

/// A topic of the reflection on the council.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CouncilTopic {
    /// Vertegenwoordigen: the council represents the inhabitants.
    Representing,
    /// Kaders stellen: the council sets the frameworks.
    SettingFrameworks,
    /// Controleren: the council scrutinises the executive.
    Scrutinising,
    /// Bestuurscultuur: how the council works and deals with others.
    GovernanceCulture,
    /// Samenwerking met de burgemeester.
    WorkingWithTheMayor,
}

impl CouncilTopic {
    pub const ALL: [CouncilTopic; 5] = [
        Self::Representing,
        Self::SettingFrameworks,
        Self::Scrutinising,
        Self::GovernanceCulture,
        Self::WorkingWithTheMayor,
    ];

    /// As stored and in form field names.
    pub fn code(self) -> &'static str {
        match self {
            Self::Representing => "vertegenwoordigen",
            Self::SettingFrameworks => "kaders-stellen",
            Self::Scrutinising => "controleren",
            Self::GovernanceCulture => "bestuurscultuur",
            Self::WorkingWithTheMayor => "samenwerking",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Representing => "Vertegenwoordigen",
            Self::SettingFrameworks => "Kaders stellen",
            Self::Scrutinising => "Controleren",
            Self::GovernanceCulture => "Bestuurscultuur",
            Self::WorkingWithTheMayor => "Samenwerking met de burgemeester",
        }
    }

    /// The statement the burgemeester answers.
    pub fn statement(self) -> &'static str {
        match self {
            Self::Representing => {
                "De raad weet wat er leeft in de gemeente en brengt dat in bij zijn besluiten."
            }
            Self::SettingFrameworks => {
                "De raad stelt duidelijke kaders, zodat het college weet wat de raad wil bereiken."
            }
            Self::Scrutinising => {
                "De raad controleert het college scherp en op hoofdlijnen, op tijd en met kennis van zaken."
            }
            Self::GovernanceCulture => {
                "Raadsleden gaan respectvol en integer met elkaar en met anderen om, ook als ze het oneens zijn."
            }
            Self::WorkingWithTheMayor => {
                "De samenwerking tussen de raad en mij is open: we spreken elkaar aan en houden ons aan afspraken."
            }
        }
    }

    /// The form field of the scale answer.
    pub fn field(self) -> String {
        format!("t-{}", self.code())
    }

    /// The form field of the remark.
    pub fn remark_field(self) -> String {
        format!("t-{}-opmerking", self.code())
    }
}

/// The longest remark per topic, in characters.
pub const REMARK_MAX: usize = 1000;

/// One topic answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicAnswer {
    pub topic: CouncilTopic,
    pub answer: ScaleAnswer,
    pub remark: Option<String>,
}

/// A complete reflection: every topic once, in the order of [`CouncilTopic::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouncilReflection(Vec<TopicAnswer>);

impl CouncilReflection {
    /// From stored answers; `None` unless every topic is there exactly once.
    pub fn from_answers(mut answers: Vec<TopicAnswer>) -> Option<Self> {
        answers.sort_by_key(|a| a.topic);
        let topics: Vec<CouncilTopic> = answers.iter().map(|a| a.topic).collect();
        (topics == CouncilTopic::ALL).then_some(Self(answers))
    }

    pub fn answers(&self) -> &[TopicAnswer] {
        &self.0
    }
}

/// What was typed, with a Dutch message per field that is not right.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvalidReflection {
    /// (field, message), in the order of the form.
    pub errors: Vec<(String, String)>,
    /// Field name → what was posted.
    pub values: HashMap<String, String>,
}

impl InvalidReflection {
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// Parses the posted form: every topic needs an answer (possibly "kan ik
/// niet beoordelen"); remarks are optional and at most [`REMARK_MAX`].
pub fn parse_reflection(
    fields: &[(String, String)],
) -> Result<CouncilReflection, InvalidReflection> {
    let posted = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let mut invalid = InvalidReflection::default();
    let mut answers = Vec::new();
    for (n, topic) in CouncilTopic::ALL.into_iter().enumerate() {
        let (field, remark_field) = (topic.field(), topic.remark_field());
        let (raw, raw_remark) = (posted(&field), posted(&remark_field));
        invalid.values.insert(field.clone(), raw.to_owned());
        invalid
            .values
            .insert(remark_field.clone(), raw_remark.to_owned());
        let answer = ScaleAnswer::from_form(raw);
        if answer.is_none() {
            invalid.errors.push((
                field,
                if raw.is_empty() {
                    format!(
                        "Stelling {}: kies een antwoord. Kunt u dit niet beoordelen? Kies dan ‘{}’.",
                        n + 1,
                        CANNOT_JUDGE_LABEL.to_lowercase()
                    )
                } else {
                    format!(
                        "Stelling {}: dit antwoord bestaat niet. Kies een van de antwoorden.",
                        n + 1
                    )
                },
            ));
        }
        let remark = match parse_comment(raw_remark, REMARK_MAX) {
            Ok(r) => r,
            Err(TextError::TooLong { max, actual }) => {
                invalid.errors.push((
                    remark_field,
                    format!(
                        "Stelling {}: de toelichting is te lang. Gebruik maximaal {max} tekens; u gebruikte er {actual}.",
                        n + 1
                    ),
                ));
                None
            }
            Err(e) => {
                invalid
                    .errors
                    .push((remark_field, format!("Stelling {}: {e}", n + 1)));
                None
            }
        };
        if let Some(answer) = answer {
            answers.push(TopicAnswer {
                topic,
                answer,
                remark,
            });
        }
    }
    match CouncilReflection::from_answers(answers) {
        Some(r) if invalid.errors.is_empty() => Ok(r),
        _ => Err(invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answers::{CANNOT_JUDGE_FORM_VALUE, Score};

    fn all(value: &str) -> Vec<(String, String)> {
        CouncilTopic::ALL
            .into_iter()
            .map(|t| (t.field(), value.to_owned()))
            .collect()
    }

    #[test]
    fn topics_round_trip_and_each_has_a_statement() {
        for t in CouncilTopic::ALL {
            assert_eq!(CouncilTopic::parse(t.code()), Some(t));
            assert!(t.statement().ends_with('.'));
        }
        assert_eq!(CouncilTopic::parse("onbekend"), None);
    }

    #[test]
    fn a_full_form_gives_every_topic_in_order_with_its_remark() {
        let mut fields = all("4");
        fields[2].1 = CANNOT_JUDGE_FORM_VALUE.to_owned();
        fields.push((
            CouncilTopic::Scrutinising.remark_field(),
            "  Te weinig tijd \r\n".into(),
        ));
        let r = parse_reflection(&fields).unwrap();
        assert_eq!(r.answers().len(), 5);
        assert_eq!(
            r.answers()[0].answer,
            ScaleAnswer::Score(Score::new(4).unwrap())
        );
        assert_eq!(r.answers()[2].answer, ScaleAnswer::CannotJudge);
        assert_eq!(r.answers()[2].remark.as_deref(), Some("Te weinig tijd"));
        assert_eq!(r.answers()[0].remark, None);
    }

    #[test]
    fn a_missing_answer_and_a_too_long_remark_are_named_and_what_was_typed_is_kept() {
        let mut fields = all("3");
        fields.remove(1);
        let long = "x".repeat(REMARK_MAX + 1);
        fields.push((CouncilTopic::GovernanceCulture.remark_field(), long.clone()));
        let invalid = parse_reflection(&fields).unwrap_err();
        assert_eq!(invalid.errors.len(), 2, "{:?}", invalid.errors);
        assert!(
            invalid
                .error(&CouncilTopic::SettingFrameworks.field())
                .unwrap()
                .contains("Stelling 2: kies een antwoord")
        );
        assert!(
            invalid
                .error(&CouncilTopic::GovernanceCulture.remark_field())
                .unwrap()
                .contains("maximaal 1000 tekens; u gebruikte er 1001")
        );
        assert_eq!(
            invalid.value(&CouncilTopic::GovernanceCulture.remark_field()),
            Some(long.as_str())
        );
        assert_eq!(
            invalid.value(&CouncilTopic::Representing.field()),
            Some("3")
        );
    }

    #[test]
    fn an_answer_outside_the_scale_is_refused() {
        let mut fields = all("5");
        fields[0].1 = "6".into();
        let invalid = parse_reflection(&fields).unwrap_err();
        assert!(invalid.errors[0].1.contains("bestaat niet"));
    }

    #[test]
    fn stored_answers_make_a_reflection_only_when_every_topic_is_there_once() {
        let answer = |topic| TopicAnswer {
            topic,
            answer: ScaleAnswer::CannotJudge,
            remark: None,
        };
        let mut answers: Vec<TopicAnswer> =
            CouncilTopic::ALL.into_iter().rev().map(answer).collect();
        assert!(CouncilReflection::from_answers(answers.clone()).is_some());
        answers.pop();
        assert!(CouncilReflection::from_answers(answers.clone()).is_none());
        answers.push(answer(CouncilTopic::Representing));
        answers.push(answer(CouncilTopic::Representing));
        assert!(CouncilReflection::from_answers(answers).is_none());
    }
}

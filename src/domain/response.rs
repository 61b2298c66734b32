//! One submitted questionnaire (`Response`) as the bytes that are sealed
//! while a round is open (anonymity.md, Storage). Pure: encoding and
//! decoding only; sealing lives in `security::sealed_response`.
//!
//! Every record of a round has exactly the same length: the encoding is
//! padded to [`padded_len`] of the round's whole questionnaire, the longest
//! encoding any submission to that round can have. So the length of a sealed
//! record (visible in the database and its log) says nothing about which
//! group answered or how long a comment is — a published comment cannot be
//! matched to a record by its size.

use crate::domain::answers::{ScaleAnswer, Submission};
use crate::domain::ids::{GroupId, ItemId};
use crate::domain::questionnaire::{ItemKind, Questionnaire};

/// The first byte of every encoding: the format.
const FORMAT: u8 = 1;
const ID_LEN: usize = 16;
/// Bytes per character at most in UTF-8.
const MAX_UTF8: usize = 4;

/// A response as it is sealed: its group and its answers, nothing else.
#[derive(Clone, PartialEq, Eq)]
pub struct Response {
    pub group: GroupId,
    pub scores: Vec<(ItemId, ScaleAnswer)>,
    pub comments: Vec<(ItemId, String)>,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Answers never reach a log line, not even through `{:?}`.
        write!(
            f,
            "Response({} scores, {} comments)",
            self.scores.len(),
            self.comments.len()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseCodecError {
    #[error("the response is longer than the round's record length")]
    TooLong,
    #[error("the record is not a response of format {FORMAT}")]
    Malformed,
}

impl Response {
    pub fn new(group: GroupId, submission: Submission) -> Self {
        Self {
            group,
            scores: submission.scores,
            comments: submission.comments,
        }
    }

    /// The encoding, zero-padded to exactly `len` bytes.
    pub fn encode(&self, len: usize) -> Result<Vec<u8>, ResponseCodecError> {
        let mut out = Vec::with_capacity(len);
        out.push(FORMAT);
        out.extend_from_slice(self.group.as_uuid().as_bytes());
        let count = |n: usize| u16::try_from(n).map_err(|_| ResponseCodecError::TooLong);
        out.extend_from_slice(&count(self.scores.len())?.to_be_bytes());
        for (item, answer) in &self.scores {
            out.extend_from_slice(item.as_uuid().as_bytes());
            // 0 is "kan ik niet beoordelen", 1..=5 the scale.
            out.push(u8::try_from(answer.stored_value()).map_err(|_| ResponseCodecError::TooLong)?);
        }
        out.extend_from_slice(&count(self.comments.len())?.to_be_bytes());
        for (item, body) in &self.comments {
            out.extend_from_slice(item.as_uuid().as_bytes());
            let n = u32::try_from(body.len()).map_err(|_| ResponseCodecError::TooLong)?;
            out.extend_from_slice(&n.to_be_bytes());
            out.extend_from_slice(body.as_bytes());
        }
        if out.len() > len {
            return Err(ResponseCodecError::TooLong);
        }
        out.resize(len, 0);
        Ok(out)
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, ResponseCodecError> {
        let mut r = Reader(bytes);
        if r.take(1)? != [FORMAT] {
            return Err(ResponseCodecError::Malformed);
        }
        let group = GroupId::from_uuid(r.id()?);
        let n = r.u16()?;
        let mut scores = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            let item = ItemId::from_uuid(r.id()?);
            let value = r.take(1)?[0];
            let answer =
                ScaleAnswer::from_stored(i32::from(value)).ok_or(ResponseCodecError::Malformed)?;
            scores.push((item, answer));
        }
        let n = r.u16()?;
        let mut comments = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            let item = ItemId::from_uuid(r.id()?);
            let len = usize::try_from(u32::from_be_bytes(
                r.take(4)?
                    .try_into()
                    .map_err(|_| ResponseCodecError::Malformed)?,
            ))
            .map_err(|_| ResponseCodecError::Malformed)?;
            let body = std::str::from_utf8(r.take(len)?)
                .map_err(|_| ResponseCodecError::Malformed)?
                .to_owned();
            comments.push((item, body));
        }
        if r.0.iter().any(|b| *b != 0) {
            return Err(ResponseCodecError::Malformed);
        }
        Ok(Self {
            group,
            scores,
            comments,
        })
    }
}

/// The length of every record of a round with questionnaire `q` (all of its
/// items, whatever the group): the longest encoding a submission can have.
pub fn padded_len(q: &Questionnaire) -> usize {
    let header = 1 + ID_LEN + 2 + 2;
    q.items().fold(header, |len, item| {
        len + match item.kind {
            ItemKind::Scale => ID_LEN + 1,
            ItemKind::Open { max_chars } => ID_LEN + 4 + MAX_UTF8 * max_chars as usize,
        }
    })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ResponseCodecError> {
        if self.0.len() < n {
            return Err(ResponseCodecError::Malformed);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u16(&mut self) -> Result<u16, ResponseCodecError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn id(&mut self) -> Result<uuid::Uuid, ResponseCodecError> {
        uuid::Uuid::from_slice(self.take(ID_LEN)?).map_err(|_| ResponseCodecError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::answers::Score;
    use crate::domain::ids::ThemeId;
    use crate::domain::questionnaire::{Item, Theme};

    fn questionnaire(group: GroupId) -> Questionnaire {
        let item = |kind| Item {
            id: ItemId::random(),
            theme_id: ThemeId::random(),
            kind,
            text: "x".into(),
            groups: vec![group],
        };
        Questionnaire {
            themes: vec![Theme {
                id: ThemeId::random(),
                title: "t".into(),
                intro: String::new(),
                items: vec![
                    item(ItemKind::Scale),
                    item(ItemKind::Scale),
                    item(ItemKind::Open { max_chars: 10 }),
                ],
            }],
        }
    }

    #[test]
    fn a_response_survives_encoding_and_every_record_of_a_round_has_one_length() {
        let g = GroupId::random();
        let q = questionnaire(g);
        let ids: Vec<ItemId> = q.items().map(|i| i.id).collect();
        let len = padded_len(&q);
        let full = Response {
            group: g,
            scores: vec![
                (ids[0], ScaleAnswer::Score(Score::new(5).unwrap())),
                (ids[1], ScaleAnswer::CannotJudge),
            ],
            // Ten characters of four bytes each: the longest comment there is.
            comments: vec![(ids[2], "𝄞".repeat(10))],
        };
        let empty = Response {
            group: g,
            scores: full.scores.clone(),
            comments: vec![],
        };
        let a = full.encode(len).unwrap();
        let b = empty.encode(len).unwrap();
        assert_eq!(a.len(), b.len());
        assert_eq!(Response::decode(&a).unwrap(), full);
        assert_eq!(Response::decode(&b).unwrap(), empty);
    }

    #[test]
    fn a_response_longer_than_the_record_or_a_damaged_record_is_refused() {
        let g = GroupId::random();
        let q = questionnaire(g);
        let item = q.items().nth(2).unwrap().id;
        let long = Response {
            group: g,
            scores: vec![],
            comments: vec![(item, "x".repeat(100))],
        };
        assert_eq!(
            long.encode(padded_len(&q)),
            Err(ResponseCodecError::TooLong)
        );
        assert_eq!(
            Response::decode(&[2, 0, 0]),
            Err(ResponseCodecError::Malformed)
        );
        let mut ok = Response {
            group: g,
            scores: vec![],
            comments: vec![],
        }
        .encode(padded_len(&q))
        .unwrap();
        *ok.last_mut().unwrap() = 1;
        assert_eq!(Response::decode(&ok), Err(ResponseCodecError::Malformed));
        assert!(!format!("{long:?}").contains("xxx"));
    }
}

//! Redacting a comment that makes someone recognisable (anonymity.md,
//! step 5). Only the comment's text changes, in the stored released view;
//! every figure stays as computed at close, and the comment keeps its place
//! (so the number of comments tells nothing new).

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::ids::RoundId;
use crate::domain::permission::Permission;
use crate::domain::text::parse_comment;
use crate::results::{ItemType, ReleasedView};
use crate::service::round_info::RoundInfo;
use crate::service::{Klankbord, ServiceError};
use crate::store::{corrupt, results, rounds, write_transaction};

/// What a redacted comment says when no replacement text is given.
pub const REDACTED: &str = "[Tekst weggelaten: die kon iemand herkenbaar maken.]";

/// The longest replacement text, in characters (the referent form's limit
/// for a comment).
pub const MAX_REPLACEMENT: usize = 2000;

/// The published comments of a round for the delegation and the griffier
/// to review.
pub struct CommentReview {
    pub info: RoundInfo,
    pub questions: Vec<NumberedQuestion>,
}

impl CommentReview {
    /// The open question's text and the comment's current text.
    pub fn find(&self, at: CommentRef) -> Option<(&str, &str)> {
        let (_, question, list) = self.questions.iter().find(|q| q.0 == at.question)?;
        let (_, text) = list.iter().find(|c| c.0 == at.comment)?;
        Some((question.as_str(), text.as_str()))
    }
}

/// Which comment: the open question and the comment, both counted from 1 in
/// the order the dashboard shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentRef {
    pub question: usize,
    pub comment: usize,
}

/// One open question with its published comments, numbered from 1.
pub type NumberedQuestion = (usize, String, Vec<(usize, String)>);

/// The comments of a released view, numbered as the dashboard shows them.
pub fn numbered_comments(view: &ReleasedView) -> Vec<NumberedQuestion> {
    view.themes
        .iter()
        .flat_map(|t| &t.items)
        .filter(|i| i.kind == ItemType::Open)
        .enumerate()
        .map(|(q, item)| {
            let list = item
                .comments
                .iter()
                .flatten()
                .flat_map(|b| &b.comments)
                .enumerate()
                .map(|(n, c)| (n + 1, c.clone()))
                .collect();
            (q + 1, item.text.clone(), list)
        })
        .collect()
}

impl Klankbord {
    /// The published comments of a closed round, numbered as the dashboard
    /// shows them, for whoever may redact them.
    pub fn comments_for_review(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
    ) -> Result<CommentReview, ServiceError> {
        let mut conn = self.conn()?;
        let info = self
            .require(&mut conn, actor, round, Permission::RedactComments)?
            .info;
        let json = results::get_view(&mut conn, round)?.ok_or_else(|| {
            ServiceError::NotFound("Deze ronde heeft geen gepubliceerde uitkomsten.".into())
        })?;
        let view: ReleasedView =
            serde_json::from_str(&json).map_err(|_| corrupt("released_views.view"))?;
        Ok(CommentReview {
            info,
            questions: numbered_comments(&view),
        })
    }

    /// Replaces the text of one published comment by `replacement` (the
    /// comment with the recognisable part taken out) or by [`REDACTED`].
    /// In the audit log with which comment (never its text).
    pub fn redact_comment(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
        at: CommentRef,
        replacement: Option<&str>,
    ) -> Result<(), ServiceError> {
        let text = match replacement {
            Some(t) => parse_comment(t, MAX_REPLACEMENT)
                .map_err(|e| ServiceError::Invalid(e.to_string()))?
                .unwrap_or_else(|| REDACTED.to_owned()),
            None => REDACTED.to_owned(),
        };
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, actor, round, Permission::RedactComments)?
                .info;
            rounds::lock_round(c, round)?;
            let json = results::get_view(c, round)?.ok_or_else(|| {
                ServiceError::NotFound("Deze ronde heeft geen gepubliceerde uitkomsten.".into())
            })?;
            let mut view: ReleasedView =
                serde_json::from_str(&json).map_err(|_| corrupt("released_views.view"))?;
            let slot = view
                .themes
                .iter_mut()
                .flat_map(|t| t.items.iter_mut())
                .filter(|i| i.kind == ItemType::Open)
                .nth(at.question.wrapping_sub(1))
                .and_then(|i| i.comments.as_mut())
                .and_then(|blocks| {
                    blocks
                        .iter_mut()
                        .flat_map(|b| b.comments.iter_mut())
                        .nth(at.comment.wrapping_sub(1))
                })
                .ok_or_else(|| {
                    ServiceError::NotFound(format!(
                        "Toelichting {} bij open vraag {} bestaat niet.",
                        at.comment, at.question
                    ))
                })?;
            *slot = text.clone();
            let json =
                serde_json::to_string(&view).map_err(|e| ServiceError::Invalid(e.to_string()))?;
            results::replace_view(c, round, &json)?;
            self.audit(
                c,
                info.municipality_id,
                actor,
                AuditAction::CommentRedacted,
                &format!("open vraag {}, toelichting {}", at.question, at.comment),
            )?;
            tracing::info!(outcome = "redacted", "comment redacted");
            Ok(())
        })
    }
}

//! Redacting a comment that makes someone recognisable (anonymity.md,
//! step 5). Only the comment's text changes, in the stored released view;
//! every figure stays as computed at close, and the comment keeps its place
//! (so the number of comments tells nothing new).

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::ids::RoundId;
use crate::domain::permission::Permission;
use crate::domain::text::parse_comment;
use crate::results::{ItemType, ReleasedView};
use crate::service::{Klankbord, ServiceError};
use crate::store::{corrupt, results, rounds, write_transaction};

/// What a redacted comment says when no replacement text is given.
pub const REDACTED: &str = "[Tekst weggelaten: die kon iemand herkenbaar maken.]";

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
            Some(t) => parse_comment(t, 2000)
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

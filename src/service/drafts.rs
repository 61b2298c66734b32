//! A referent's draft (docs/anonymity-decisions.md, "Drafts"): the answers
//! typed so far, sealed with a key derived from the raw token and stored
//! under a keyed hash of it, so that neither the database nor the server
//! key alone reads it or ties it to an invitation. Saved page by page,
//! deleted when the invitation is used and when the round closes.

use crate::domain::answers::{InvalidSubmission, parse_submission};
use crate::domain::draft::{Draft, lay_over};
use crate::domain::invitation::InvitationStatus;
use crate::domain::token::InvitationToken;
use crate::service::respond::{ClientAddress, Lookup, RespondContext, Unusable};
use crate::service::{Klankbord, ServiceError, draft_storage, round_info};
use crate::store::{DbConnection, invitations, read_snapshot, rounds, write_transaction};

/// The form of a usable link with the draft's answers as form fields.
#[derive(Clone, Debug)]
pub struct FormState {
    pub ctx: Box<RespondContext>,
    pub draft: Draft,
}

/// What saving one page of the form came to.
#[derive(Clone, Debug)]
pub enum PageOutcome {
    /// Saved; the page may be left.
    Saved(Box<RespondContext>),
    /// Saved as far as valid; the page is shown again with these answers
    /// and the errors of its own items.
    Invalid(Box<RespondContext>, InvalidSubmission),
    Unusable(Unusable),
}

/// Which page is saved and how strictly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageMove {
    /// *Opslaan en verder*: every statement of the page needs an answer.
    Forward,
    /// *Vorige*: only answers that cannot be kept (too long, unknown) stop it.
    Back,
}

impl Klankbord {
    /// The form of a token with its draft, or why the link cannot be used.
    pub fn form_state(
        &self,
        token: &InvitationToken,
    ) -> Result<Result<FormState, Unusable>, ServiceError> {
        self.form_state_on(&mut *self.conn()?, token, self.now())
    }

    /// The form's context and draft at `now`, read as one snapshot on `conn`
    /// (a submit goes on to write on the same connection).
    pub(crate) fn form_state_on(
        &self,
        conn: &mut DbConnection,
        token: &InvitationToken,
        now: jiff::Timestamp,
    ) -> Result<Result<FormState, Unusable>, ServiceError> {
        read_snapshot(conn, |c| match self.context(c, token, now)? {
            Lookup::Usable(ctx) => {
                let draft = draft_storage::load(c, self.key(), token, ctx.round.id)?;
                Ok(Ok(FormState { ctx, draft }))
            }
            Lookup::Unusable(u) => Ok(Err(u)),
        })
    }

    /// Saves what was posted on the page of theme `theme` (0-based) over the
    /// draft: valid answers are kept whatever else is wrong; the page's own
    /// errors decide whether it may be left.
    #[tracing::instrument(skip_all)]
    pub fn save_page(
        &self,
        token: &InvitationToken,
        theme: usize,
        fields: &[(String, String)],
        movement: PageMove,
    ) -> Result<PageOutcome, ServiceError> {
        let state = match self.form_state(token)? {
            Ok(s) => s,
            Err(u) => return Ok(PageOutcome::Unusable(u)),
        };
        let q = &state.ctx.questionnaire;
        let Some(page) = q.themes.get(theme) else {
            return Err(ServiceError::NotFound(
                "Deze pagina van de vragenlijst bestaat niet.".into(),
            ));
        };
        let merged = lay_over(&state.draft.fields(), &page.items, fields);
        if let Err(u) = self.save_draft(token, &state.ctx, &Draft::from_fields(q, &merged))? {
            return Ok(PageOutcome::Unusable(u));
        }
        let page_errors = match parse_submission(q, &merged) {
            Ok(_) => None,
            Err(mut invalid) => {
                invalid.errors.retain(|e| {
                    page.items.iter().any(|i| i.id == e.item)
                        && (movement == PageMove::Forward || !e.missing)
                });
                (!invalid.errors.is_empty()).then_some(invalid)
            }
        };
        Ok(match page_errors {
            None => PageOutcome::Saved(state.ctx),
            Some(invalid) => PageOutcome::Invalid(state.ctx, invalid),
        })
    }

    /// A referent whose session ran out while posting a page gives their link
    /// again: the link is looked up as when it is opened (rate limited), and
    /// what they had posted is saved over the draft.
    #[tracing::instrument(skip_all)]
    pub fn resume(
        &self,
        token: Option<&InvitationToken>,
        client: ClientAddress<'_>,
        fields: &[(String, String)],
    ) -> Result<Lookup, ServiceError> {
        let token = match (self.open_with_token(token, client)?, token) {
            (Lookup::Usable(_), Some(t)) => t,
            (Lookup::Unusable(u), _) => return Ok(Lookup::Unusable(u)),
            (Lookup::Usable(_), None) => return Ok(Lookup::Unusable(Unusable::Unknown)),
        };
        let state = match self.form_state(token)? {
            Ok(s) => s,
            Err(u) => return Ok(Lookup::Unusable(u)),
        };
        let q = &state.ctx.questionnaire;
        let merged = lay_over(&state.draft.fields(), q.items(), fields);
        Ok(
            match self.save_draft(token, &state.ctx, &Draft::from_fields(q, &merged))? {
                Ok(()) => Lookup::Usable(state.ctx),
                Err(u) => Lookup::Unusable(u),
            },
        )
    }

    /// Writes the draft if the invitation still takes answers (checked under
    /// the round lock, so a draft never outlives a submit or a close).
    pub(crate) fn save_draft(
        &self,
        token: &InvitationToken,
        ctx: &RespondContext,
        draft: &Draft,
    ) -> Result<Result<(), Unusable>, ServiceError> {
        let now = self.now();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            rounds::lock_round(c, ctx.round.id)?;
            if !round_info::accepts_answers(c, ctx.round.id, now)? {
                return Ok(Err(Unusable::Closed));
            }
            match invitations::status_of(c, ctx.invitation)? {
                InvitationStatus::Invited => {}
                InvitationStatus::Answered => return Ok(Err(Unusable::AlreadyAnswered)),
                InvitationStatus::PrefersConversation => return Ok(Err(Unusable::Declined)),
                InvitationStatus::NotSent => return Ok(Err(Unusable::Unknown)),
            }
            draft_storage::store(
                c,
                self.key(),
                token,
                ctx.round.id,
                ctx.group.id,
                ctx.record_len,
                draft,
            )?;
            Ok(Ok(()))
        })
    }
}

//! The referent's path: open the questionnaire with a token, submit once, or
//! say you prefer a personal conversation.

use jiff::Timestamp;

use crate::domain::answers::{InvalidSubmission, parse_submission};
use crate::domain::draft::{Draft, lay_over};
use crate::domain::group::RaterGroup;
use crate::domain::ids::{InvitationId, RoundId};
use crate::domain::invitation::InvitationStatus;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::response::Response;
use crate::domain::token::InvitationToken;
use crate::service::round_info::{self, RoundInfo};
use crate::service::{Klankbord, ServiceError, draft_storage, sealed_storage};
use crate::store::{
    DbConnection, invitations, municipalities, rate_limits, read_snapshot, rounds, sealed,
    write_transaction,
};

/// Failed look-ups (unknown tokens) allowed per client address per window.
pub const LOOKUP_FAILURES_PER_WINDOW: i32 = 20;
/// The rate-limit window in seconds.
pub const LOOKUP_WINDOW_SECS: i64 = 600;
const _: () = assert!(LOOKUP_WINDOW_SECS <= rate_limits::MAX_WINDOW_SECS);

/// Everything the form needs; nothing that identifies the rater beyond the group.
#[derive(Clone, Debug)]
pub struct RespondContext {
    pub invitation: InvitationId,
    pub round: RoundInfo,
    pub group: RaterGroup,
    /// Only the items for the rater's group.
    pub questionnaire: Questionnaire,
    /// The length of every sealed record of the round.
    pub record_len: usize,
}

/// Why a link cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// No invitation has this token (404).
    Unknown,
    /// The questionnaire was already submitted (410).
    AlreadyAnswered,
    /// The rater chose a personal conversation (410).
    Declined,
    /// The round is closed or its closing moment passed (410).
    Closed,
    /// Too many unknown tokens from this client (429).
    RateLimited { retry_after_secs: i64 },
}

#[derive(Clone, Debug)]
pub enum Lookup {
    Usable(Box<RespondContext>),
    Unusable(Unusable),
}

#[derive(Clone, Debug)]
pub enum SubmitOutcome {
    /// Stored; the municipality, for the thank-you page.
    Submitted(crate::domain::ids::MunicipalityId),
    Invalid(Box<RespondContext>, InvalidSubmission),
    Unusable(Unusable),
}

/// A client address, used only as a keyed hash for rate limiting.
pub struct ClientAddress<'a>(pub &'a str);

impl Klankbord {
    /// Looks a token up without changing anything about the invitation (mail
    /// scanners open every link). Unknown and malformed (`None`) tokens count
    /// towards the client's limit; a client over it is refused only for an
    /// unknown token, never for a real one (colleagues behind one address do
    /// not lock each other out).
    #[tracing::instrument(skip_all)]
    pub fn open_with_token(
        &self,
        token: Option<&InvitationToken>,
        client: ClientAddress<'_>,
    ) -> Result<Lookup, ServiceError> {
        let bucket = self.rate_bucket(&client);
        let now = self.now_secs();
        let mut conn = self.conn()?;
        let found = match token {
            Some(t) => read_snapshot(&mut conn, |c| self.context(c, t, self.now()))?,
            None => Lookup::Unusable(Unusable::Unknown),
        };
        if !matches!(found, Lookup::Unusable(Unusable::Unknown)) {
            return Ok(found);
        }
        let limited = write_transaction(&mut conn, |c| {
            let limited = rate_limits::current(c, &bucket, now, LOOKUP_WINDOW_SECS)?
                .filter(|(_, hits)| *hits >= LOOKUP_FAILURES_PER_WINDOW)
                .map(|(started, _)| started + LOOKUP_WINDOW_SECS - now);
            rate_limits::prune(c, now)?;
            rate_limits::hit(c, &bucket, now, LOOKUP_WINDOW_SECS)?;
            Ok::<_, diesel::result::Error>(limited)
        })?;
        tracing::info!(outcome = "unknown", "token look-up failed");
        Ok(Lookup::Unusable(match limited {
            Some(retry_after_secs) => Unusable::RateLimited { retry_after_secs },
            None => Unusable::Unknown,
        }))
    }

    /// Looks a token up again (it came from our own sealed cookie: no rate limit).
    pub fn context_for(&self, token: &InvitationToken) -> Result<Lookup, ServiceError> {
        read_snapshot(&mut *self.conn()?, |c| self.context(c, token, self.now()))
    }

    /// Submits the questionnaire: the draft with `fields` laid over it (the
    /// check page posts none; a one-step client posts them all). In one
    /// transaction: the invitation is marked answered only if it was still
    /// open, the whole response (group, scores, comments) is written as one
    /// record sealed under the round's key, with a random id and the round —
    /// nothing readable, nothing else — and the draft is deleted. An
    /// incomplete submission keeps its valid answers in the draft.
    #[tracing::instrument(skip_all)]
    pub fn submit(
        &self,
        token: &InvitationToken,
        fields: &[(String, String)],
    ) -> Result<SubmitOutcome, ServiceError> {
        let now = self.now();
        let mut conn = self.conn()?;
        // Validate before taking the write lock; the questionnaire of an open
        // round does not change, so the answers stay valid inside it.
        let (ctx, draft) = match self.form_state_on(&mut conn, token, now)? {
            Ok(state) => (state.ctx, state.draft),
            Err(u) => return Ok(SubmitOutcome::Unusable(u)),
        };
        let q = &ctx.questionnaire;
        let merged = lay_over(&draft.fields(), q.items(), fields);
        let submission = match parse_submission(q, &merged) {
            Ok(s) => s,
            Err(invalid) => {
                drop(conn);
                return Ok(
                    match self.save_draft(token, &ctx, &Draft::from_fields(q, &merged))? {
                        Ok(()) => SubmitOutcome::Invalid(ctx, invalid),
                        Err(u) => SubmitOutcome::Unusable(u),
                    },
                );
            }
        };
        write_transaction(&mut conn, |c| {
            // Submits of a round run side by side once the round has its
            // key (closing the round waits for them); the first makes it alone.
            if sealed::round_key(c, ctx.round.id)?.is_some() {
                rounds::lock_round_shared(c, ctx.round.id)?;
            } else {
                rounds::lock_round(c, ctx.round.id)?;
            }
            // The round may have closed since the look-up.
            if !round_info::accepts_answers(c, ctx.round.id, now)? {
                return Ok(SubmitOutcome::Unusable(Unusable::Closed));
            }
            let used = invitations::transition(
                c,
                ctx.invitation,
                InvitationStatus::Invited,
                InvitationStatus::Answered,
            )?;
            if !used {
                return Ok(SubmitOutcome::Unusable(
                    self.why_unusable(c, ctx.invitation)?,
                ));
            }
            sealed_storage::store_response(
                c,
                self.key(),
                ctx.round.id,
                ctx.record_len,
                &Response::new(ctx.group.id, submission),
            )?;
            draft_storage::discard(c, self.key(), token)?;
            tracing::info!(outcome = "submitted", "questionnaire submitted");
            Ok(SubmitOutcome::Submitted(ctx.round.municipality_id))
        })
    }

    /// The rater prefers a personal conversation: the invitation is used up,
    /// no answers are stored, and the griffier sees the choice.
    #[tracing::instrument(skip_all)]
    /// Records the choice; returns the municipality, for the thank-you page.
    pub fn decline(
        &self,
        token: &InvitationToken,
    ) -> Result<Result<crate::domain::ids::MunicipalityId, Unusable>, ServiceError> {
        let now = self.now();
        let mut conn = self.conn()?;
        let ctx = match self.context(&mut conn, token, now)? {
            Lookup::Usable(ctx) => ctx,
            Lookup::Unusable(u) => return Ok(Err(u)),
        };
        write_transaction(&mut conn, |c| {
            rounds::lock_round(c, ctx.round.id)?;
            let used = invitations::transition(
                c,
                ctx.invitation,
                InvitationStatus::Invited,
                InvitationStatus::PrefersConversation,
            )?;
            if !used {
                return Ok(Err(self.why_unusable(c, ctx.invitation)?));
            }
            draft_storage::discard(c, self.key(), token)?;
            tracing::info!(outcome = "declined", "rater prefers a conversation");
            Ok(Ok(ctx.round.municipality_id))
        })
    }

    /// The name of a municipality, for pages that show it in the header
    /// (none for an unknown id).
    pub fn municipality_name(
        &self,
        id: crate::domain::ids::MunicipalityId,
    ) -> Result<Option<String>, ServiceError> {
        Ok(municipalities::find_municipality(&mut *self.conn()?, id)?.map(|m| m.name))
    }

    pub(crate) fn context(
        &self,
        conn: &mut DbConnection,
        token: &InvitationToken,
        now: Timestamp,
    ) -> Result<Lookup, ServiceError> {
        let hash = self.key().token_hash(token);
        let Some(inv) = invitations::find_by_token_hash(conn, &hash.to_hex())? else {
            return Ok(Lookup::Unusable(Unusable::Unknown));
        };
        let round_id: RoundId = inv.round_id;
        let round = round_info::load(conn, round_id)?;
        match inv.status {
            InvitationStatus::Answered => return Ok(Lookup::Unusable(Unusable::AlreadyAnswered)),
            InvitationStatus::PrefersConversation => {
                return Ok(Lookup::Unusable(Unusable::Declined));
            }
            // A link that was never mailed does not exist as far as anyone outside knows.
            InvitationStatus::NotSent => return Ok(Lookup::Unusable(Unusable::Unknown)),
            InvitationStatus::Invited => {}
        }
        if !round.accepts_answers(now) {
            self.questionnaires.forget(round_id);
            return Ok(Lookup::Unusable(Unusable::Closed));
        }
        let group = rounds::get_group(conn, inv.rater_group_id)?;
        let fixed = self.questionnaires.get(conn, round_id, round.state)?;
        Ok(Lookup::Usable(Box::new(RespondContext {
            invitation: inv.id,
            round,
            record_len: fixed.record_len,
            questionnaire: fixed.whole.for_group(group.id),
            group,
        })))
    }

    fn why_unusable(
        &self,
        c: &mut DbConnection,
        id: InvitationId,
    ) -> Result<Unusable, ServiceError> {
        Ok(match invitations::status_of(c, id)? {
            InvitationStatus::PrefersConversation => Unusable::Declined,
            InvitationStatus::Answered => Unusable::AlreadyAnswered,
            InvitationStatus::NotSent | InvitationStatus::Invited => Unusable::Unknown,
        })
    }

    fn rate_bucket(&self, client: &ClientAddress<'_>) -> String {
        crate::domain::token::hex(&self.key().mac(
            "klankbord/rate-limit/token-lookup/v1",
            &[client.0.as_bytes()],
        ))
    }
}

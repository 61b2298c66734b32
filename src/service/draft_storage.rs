//! A referent's draft in the database: sealed under a key derived from
//! the raw token (which only the link holds), under an id that is a keyed
//! hash of the token with its own label; opened, written and deleted in the
//! caller's transaction. The use cases are in `service::drafts`.

use crate::domain::draft::Draft;
use crate::domain::ids::{GroupId, RoundId};
use crate::domain::response::Response;
use crate::domain::token::InvitationToken;
use crate::security::ServerKey;
use crate::security::draft_key::{DraftKey, draft_id};
use crate::store::{DbConnection, StoreError, corrupt, drafts};

/// The draft of `token` in round `round`, opened (none if there is none).
pub(crate) fn load(
    c: &mut DbConnection,
    server: &ServerKey,
    token: &InvitationToken,
    round_id: RoundId,
) -> Result<Draft, StoreError> {
    let id = draft_id(server, token);
    let Some((round, sealed)) = drafts::find(c, &id)? else {
        return Ok(Draft::default());
    };
    if round != round_id {
        return Err(corrupt("drafts.round_id"));
    }
    let plain = zeroize::Zeroizing::new(
        DraftKey::from_token(token)
            .open(round, &id, &sealed)
            .map_err(|_| corrupt("drafts.sealed"))?,
    );
    let r = Response::decode(&plain).map_err(|_| corrupt("drafts.sealed"))?;
    Ok(Draft {
        scores: r.scores,
        comments: r.comments,
    })
}

/// Seals and writes the draft in the caller's transaction, padded to the
/// round's record length (so its size says nothing about what was typed).
pub(crate) fn store(
    c: &mut DbConnection,
    server: &ServerKey,
    token: &InvitationToken,
    round: RoundId,
    group: GroupId,
    record_len: usize,
    draft: &Draft,
) -> Result<(), StoreError> {
    let id = draft_id(server, token);
    let response = Response {
        group,
        scores: draft.scores.clone(),
        comments: draft.comments.clone(),
    };
    let plain = zeroize::Zeroizing::new(
        response
            .encode(record_len)
            .map_err(|_| corrupt("draft length"))?,
    );
    let sealed = DraftKey::from_token(token)
        .seal(round, &id, &plain)
        .map_err(|_| corrupt("draft seal"))?;
    Ok(drafts::put(c, &id, round, &sealed)?)
}

/// Deletes the draft of `token` in the caller's transaction.
pub(crate) fn discard(
    c: &mut DbConnection,
    server: &ServerKey,
    token: &InvitationToken,
) -> Result<(), StoreError> {
    Ok(drafts::delete(c, &draft_id(server, token))?)
}

/// Deletes every draft of a round (at close), in the caller's transaction.
pub(crate) fn discard_round(c: &mut DbConnection, round: RoundId) -> Result<(), StoreError> {
    let n = drafts::delete_round(c, round)?;
    tracing::info!(drafts = n, "drafts of a closing round deleted");
    Ok(())
}

//! Raters and their invitations.

use std::collections::HashSet;

use diesel::prelude::*;

use crate::domain::ids::{GroupId, InvitationId, RaterId, RoundId};
use crate::domain::invitation::InvitationStatus;
use crate::store::DbConnection;
use crate::store::schema::{invitations, outbox, rater_groups, raters};

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = raters)]
pub struct RaterRow {
    pub id: RaterId,
    pub round_id: RoundId,
    pub rater_group_id: GroupId,
    pub name: String,
    pub email: String,
    pub created_at: i64,
}

#[derive(Queryable, Selectable, Insertable, Clone)]
#[diesel(table_name = invitations)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub round_id: RoundId,
    pub rater_id: RaterId,
    pub token_seed: String,
    pub token_hash: String,
    pub status: InvitationStatus,
}

/// What the respond path needs about an invitation; nothing about the rater's answers.
#[derive(Queryable, Clone, Debug)]
pub struct InvitationForRespond {
    pub id: InvitationId,
    pub round_id: RoundId,
    pub status: InvitationStatus,
    pub rater_group_id: GroupId,
}

/// What a mail needs about its recipient.
#[derive(Queryable, Clone)]
pub struct InvitationForMail {
    pub invitation_id: InvitationId,
    pub round_id: RoundId,
    pub token_seed: String,
    pub status: InvitationStatus,
    pub rater_name: String,
    pub rater_email: String,
    pub group_name: String,
}

/// One line of the griffier's overview.
#[derive(Queryable, Clone, Debug)]
pub struct RaterStatusRow {
    pub invitation_id: InvitationId,
    pub rater_name: String,
    pub rater_email: String,
    pub group_id: GroupId,
    pub group_name: String,
    pub group_position: i32,
    pub status: InvitationStatus,
}

pub fn insert_rater(
    conn: &mut DbConnection,
    rater: &RaterRow,
    invitation: &InvitationRow,
) -> QueryResult<()> {
    diesel::insert_into(raters::table)
        .values(rater)
        .execute(conn)?;
    diesel::insert_into(invitations::table)
        .values(invitation)
        .execute(conn)
        .map(|_| ())
}

/// Lower-cased addresses already in a round.
pub fn emails_in_round(conn: &mut DbConnection, round: RoundId) -> QueryResult<HashSet<String>> {
    let emails: Vec<String> = raters::table
        .filter(raters::round_id.eq(round))
        .select(raters::email)
        .load(conn)?;
    Ok(emails.into_iter().map(|e| e.to_lowercase()).collect())
}

pub fn find_by_token_hash(
    conn: &mut DbConnection,
    hash_hex: &str,
) -> QueryResult<Option<InvitationForRespond>> {
    invitations::table
        .inner_join(raters::table)
        .filter(invitations::token_hash.eq(hash_hex))
        .select((
            invitations::id,
            invitations::round_id,
            invitations::status,
            raters::rater_group_id,
        ))
        .first(conn)
        .optional()
}

/// The conditional update that uses an invitation: it changes only if the
/// status is still `from`, so of two concurrent submits exactly one wins.
pub fn transition(
    conn: &mut DbConnection,
    id: InvitationId,
    from: InvitationStatus,
    to: InvitationStatus,
) -> QueryResult<bool> {
    diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::status.eq(from)),
    )
    .set(invitations::status.eq(to))
    .execute(conn)
    .map(|n| n == 1)
}

pub fn ids_with_status(
    conn: &mut DbConnection,
    round: RoundId,
    status: InvitationStatus,
) -> QueryResult<Vec<InvitationId>> {
    invitations::table
        .filter(invitations::round_id.eq(round))
        .filter(invitations::status.eq(status))
        .select(invitations::id)
        .order(invitations::id.asc())
        .load(conn)
}

pub fn for_mail(conn: &mut DbConnection, id: InvitationId) -> QueryResult<InvitationForMail> {
    invitations::table
        .inner_join(raters::table.inner_join(rater_groups::table))
        .filter(invitations::id.eq(id))
        .select((
            invitations::id,
            invitations::round_id,
            invitations::token_seed,
            invitations::status,
            raters::name,
            raters::email,
            rater_groups::name,
        ))
        .first(conn)
}

/// As [`for_mail`], or `None` when the invitation is gone (deleted at the
/// end of its retention, or its address removed on request).
pub fn for_mail_if_any(
    conn: &mut DbConnection,
    id: InvitationId,
) -> QueryResult<Option<InvitationForMail>> {
    for_mail(conn, id).optional()
}

pub fn statuses(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<RaterStatusRow>> {
    invitations::table
        .inner_join(raters::table.inner_join(rater_groups::table))
        .filter(invitations::round_id.eq(round))
        .select((
            invitations::id,
            raters::name,
            raters::email,
            rater_groups::id,
            rater_groups::name,
            rater_groups::position,
            invitations::status,
        ))
        .order((rater_groups::position.asc(), raters::name.asc()))
        .load(conn)
}

/// Invitations of a round whose latest mail failed for good.
pub fn with_failed_mail(
    conn: &mut DbConnection,
    round: RoundId,
) -> QueryResult<HashSet<InvitationId>> {
    let ids: Vec<Option<InvitationId>> = outbox::table
        .filter(outbox::round_id.eq(round))
        .filter(outbox::status.eq(crate::store::outbox::OutboxStatus::Failed))
        .select(outbox::invitation_id)
        .load(conn)?;
    Ok(ids.into_iter().flatten().collect())
}

pub fn status_of(conn: &mut DbConnection, id: InvitationId) -> QueryResult<InvitationStatus> {
    invitations::table
        .find(id)
        .select(invitations::status)
        .first(conn)
}

/// Removes a rater whose invitation was never sent (with that invitation).
pub fn remove_unsent(
    conn: &mut DbConnection,
    round: RoundId,
    invitation: InvitationId,
    not_sent: InvitationStatus,
) -> QueryResult<bool> {
    let rater: Option<RaterId> = invitations::table
        .filter(invitations::id.eq(invitation))
        .filter(invitations::round_id.eq(round))
        .filter(invitations::status.eq(not_sent))
        .select(invitations::rater_id)
        .first(conn)
        .optional()?;
    let Some(rater) = rater else {
        return Ok(false);
    };
    diesel::delete(invitations::table.filter(invitations::id.eq(invitation))).execute(conn)?;
    diesel::delete(raters::table.filter(raters::id.eq(rater))).execute(conn)?;
    Ok(true)
}

//! The outbox: messages waiting to be sent, claimed with row locks so that
//! several server instances never send one message twice.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::domain::ids::{InvitationId, MessageId, RoundId, StaffId};
use crate::store::schema::outbox;
use crate::store::{Backend, DbConnection};

#[derive(Queryable, Selectable, Insertable, QueryableByName, Clone, Debug)]
#[diesel(table_name = outbox)]
pub struct MessageRow {
    pub id: MessageId,
    pub round_id: RoundId,
    /// The invitation of an invitation or reminder; none for a mail to a
    /// kabinet of the commissaris van de Koning.
    pub invitation_id: Option<InvitationId>,
    pub kind: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub claimed_until: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    /// The person a mail to one staff member goes to (the concept of a
    /// verslag is ready); none for referenten and kabinetten.
    pub staff_id: Option<StaffId>,
    /// The `Message-ID` header with its angle brackets, fixed when the
    /// message is queued: the same on every retry and on a resend.
    pub message_id: String,
}

impl MessageRow {
    /// A new message of `kind` for `round`, due now, to no invitation and
    /// no staff member yet (set those with struct update syntax). Its
    /// `Message-ID` is `<id@domain>`, the domain the sender's
    /// ([`crate::mail::MailTransport::message_id_domain`]).
    pub fn pending(round: RoundId, kind: &str, now: i64, domain: &str) -> Self {
        let id = MessageId::random();
        Self {
            id,
            message_id: format!("<{id}@{domain}>"),
            round_id: round,
            invitation_id: None,
            kind: kind.to_owned(),
            status: OutboxStatus::Pending,
            attempts: 0,
            next_attempt_at: now,
            claimed_until: None,
            last_error: None,
            created_at: now,
            sent_at: None,
            staff_id: None,
        }
    }
}

/// Where a message is, stored as its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutboxStatus {
    Pending,
    Sending,
    Sent,
    Failed,
    /// Not sent because it no longer applied (a reminder to someone who reacted meanwhile).
    Skipped,
}

impl OutboxStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Sending,
        Self::Sent,
        Self::Failed,
        Self::Skipped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

pub fn insert(conn: &mut DbConnection, row: &MessageRow) -> QueryResult<()> {
    diesel::insert_into(outbox::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Claims up to `limit` due messages for `lease` seconds: pending ones whose
/// time has come, and ones whose earlier claim expired (a worker that died).
/// Run inside a write transaction.
pub fn claim_due(
    conn: &mut DbConnection,
    now: i64,
    lease: i64,
    limit: i64,
) -> QueryResult<Vec<MessageRow>> {
    let ids: Vec<MessageId> = match conn.backend() {
        Backend::Postgres => {
            #[derive(QueryableByName)]
            struct Id {
                #[diesel(sql_type = Text)]
                id: MessageId,
            }
            diesel::sql_query(
                "SELECT id FROM outbox \
                 WHERE (status = 'pending' AND next_attempt_at <= $1) \
                    OR (status = 'sending' AND claimed_until <= $1) \
                 ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED",
            )
            .bind::<BigInt, _>(now)
            .bind::<BigInt, _>(limit)
            .load::<Id>(conn)?
            .into_iter()
            .map(|r| r.id)
            .collect()
        }
        // SQLite has one writer at a time; the write transaction is the lock.
        Backend::Sqlite => outbox::table
            .filter(
                (outbox::status
                    .eq(OutboxStatus::Pending)
                    .and(outbox::next_attempt_at.le(now)))
                .or(outbox::status
                    .eq(OutboxStatus::Sending)
                    .and(outbox::claimed_until.le(now))),
            )
            .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
            .limit(limit)
            .select(outbox::id)
            .load(conn)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set((
            outbox::status.eq(OutboxStatus::Sending),
            outbox::claimed_until.eq(now + lease),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(conn)?;
    outbox::table
        .filter(outbox::id.eq_any(&ids))
        .order(outbox::id.asc())
        .select(MessageRow::as_select())
        .load(conn)
}

/// Extends the claim of a message that is being sent (the heartbeat of
/// `service::mail_delivery`); false when it is no longer claimed.
pub fn extend_lease(conn: &mut DbConnection, id: MessageId, until: i64) -> QueryResult<bool> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq(OutboxStatus::Sending)),
    )
    .set(outbox::claimed_until.eq(until))
    .execute(conn)
    .map(|n| n == 1)
}

/// The failed message of one invitation in a round, the latest if there
/// are several.
pub fn failed_for(
    conn: &mut DbConnection,
    round: RoundId,
    invitation: InvitationId,
) -> QueryResult<Option<MessageRow>> {
    outbox::table
        .filter(outbox::round_id.eq(round))
        .filter(outbox::invitation_id.eq(invitation))
        .filter(outbox::status.eq(OutboxStatus::Failed))
        .order((outbox::created_at.desc(), outbox::id.desc()))
        .select(MessageRow::as_select())
        .first(conn)
        .optional()
}

/// Puts one failed message back in the queue, due now, with a fresh count
/// of attempts (its `Message-ID` stays). False when it was not failed
/// (anymore).
pub fn requeue_failed(conn: &mut DbConnection, id: MessageId, now: i64) -> QueryResult<bool> {
    diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq(OutboxStatus::Failed)),
    )
    .set((
        outbox::status.eq(OutboxStatus::Pending),
        outbox::next_attempt_at.eq(now),
        outbox::attempts.eq(0),
        outbox::claimed_until.eq(None::<i64>),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Hands claimed messages that were not tried back to the queue (a worker
/// stopping halfway through its batch).
pub fn release(conn: &mut DbConnection, ids: &[MessageId]) -> QueryResult<()> {
    diesel::update(
        outbox::table
            .filter(outbox::id.eq_any(ids))
            .filter(outbox::status.eq(OutboxStatus::Sending)),
    )
    .set((
        outbox::status.eq(OutboxStatus::Pending),
        outbox::claimed_until.eq(None::<i64>),
        outbox::attempts.eq(outbox::attempts - 1),
    ))
    .execute(conn)
    .map(|_| ())
}

pub fn mark_sent(conn: &mut DbConnection, id: MessageId, now: i64) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(OutboxStatus::Sent),
            outbox::sent_at.eq(now),
            outbox::claimed_until.eq(None::<i64>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_retry(
    conn: &mut DbConnection,
    id: MessageId,
    next_attempt_at: i64,
    error: &str,
) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(OutboxStatus::Pending),
            outbox::next_attempt_at.eq(next_attempt_at),
            outbox::claimed_until.eq(None::<i64>),
            outbox::last_error.eq(error),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_skipped(conn: &mut DbConnection, id: MessageId, now: i64) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(OutboxStatus::Skipped),
            outbox::sent_at.eq(now),
            outbox::claimed_until.eq(None::<i64>),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_failed(conn: &mut DbConnection, id: MessageId, error: &str) -> QueryResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(OutboxStatus::Failed),
            outbox::claimed_until.eq(None::<i64>),
            outbox::last_error.eq(error),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Messages to referenten by status for one round (pending, sending, sent, failed).
pub fn counts(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<(OutboxStatus, i64)>> {
    outbox::table
        .filter(outbox::round_id.eq(round))
        .filter(outbox::invitation_id.is_not_null())
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)
}

/// Messages by status over the whole outbox (for the metrics).
pub fn totals(conn: &mut DbConnection) -> QueryResult<Vec<(OutboxStatus, i64)>> {
    outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)
}

/// Whether a message of this kind for this invitation is still waiting.
pub fn has_unsent(
    conn: &mut DbConnection,
    invitation: InvitationId,
    kind: &str,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        outbox::table
            .filter(outbox::invitation_id.eq(invitation))
            .filter(outbox::kind.eq(kind))
            .filter(outbox::status.eq_any([OutboxStatus::Pending, OutboxStatus::Sending])),
    ))
    .get_result(conn)
}

/// The invitations of a round whose invitation message was queued at or
/// after `since` (a reminder to them would follow it too closely).
pub fn invited_since(
    conn: &mut DbConnection,
    round: RoundId,
    kind: &str,
    since: i64,
) -> QueryResult<std::collections::HashSet<InvitationId>> {
    let ids: Vec<Option<InvitationId>> = outbox::table
        .filter(outbox::round_id.eq(round))
        .filter(outbox::kind.eq(kind))
        .filter(outbox::created_at.ge(since))
        .select(outbox::invitation_id)
        .load(conn)?;
    Ok(ids.into_iter().flatten().collect())
}

//! Retention (migration 000016): the municipality's policy, the rounds due
//! for deletion of their contact data (claimed with row locks so that
//! several server instances delete each round once), the deletion itself and
//! its record, and the removal of one referent's address on request.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::domain::ids::{InvitationId, MunicipalityId, RaterId, RoundId};
use crate::domain::retention::{PurgeCounts, RetentionPolicy};
use crate::store::schema::{
    address_erasures, drafts, invitations, nominations, outbox, raters, released_views,
    retention_settings, round_purges, rounds,
};
use crate::store::{Backend, DbConnection};

#[derive(Queryable, Selectable, Insertable, Clone, Debug, PartialEq, Eq)]
#[diesel(table_name = retention_settings)]
pub struct SettingsRow {
    pub municipality_id: String,
    pub contact_months: i32,
    pub view_years: Option<i32>,
    pub verslag_years: Option<i32>,
    pub audit_years: Option<i32>,
    pub updated_at: i64,
}

impl SettingsRow {
    pub fn new(m: MunicipalityId, p: &RetentionPolicy, now: i64) -> Self {
        let years = |y: Option<u32>| y.and_then(|y| i32::try_from(y).ok());
        Self {
            municipality_id: m.to_string(),
            contact_months: i32::try_from(p.contact_months).unwrap_or(i32::MAX),
            view_years: years(p.view_years),
            verslag_years: years(p.verslag_years),
            audit_years: years(p.audit_years),
            updated_at: now,
        }
    }

    fn policy(&self) -> RetentionPolicy {
        let years = |y: Option<i32>| y.and_then(|y| u32::try_from(y).ok());
        RetentionPolicy {
            contact_months: u32::try_from(self.contact_months)
                .unwrap_or(RetentionPolicy::DEFAULT.contact_months),
            view_years: years(self.view_years),
            verslag_years: years(self.verslag_years),
            audit_years: years(self.audit_years),
        }
    }
}

/// One round's deletion: when, and how many of each.
#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = round_purges)]
pub struct PurgeRow {
    pub round_id: RoundId,
    pub purged_at: i64,
    pub raters: i32,
    pub invitations: i32,
    pub messages: i32,
    pub nominations: i32,
    pub drafts: i32,
}

impl PurgeRow {
    pub fn counts(&self) -> PurgeCounts {
        let n = |v: i32| u32::try_from(v).unwrap_or(0);
        PurgeCounts {
            raters: n(self.raters),
            invitations: n(self.invitations),
            messages: n(self.messages),
            nominations: n(self.nominations),
            drafts: n(self.drafts),
        }
    }
}

/// The municipality's policy, or the default when none was set.
pub fn policy(conn: &mut DbConnection, m: MunicipalityId) -> QueryResult<RetentionPolicy> {
    Ok(retention_settings::table
        .find(m.to_string())
        .select(SettingsRow::as_select())
        .first(conn)
        .optional()?
        .map_or(RetentionPolicy::DEFAULT, |r| r.policy()))
}

/// Replaces the municipality's policy (call inside a transaction).
pub fn save_policy(conn: &mut DbConnection, row: &SettingsRow) -> QueryResult<()> {
    diesel::delete(retention_settings::table.find(&row.municipality_id)).execute(conn)?;
    diesel::insert_into(retention_settings::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// A closed round whose contact data was not deleted yet: its municipality
/// and its close (the moment its released view was stored).
#[derive(Clone, Copy, Debug)]
pub struct Unpurged {
    pub round: RoundId,
    pub municipality: MunicipalityId,
    pub closed_at: i64,
}

/// Every closed (published) round not purged yet, with its municipality's
/// policy. No lock: the caller claims each due one with [`claim`].
pub fn unpurged(conn: &mut DbConnection) -> QueryResult<Vec<(Unpurged, RetentionPolicy)>> {
    let purged = round_purges::table.select(round_purges::round_id);
    let views: Vec<(RoundId, i64)> = released_views::table
        .filter(diesel::dsl::not(released_views::round_id.eq_any(purged)))
        .select((released_views::round_id, released_views::computed_at))
        .load(conn)?;
    if views.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<RoundId> = views.iter().map(|(r, _)| *r).collect();
    let municipality_of: HashMap<RoundId, MunicipalityId> = rounds::table
        .filter(rounds::id.eq_any(&ids))
        .select((rounds::id, rounds::municipality_id))
        .load::<(RoundId, MunicipalityId)>(conn)?
        .into_iter()
        .collect();
    let mut policies: HashMap<MunicipalityId, RetentionPolicy> = HashMap::new();
    let mut out = Vec::with_capacity(views.len());
    for (round, closed_at) in views {
        let Some(&municipality) = municipality_of.get(&round) else {
            continue;
        };
        let policy = match policies.get(&municipality) {
            Some(p) => *p,
            None => {
                let p = policy(conn, municipality)?;
                policies.insert(municipality, p);
                p
            }
        };
        out.push((
            Unpurged {
                round,
                municipality,
                closed_at,
            },
            policy,
        ));
    }
    Ok(out)
}

/// Claims a round for deletion inside a write transaction: `false` if
/// another instance holds it (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite's
/// write transaction already excludes every other writer) or already deleted
/// it. The check after the lock is a statement of its own, so it sees a
/// deletion committed by another instance while this one waited to scan.
pub fn claim(conn: &mut DbConnection, round: RoundId) -> QueryResult<bool> {
    if conn.backend() == Backend::Postgres {
        #[derive(QueryableByName)]
        struct Locked {
            #[diesel(sql_type = Text)]
            #[allow(dead_code)]
            id: String,
        }
        let locked =
            diesel::sql_query("SELECT id FROM rounds WHERE id = $1 FOR UPDATE SKIP LOCKED")
                .bind::<Text, _>(round)
                .load::<Locked>(conn)?;
        if locked.is_empty() {
            return Ok(false);
        }
    }
    let done: bool = diesel::select(diesel::dsl::exists(
        round_purges::table.filter(round_purges::round_id.eq(round)),
    ))
    .get_result(conn)?;
    Ok(!done)
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Deletes the round's contact data and records what went, in the caller's
/// transaction (after [`claim`]).
pub fn purge(conn: &mut DbConnection, round: RoundId, now: i64) -> QueryResult<PurgeRow> {
    let messages =
        diesel::delete(outbox::table.filter(outbox::round_id.eq(round))).execute(conn)?;
    let drafts = diesel::delete(drafts::table.filter(drafts::round_id.eq(round))).execute(conn)?;
    let invitations =
        diesel::delete(invitations::table.filter(invitations::round_id.eq(round))).execute(conn)?;
    let raters = diesel::delete(raters::table.filter(raters::round_id.eq(round))).execute(conn)?;
    let nominations =
        diesel::delete(nominations::table.filter(nominations::round_id.eq(round))).execute(conn)?;
    let row = PurgeRow {
        round_id: round,
        purged_at: now,
        raters: count(raters),
        invitations: count(invitations),
        messages: count(messages),
        nominations: count(nominations),
        drafts: count(drafts),
    };
    diesel::insert_into(round_purges::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// The deletion of a round, if it happened.
pub fn purge_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Option<PurgeRow>> {
    round_purges::table
        .find(round)
        .select(PurgeRow::as_select())
        .first(conn)
        .optional()
}

/// When the round closed (its released view was stored), if it did.
pub fn closed_at(conn: &mut DbConnection, round: RoundId) -> QueryResult<Option<i64>> {
    released_views::table
        .find(round)
        .select(released_views::computed_at)
        .first(conn)
        .optional()
}

/// The name and address of the referent of an invitation of `round`.
pub fn rater_of(
    conn: &mut DbConnection,
    round: RoundId,
    invitation: InvitationId,
) -> QueryResult<Option<(RaterId, String, String)>> {
    invitations::table
        .inner_join(raters::table)
        .filter(invitations::id.eq(invitation))
        .filter(invitations::round_id.eq(round))
        .select((raters::id, raters::name, raters::email))
        .first(conn)
        .optional()
}

/// Removes one referent's name, address and invitation (with its messages)
/// and records when, not whom.
pub fn erase_address(
    conn: &mut DbConnection,
    round: RoundId,
    invitation: InvitationId,
    rater: RaterId,
    now: i64,
) -> QueryResult<()> {
    diesel::delete(outbox::table.filter(outbox::invitation_id.eq(invitation))).execute(conn)?;
    diesel::delete(invitations::table.filter(invitations::id.eq(invitation))).execute(conn)?;
    diesel::delete(raters::table.filter(raters::id.eq(rater))).execute(conn)?;
    diesel::insert_into(address_erasures::table)
        .values((
            address_erasures::id.eq(uuid::Uuid::new_v4().to_string()),
            address_erasures::round_id.eq(round),
            address_erasures::erased_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// When addresses of the round were removed on request, oldest first.
pub fn erasures_of(conn: &mut DbConnection, round: RoundId) -> QueryResult<Vec<i64>> {
    address_erasures::table
        .filter(address_erasures::round_id.eq(round))
        .order(address_erasures::erased_at.asc())
        .select(address_erasures::erased_at)
        .load(conn)
}

//! The griffier's list of referenten: the page, a pasted or uploaded list
//! checked and imported, one referent added by the form, one taken off.
//! Each use case checks the role and writes its own audit entry.

use crate::domain::group::RaterGroup;
use crate::domain::ids::{RoundId, StaffId};
use crate::domain::invitation::InvitationStatus;
use crate::domain::rater_import::{ImportError, parse_rater, parse_raters};
use crate::domain::staff::Role;
use crate::service::round_info::RoundInfo;
use crate::service::rounds::RaterStatus;
use crate::service::setup::{import_raters_in, insert_rater, refuse_closed};
use crate::service::staff::audit_in;
use crate::service::{Klankbord, ServiceError};
use crate::store::{invitations, rounds, write_transaction};

const ONLY_CLERK: &str = "Alleen de griffier beheert een ronde.";

/// What the griffier typed for one referent.
pub struct RaterForm<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// The group's key (a radio button).
    pub group: &'a str,
}

/// (name, e-mail, group name) of a rater that would be imported.
pub type PreviewRow = (String, String, String);

/// What the page of the list shows.
pub struct RaterList {
    pub info: RoundInfo,
    pub groups: Vec<RaterGroup>,
    pub raters: Vec<RaterStatus>,
}

impl Klankbord {
    /// The round, its groups and its referenten: the griffier's page of the list.
    pub fn raters_page(&self, person: StaffId, round: RoundId) -> Result<RaterList, ServiceError> {
        let (info, _) = self.require_role(person, round, &[Role::Clerk], ONLY_CLERK)?;
        Ok(RaterList {
            info,
            groups: self.round_groups(round)?,
            raters: self.rater_statuses(round)?,
        })
    }

    /// Checks a list of raters without storing anything: the rows as they
    /// would be imported, or every row's error.
    #[tracing::instrument(skip_all)]
    pub fn preview_raters_by(
        &self,
        person: StaffId,
        round: RoundId,
        csv: &[u8],
    ) -> Result<Vec<PreviewRow>, ServiceError> {
        self.require_role(person, round, &[Role::Clerk], ONLY_CLERK)?;
        let mut conn = self.conn()?;
        let groups = rounds::groups_of(&mut conn, round)?;
        let existing = invitations::emails_in_round(&mut conn, round)?;
        let raters = parse_raters(csv, &groups, &existing)?;
        Ok(raters
            .into_iter()
            .map(|r| {
                let group = groups
                    .iter()
                    .find(|g| g.id == r.group)
                    .map(|g| g.name.clone())
                    .unwrap_or_default();
                (
                    r.name.as_str().to_owned(),
                    r.email.as_str().to_owned(),
                    group,
                )
            })
            .collect())
    }

    /// Imports a list of raters (all rows or none); how many. In the audit
    /// log as "referenten toegevoegd" with the number.
    #[tracing::instrument(skip_all)]
    pub fn import_raters_by(
        &self,
        person: StaffId,
        round: RoundId,
        csv: &[u8],
    ) -> Result<usize, ServiceError> {
        let (info, _) = self.require_role(person, round, &[Role::Clerk], ONLY_CLERK)?;
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let n = import_raters_in(c, self.key(), round, csv, now)?;
            audit_in(
                c,
                info.municipality_id,
                person,
                "referenten toegevoegd",
                &n.to_string(),
                now,
            )?;
            Ok(n)
        })
    }

    /// Adds one referent to a round of the griffier's municipality, with
    /// the same checks as a row of a list; errors per field
    /// (`ServiceError::Import(ImportError::Fields)`), and nothing stored.
    /// In the audit log as "referent toegevoegd".
    #[tracing::instrument(skip_all)]
    pub fn add_rater(
        &self,
        person: StaffId,
        round: RoundId,
        form: &RaterForm<'_>,
    ) -> Result<(), ServiceError> {
        let (info, _) = self.require_role(person, round, &[Role::Clerk], ONLY_CLERK)?;
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            refuse_closed(c, round)?;
            let groups = rounds::groups_of(c, round)?;
            let existing = invitations::emails_in_round(c, round)?;
            let rater = parse_rater(form.name, form.email, form.group, &groups, &existing)
                .map_err(ImportError::Fields)?;
            insert_rater(c, self.key(), round, &rater, now)?;
            audit_in(
                c,
                info.municipality_id,
                person,
                "referent toegevoegd",
                "1",
                now,
            )
        })
    }

    /// Takes a referent off the list before their invitation is sent;
    /// refused afterwards. In the audit log as "referent verwijderd".
    #[tracing::instrument(skip_all)]
    pub fn remove_rater_by(
        &self,
        person: StaffId,
        round: RoundId,
        invitation: &str,
    ) -> Result<(), ServiceError> {
        let (info, _) = self.require_role(person, round, &[Role::Clerk], ONLY_CLERK)?;
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            rounds::lock_round(c, round)?;
            // A malformed id names no rater of this round, like an unknown one.
            let removed = match invitation.parse() {
                Ok(id) => invitations::remove_unsent(c, round, id, InvitationStatus::NotSent)?,
                Err(_) => false,
            };
            if !removed {
                return Err(ServiceError::Conflict(
                    "Deze referent heeft de uitnodiging al gekregen en kan niet meer van de lijst."
                        .into(),
                ));
            }
            audit_in(
                c,
                info.municipality_id,
                person,
                "referent verwijderd",
                "",
                now,
            )
        })
    }
}

//! The griffier's list of referenten: the page, a pasted or uploaded list
//! checked and imported, one referent added by the form, one taken off.
//! Each use case checks the role and writes its own audit entry.

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::group::RaterGroup;
use crate::domain::ids::{RoundId, StaffId};
use crate::domain::invitation::InvitationStatus;
use crate::domain::permission::Permission;
use crate::domain::rater_import::{ImportError, parse_rater, parse_raters};
use crate::service::round_info::RoundInfo;
use crate::service::rounds::RaterStatus;
use crate::service::setup::{import_raters_in, insert_rater, refuse_closed};
use crate::service::{Klankbord, ServiceError};
use crate::store::{invitations, rounds, write_transaction};

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
        let info = self
            .require(&mut *self.conn()?, person, round, Permission::ManageRound)?
            .info;
        Ok(RaterList {
            info,
            groups: self.round_groups(round)?,
            raters: self.rater_statuses(person, round)?,
        })
    }

    /// Checks a list of raters without storing anything: the rows as they
    /// would be imported, or every row's error.
    #[tracing::instrument(skip_all)]
    pub fn preview_raters(
        &self,
        person: StaffId,
        round: RoundId,
        csv: &[u8],
    ) -> Result<Vec<PreviewRow>, ServiceError> {
        let mut conn = self.conn()?;
        self.require(&mut conn, person, round, Permission::ManageRound)?;
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

    /// Imports a list of raters from CSV (`naam,email,groep`): all rows or
    /// none; how many. In the audit log as "referenten toegevoegd" with the
    /// number.
    #[tracing::instrument(skip_all)]
    pub fn import_raters(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
        csv: &[u8],
    ) -> Result<usize, ServiceError> {
        let actor = actor.into();
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self.require(c, actor, round, Permission::ManageRound)?.info;
            let n = import_raters_in(c, self.key(), round, csv, now)?;
            self.audit(
                c,
                info.municipality_id,
                actor,
                AuditAction::RatersImported,
                &n.to_string(),
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
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, person, round, Permission::ManageRound)?
                .info;
            refuse_closed(c, round)?;
            let groups = rounds::groups_of(c, round)?;
            let existing = invitations::emails_in_round(c, round)?;
            let rater = parse_rater(form.name, form.email, form.group, &groups, &existing)
                .map_err(ImportError::Fields)?;
            insert_rater(c, self.key(), round, &rater, now)?;
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::RaterAdded,
                "1",
            )
        })
    }

    /// Takes a referent off the list before their invitation is sent;
    /// refused afterwards. In the audit log as "referent verwijderd".
    #[tracing::instrument(skip_all)]
    pub fn remove_rater(
        &self,
        person: StaffId,
        round: RoundId,
        invitation: &str,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let info = self
                .require(c, person, round, Permission::ManageRound)?
                .info;
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
            self.audit(
                c,
                info.municipality_id,
                person,
                AuditAction::RaterRemoved,
                "",
            )
        })
    }
}

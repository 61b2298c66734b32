//! One referent added by the griffier through the form (the list and the
//! file go through `preview_raters` / `import_raters`).

use crate::domain::ids::{RoundId, StaffId};
use crate::domain::rater_import::{ImportError, parse_rater};
use crate::domain::round::RoundState;
use crate::domain::staff::Role;
use crate::service::setup::insert_rater;
use crate::service::{Klankbord, ServiceError};
use crate::store::{invitations, rounds, staff, write_transaction};

/// What the griffier typed for one referent.
pub struct RaterForm<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// The group's key (a radio button).
    pub group: &'a str,
}

impl Klankbord {
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
        let (info, _) = self.require_role(
            person,
            round,
            &[Role::Clerk],
            "Alleen de griffier beheert een ronde.",
        )?;
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            rounds::lock_round(c, round)?;
            if crate::service::round_info::load(c, round)?.state == RoundState::Closed {
                return Err(ServiceError::Conflict(
                    "Deze ronde is gesloten; er kunnen geen referenten meer bij.".into(),
                ));
            }
            let groups = rounds::groups_of(c, round)?;
            let existing = invitations::emails_in_round(c, round)?;
            let rater = parse_rater(form.name, form.email, form.group, &groups, &existing)
                .map_err(ImportError::Fields)?;
            insert_rater(c, self.key(), round, &rater, now)?;
            staff::audit(
                c,
                &StaffId::random().to_string(),
                Some(&info.municipality_id.to_string()),
                Some(&person.to_string()),
                "referent toegevoegd",
                "1",
                now,
            )?;
            Ok(())
        })
    }
}

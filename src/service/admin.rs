//! The platform admin (the hosting provider): the municipalities on the
//! platform and a new municipality with its first griffier. Nothing of any
//! round's content is read here; every other person gets 404.

use crate::domain::audit::Actor;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::staff::Role;
use crate::service::access::Platform;
use crate::service::setup::NewMunicipality;
use crate::service::{Klankbord, ServiceError};
use crate::store::{municipalities, rounds, write_transaction};

/// One municipality as the platform admin sees it: no round content at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MunicipalityOverview {
    pub id: MunicipalityId,
    pub name: String,
    pub clerk_name: String,
    pub clerk_email: String,
    pub rounds: usize,
}

impl Klankbord {
    /// Every municipality with its griffier contact and number of rounds.
    pub fn municipalities_overview(
        &self,
        person: StaffId,
    ) -> Result<Vec<MunicipalityOverview>, ServiceError> {
        let mut conn = self.conn()?;
        self.require(&mut conn, person, Platform, Permission::AdministerPlatform)?;
        let all_rounds = rounds::list_rounds(&mut conn, None)?;
        Ok(municipalities::list_municipalities(&mut conn)?
            .into_iter()
            .map(|m| MunicipalityOverview {
                rounds: all_rounds
                    .iter()
                    .filter(|r| r.municipality_id == m.id)
                    .count(),
                id: m.id,
                name: m.name,
                clerk_name: m.clerk_name,
                clerk_email: m.clerk_email,
            })
            .collect())
    }

    /// Creates a municipality, its griffier's account and the griffier's
    /// membership, all or nothing, in the new municipality's audit log.
    #[tracing::instrument(skip_all)]
    pub fn create_municipality_with_clerk(
        &self,
        actor: impl Into<Actor>,
        m: NewMunicipality,
    ) -> Result<MunicipalityId, ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            let id = self.insert_municipality(c, actor, &m)?;
            let clerk = self.staff_account(c, &m.clerk_email, &m.clerk_name, false)?;
            self.grant_membership(c, actor, clerk, id, Role::Clerk)?;
            Ok(id)
        })
    }
}

//! The platform admin (the hosting provider): the municipalities on the
//! platform and a new municipality with its first griffier. Nothing of any
//! round's content is read here; every other person gets 404.

use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::staff::Role;
use crate::service::setup::NewMunicipality;
use crate::service::staff::audit_in;
use crate::service::{Klankbord, ServiceError};
use crate::store::{DbConnection, StoreError, municipalities, rounds, staff, write_transaction};

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
    /// Only a platform admin passes; for anyone else the page does not exist.
    fn require_platform_admin(
        &self,
        c: &mut DbConnection,
        person: StaffId,
    ) -> Result<(), ServiceError> {
        let is_admin = match staff::get(c, &person.to_string()).map_err(StoreError::from) {
            Ok(row) => row.platform_admin != 0,
            Err(StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        };
        if is_admin {
            Ok(())
        } else {
            Err(ServiceError::NotFound("Deze pagina bestaat niet.".into()))
        }
    }

    /// Every municipality with its griffier contact and number of rounds.
    pub fn municipalities_overview(
        &self,
        person: StaffId,
    ) -> Result<Vec<MunicipalityOverview>, ServiceError> {
        let mut conn = self.conn()?;
        self.require_platform_admin(&mut conn, person)?;
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
        person: StaffId,
        m: NewMunicipality,
    ) -> Result<MunicipalityId, ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require_platform_admin(c, person)?;
            let id = self.insert_municipality(c, &m)?;
            audit_in(
                c,
                id,
                person,
                "gemeente aangemaakt",
                m.name.as_str(),
                self.now_secs(),
            )?;
            let clerk = self.staff_account(c, &m.clerk_email, &m.clerk_name, false)?;
            self.grant_membership(c, Some(person), clerk, id, Role::Clerk)?;
            Ok(id)
        })
    }
}

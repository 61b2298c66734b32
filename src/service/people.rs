//! The griffier's list of people: who holds which role in the municipality,
//! giving a role and taking it back. Roles are read on every request, so a
//! role taken back ends that person's access at once.

use crate::domain::email::EmailAddress;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::service::staff::audit_in;
use crate::service::{Klankbord, ServiceError};
use crate::store::{
    DbConnection, StoreError, memberships, municipalities, staff, write_transaction,
};

/// One role of one person in a municipality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRole {
    pub staff: StaffId,
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// A person to give a role (an account is made if the address is new).
#[derive(Clone, Debug)]
pub struct NewPerson {
    pub name: PersonName,
    pub email: EmailAddress,
    pub role: Role,
}

/// The municipality's name and everyone with a role in it.
#[derive(Clone, Debug)]
pub struct People {
    pub municipality: String,
    pub roles: Vec<PersonRole>,
}

impl Klankbord {
    /// Only a griffier of the municipality passes; for anyone else the
    /// municipality's pages do not exist (`missing`, the 404 message).
    /// Returns the municipality's name.
    pub(crate) fn require_clerk_of(
        &self,
        c: &mut DbConnection,
        person: StaffId,
        municipality: MunicipalityId,
        missing: &str,
    ) -> Result<String, ServiceError> {
        let clerk = staff::memberships_of(c, &person.to_string())?
            .iter()
            .any(|(m, role)| *m == municipality.to_string() && role == Role::Clerk.code());
        if !clerk {
            return Err(ServiceError::NotFound(missing.into()));
        }
        Ok(municipalities::get_municipality(c, municipality)?.name)
    }

    /// Everyone with a role in the municipality, for its griffier.
    pub fn people(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<People, ServiceError> {
        let mut conn = self.conn()?;
        let name = self.require_clerk_of(&mut conn, person, municipality, NO_PAGE)?;
        let roles = memberships::members_of(&mut conn, municipality)?
            .into_iter()
            .map(|(staff, name, email, role)| PersonRole {
                staff,
                name,
                email,
                role,
            })
            .collect();
        Ok(People {
            municipality: name,
            roles,
        })
    }

    /// Gives a person a role in the municipality (making their account if
    /// the address is new). A new burgemeester also becomes the burgemeester
    /// of the municipality's new rounds, unless one with this address is
    /// already known. In the audit log as "rol toegekend".
    #[tracing::instrument(skip_all)]
    pub fn grant_role(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        new: &NewPerson,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require_clerk_of(c, person, municipality, NO_PAGE)?;
            let who = self.staff_account(c, &new.email, &new.name, false)?;
            if !self.grant_membership(c, Some(person), who, municipality, new.role)? {
                return Err(ServiceError::Conflict(format!(
                    "{} heeft de rol {} al.",
                    new.email,
                    new.role.label().to_lowercase()
                )));
            }
            if new.role == Role::Mayor {
                let known = municipalities::mayors_of(c, municipality)?
                    .iter()
                    .any(|m| m.email.eq_ignore_ascii_case(new.email.as_str()));
                if !known {
                    self.insert_mayor(c, municipality, &new.name, &new.email)?;
                }
            }
            Ok(())
        })
    }

    /// Takes a role back; from the next request on that role gives no
    /// access. A griffier cannot take back their own griffier role (so the
    /// municipality always keeps one). In the audit log as "rol ingetrokken".
    #[tracing::instrument(skip_all)]
    pub fn revoke_role(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        who: StaffId,
        role: Role,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require_clerk_of(c, person, municipality, NO_PAGE)?;
            if who == person && role == Role::Clerk {
                return Err(ServiceError::Conflict(
                    "U kunt uw eigen rol als griffier niet intrekken. Vraag dat aan een andere griffier van de gemeente."
                        .into(),
                ));
            }
            let name = match staff::get(c, &who.to_string()).map_err(StoreError::from) {
                Ok(row) => row.name,
                Err(StoreError::NotFound) => {
                    return Err(ServiceError::NotFound(
                        "Deze persoon heeft hier geen rol.".into(),
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            if !memberships::remove_membership(c, who, municipality, role)? {
                return Err(ServiceError::NotFound(
                    "Deze persoon heeft deze rol niet (meer).".into(),
                ));
            }
            audit_in(
                c,
                municipality,
                person,
                "rol ingetrokken",
                &format!("{}: {name}", role.label()),
                self.now_secs(),
            )?;
            Ok(())
        })
    }
}

const NO_PAGE: &str = "Deze pagina bestaat niet.";

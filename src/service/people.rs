//! The griffier's list of people: who holds which role in the municipality,
//! giving a role and taking it back. Roles are read on every request, so a
//! role taken back ends that person's access at once.

use crate::domain::audit::AuditAction;
use crate::domain::email::EmailAddress;
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::service::{Klankbord, ServiceError};
use crate::store::{StoreError, memberships, municipalities, staff, write_transaction};

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
    /// The municipality's own look, for the page links.
    pub house_style: Option<crate::domain::house_style::HouseStyleStamp>,
}

impl Klankbord {
    /// Everyone with a role in the municipality, for its griffier.
    pub fn people(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<People, ServiceError> {
        let mut conn = self.conn()?;
        let name = self
            .require(&mut conn, person, municipality, Permission::ManagePeople)?
            .name;
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
            house_style: crate::store::house_styles::stamp(&mut conn, municipality)?,
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
            self.require(c, person, municipality, Permission::ManagePeople)?;
            let who = self.staff_account(c, &new.email, &new.name, false)?;
            if !self.grant_membership(c, person.into(), who, municipality, new.role)? {
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
            self.require(c, person, municipality, Permission::ManagePeople)?;
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
            self.audit(
                c,
                municipality,
                person,
                AuditAction::RoleRevoked,
                &format!("{}: {name}", role.label()),
            )?;
            Ok(())
        })
    }
}

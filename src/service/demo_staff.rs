//! Demo staff accounts, so a newcomer can try every staff screen at once.
//! Their TOTP secrets are derived from this installation's server key (so
//! they differ per installation) and can be printed — only for accounts of
//! the demo municipality, and for the demo's platform admin once the demo
//! exists.

use crate::domain::audit::System;
use crate::domain::email::{EmailAddress, StaffEmail};
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::security::{seal, totp};
use crate::service::demo::DEMO_MUNICIPALITY;
use crate::service::demo_concept::{DEMO_SECOND_MUNICIPALITY, DEMO_SECOND_STAFF};
use crate::service::{Klankbord, ServiceError};
use crate::store::{municipalities, provinces, staff, write_transaction};

/// (e-mail, name) of the demo's platform admin: no role in a municipality.
pub const DEMO_ADMIN: (&str, &str) = ("beheer@voorbeeldrecht.example", "Bram Verhoef");
/// The demo province and its kabinet's contact address.
pub const DEMO_PROVINCE: (&str, &str) = ("Voorbeeldland", "kabinet@voorbeeldland.example");
/// The kabinet van de commissaris van de Koning of the demo province.
pub const DEMO_KABINET: (&str, &str) = ("kabinet@voorbeeldland.example", "Sanne Visser");

/// (e-mail, name, role) of the demo's staff in Voorbeeldrecht.
pub const DEMO_STAFF: &[(&str, &str, Role)] = &[
    (
        "griffie@voorbeeldrecht.example",
        "Petra Bakker",
        Role::Clerk,
    ),
    (
        "voorzitter@voorbeeldrecht.example",
        "Vera Jansen",
        Role::Chair,
    ),
    (
        "commissielid@voorbeeldrecht.example",
        "Karim Ouali",
        Role::DelegationMember,
    ),
    (
        "burgemeester@voorbeeldrecht.example",
        "Marieke Smit",
        Role::Mayor,
    ),
    (
        "raadslid@voorbeeldrecht.example",
        "Ruben de Jong",
        Role::CouncilMember,
    ),
];

fn parse_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(e.to_string())
}

/// A demo account as `klankbord demo` prints it.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub email: String,
    /// The role in its municipality; `None` for the platform admin and the
    /// kabinet.
    pub role: Option<Role>,
    /// The municipality of that role (Voorbeeldrecht or Voorbeeldveen).
    pub municipality: Option<&'static str>,
    /// The kabinet van de commissaris van de Koning of the demo province.
    pub kabinet: bool,
    /// The base32 key for an authenticator app.
    pub secret: String,
}

/// The demo staff's ids, for making the demo's content with their use cases.
pub(crate) struct DemoPeople {
    pub clerk: StaffId,
    pub chair: StaffId,
    pub member: StaffId,
    pub mayor: StaffId,
}

impl Klankbord {
    pub(crate) fn demo_secret(&self, email: &str) -> Vec<u8> {
        self.key()
            .mac("klankbord/demo-totp/v1", &[email.as_bytes()])[..totp::SECRET_BYTES]
            .to_vec()
    }

    /// Creates the demo staff (and the demo's platform admin) with their
    /// second factor already set up; a second call finds the same accounts.
    pub(crate) fn create_demo_staff(&self) -> Result<DemoPeople, ServiceError> {
        let municipality = self.find_municipality(DEMO_MUNICIPALITY)?;
        self.demo_account(DEMO_ADMIN.0, DEMO_ADMIN.1, true)?;
        let of = self.demo_members(DEMO_STAFF, municipality)?;
        Ok(DemoPeople {
            clerk: of(Role::Clerk)?,
            chair: of(Role::Chair)?,
            member: of(Role::DelegationMember)?,
            mayor: of(Role::Mayor)?,
        })
    }

    /// Demo accounts with their roles in `municipality`; the returned
    /// function gives the id of the one with a role.
    pub(crate) fn demo_members(
        &self,
        staff: &[(&str, &str, Role)],
        municipality: MunicipalityId,
    ) -> Result<impl Fn(Role) -> Result<StaffId, ServiceError>, ServiceError> {
        let mut ids = Vec::new();
        for (email, name, role) in staff {
            let id = self.demo_account(email, name, false)?;
            self.add_membership(System::Demo, id, municipality, *role)?;
            ids.push((*role, id));
        }
        Ok(move |role: Role| {
            ids.iter()
                .find(|(r, _)| *r == role)
                .map(|(_, id)| *id)
                .ok_or_else(|| ServiceError::NotFound(format!("demo: no {role:?}")))
        })
    }

    /// One demo account with its installation-derived second factor.
    pub(crate) fn demo_account(
        &self,
        email: &str,
        name: &str,
        platform_admin: bool,
    ) -> Result<StaffId, ServiceError> {
        let id = self.create_staff(
            System::Demo,
            &EmailAddress::parse(email).map_err(parse_err)?,
            &PersonName::parse(name).map_err(parse_err)?,
            platform_admin,
        )?;
        let person = id.to_string();
        let sealed = seal::seal(
            self.key(),
            &format!("klankbord/totp/v1/{person}"),
            &self.demo_secret(email),
        );
        write_transaction(&mut *self.conn()?, |c| staff::set_totp(c, &person, &sealed))?;
        Ok(id)
    }

    /// The demo accounts, platform admin first, with the base32 secret for
    /// an authenticator app.
    pub fn demo_staff(&self) -> Vec<DemoAccount> {
        let staff = |list: &'static [(&'static str, &'static str, Role)], place: &'static str| {
            list.iter()
                .map(move |(email, _, role)| (*email, Some((*role, place))))
        };
        [(DEMO_ADMIN.0, None), (DEMO_KABINET.0, None)]
            .into_iter()
            .chain(staff(DEMO_STAFF, DEMO_MUNICIPALITY))
            .chain(staff(DEMO_SECOND_STAFF, DEMO_SECOND_MUNICIPALITY))
            .map(|(email, role)| DemoAccount {
                email: email.to_owned(),
                role: role.map(|(r, _)| r),
                municipality: role.map(|(_, m)| m),
                kabinet: email == DEMO_KABINET.0,
                secret: totp::secret_base32(&self.demo_secret(email)),
            })
            .collect()
    }

    /// The current second-factor code of a demo account (refused for any
    /// other account).
    pub fn demo_code(&self, email: &str) -> Result<String, ServiceError> {
        let email = email.trim().to_lowercase();
        let refused =
            || ServiceError::Invalid("Alleen voor de demo-accounts (zie `klankbord demo`).".into());
        let admin = email == DEMO_ADMIN.0;
        let kabinet = email == DEMO_KABINET.0;
        let place = if DEMO_STAFF.iter().any(|(e, _, _)| *e == email) {
            DEMO_MUNICIPALITY
        } else {
            DEMO_SECOND_MUNICIPALITY
        };
        if !admin
            && !kabinet
            && !DEMO_STAFF
                .iter()
                .chain(DEMO_SECOND_STAFF)
                .any(|(e, _, _)| *e == email)
        {
            return Err(refused());
        }
        let mut conn = self.conn()?;
        // Only once the demo exists (its municipality names the accounts).
        municipalities::find_municipality_by_name(&mut conn, DEMO_MUNICIPALITY)?
            .ok_or_else(refused)?;
        let own =
            municipalities::find_municipality_by_name(&mut conn, place)?.ok_or_else(refused)?;
        let address = EmailAddress::parse(&email).map_err(|_| refused())?;
        let person =
            staff::by_email(&mut conn, &StaffEmail::from(&address))?.ok_or_else(refused)?;
        // The platform admin has no role in a municipality: only the one the
        // demo made (a platform admin with the demo's address) gets codes.
        let demo_account = if admin {
            person.platform_admin != 0
        } else if kabinet {
            // Only the kabinet of the demo province.
            let province = provinces::by_name(&mut conn, DEMO_PROVINCE.0)?;
            let person_id = person.id.parse().map_err(|_| refused())?;
            province.is_some_and(|p| {
                provinces::kabinet_of(&mut conn, person_id)
                    .is_ok_and(|of| of.iter().any(|(id, _)| *id == p.id))
            })
        } else {
            staff::memberships_of(&mut conn, &person.id)?
                .iter()
                .any(|(m, _)| *m == own.id.to_string())
        };
        if !demo_account {
            return Err(refused());
        }
        let step = totp::step_of(self.now().as_second());
        Ok(format!(
            "{:06}",
            totp::code_at(&self.demo_secret(&email), step)
        ))
    }
}

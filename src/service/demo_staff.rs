//! Demo staff accounts, so a newcomer can try every staff screen at once.
//! Their TOTP secrets are derived from this installation's server key (so
//! they differ per installation) and can be printed — only for accounts of
//! the demo municipality.

use crate::domain::email::EmailAddress;
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::security::{seal, totp};
use crate::service::demo::DEMO_MUNICIPALITY;
use crate::service::{Klankbord, ServiceError};
use crate::store::{municipalities, staff, write_transaction};

/// (e-mail, name, role) of the demo's staff.
pub const DEMO_STAFF: &[(&str, &str, Role)] = &[
    (
        "griffie@voorbeeldrecht.example",
        "Petra Bakker",
        Role::Clerk,
    ),
    (
        "voorzitter@voorbeeldrecht.example",
        "Vera Voorzitter",
        Role::Chair,
    ),
    (
        "commissielid@voorbeeldrecht.example",
        "Karim Commissielid",
        Role::DelegationMember,
    ),
    (
        "burgemeester@voorbeeldrecht.example",
        "Marieke Smit",
        Role::Mayor,
    ),
    (
        "raadslid@voorbeeldrecht.example",
        "Ruben Raadslid",
        Role::CouncilMember,
    ),
];

fn parse_err(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid(e.to_string())
}

impl Klankbord {
    fn demo_secret(&self, email: &str) -> Vec<u8> {
        self.key()
            .mac("klankbord/demo-totp/v1", &[email.as_bytes()])[..totp::SECRET_BYTES]
            .to_vec()
    }

    /// Creates the demo staff with their second factor already set up.
    pub(crate) fn create_demo_staff(&self) -> Result<(), ServiceError> {
        let municipality = self.find_municipality(DEMO_MUNICIPALITY)?;
        for (email, name, role) in DEMO_STAFF {
            let id = self.create_staff(
                &EmailAddress::parse(email).map_err(parse_err)?,
                &PersonName::parse(name).map_err(parse_err)?,
                false,
            )?;
            self.add_membership(id, municipality, *role)?;
            let person = id.to_string();
            let sealed = seal::seal(
                self.key(),
                &format!("klankbord/totp/v1/{person}"),
                &self.demo_secret(email),
            );
            write_transaction(&mut *self.conn()?, |c| staff::set_totp(c, &person, &sealed))?;
        }
        Ok(())
    }

    /// The demo staff with the base32 secret for an authenticator app.
    pub fn demo_staff(&self) -> Vec<(String, Role, String)> {
        DEMO_STAFF
            .iter()
            .map(|(email, _, role)| {
                (
                    (*email).to_owned(),
                    *role,
                    totp::secret_base32(&self.demo_secret(email)),
                )
            })
            .collect()
    }

    /// The current second-factor code of a demo account (refused for any
    /// other account).
    pub fn demo_code(&self, email: &str) -> Result<String, ServiceError> {
        let email = email.trim().to_lowercase();
        let refused = || {
            ServiceError::Invalid(
                "Alleen voor de demo-accounts van Voorbeeldrecht (zie `klankbord demo`).".into(),
            )
        };
        if !DEMO_STAFF.iter().any(|(e, _, _)| *e == email) {
            return Err(refused());
        }
        let mut conn = self.conn()?;
        let demo = municipalities::find_municipality_by_name(&mut conn, DEMO_MUNICIPALITY)?
            .ok_or_else(refused)?;
        let person = staff::by_email(&mut conn, &email)?.ok_or_else(refused)?;
        let member = staff::memberships_of(&mut conn, &person.id)?
            .iter()
            .any(|(m, _)| *m == demo.id);
        if !member {
            return Err(refused());
        }
        let step = totp::step_of(self.now().as_second());
        Ok(format!(
            "{:06}",
            totp::code_at(&self.demo_secret(&email), step)
        ))
    }
}

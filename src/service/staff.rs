//! Staff accounts and their memberships: who may sign in, in which
//! municipality, with which role.

use crate::domain::email::{EmailAddress, StaffEmail};
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::service::{Klankbord, ServiceError};
use crate::store::staff::{self, StaffRow};
use crate::store::{DbConnection, municipalities, parse_id, write_transaction};

/// A signed-in person's memberships, as the screens need them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub municipality: MunicipalityId,
    pub municipality_name: String,
    pub role: Role,
}

impl Klankbord {
    /// Creates a staff account, or finds the existing one with this address.
    pub fn create_staff(
        &self,
        email: &EmailAddress,
        name: &PersonName,
        platform_admin: bool,
    ) -> Result<StaffId, ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.staff_account(c, email, name, platform_admin)
        })
    }

    /// [`Self::create_staff`] inside the caller's transaction.
    pub(crate) fn staff_account(
        &self,
        c: &mut DbConnection,
        email: &EmailAddress,
        name: &PersonName,
        platform_admin: bool,
    ) -> Result<StaffId, ServiceError> {
        let email = StaffEmail::from(email);
        if let Some(row) = staff::by_email(c, &email)? {
            return Ok(parse_id(&row.id)?);
        }
        let id = StaffId::random();
        staff::insert(
            c,
            &StaffRow {
                id: id.to_string(),
                email: email.as_str().to_owned(),
                name: name.as_str().to_owned(),
                platform_admin: i32::from(platform_admin),
                totp_sealed: None,
                totp_last_step: None,
                created_at: self.now_secs(),
            },
        )?;
        Ok(id)
    }

    /// Gives a person a role in a municipality (an explicit membership).
    pub fn add_membership(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        role: Role,
    ) -> Result<(), ServiceError> {
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.grant_membership(c, None, person, municipality, role)
                .map(|_| ())
        })
    }

    /// [`Self::add_membership`] inside the caller's transaction, written to
    /// the audit log as done `by` someone (or the system); whether the role
    /// is new (a role held already changes nothing).
    pub(crate) fn grant_membership(
        &self,
        c: &mut DbConnection,
        by: Option<StaffId>,
        person: StaffId,
        municipality: MunicipalityId,
        role: Role,
    ) -> Result<bool, ServiceError> {
        municipalities::get_municipality(c, municipality)?;
        let new = staff::add_membership(
            c,
            &person.to_string(),
            &municipality.to_string(),
            role.code(),
        )?;
        if new {
            let name = staff::get(c, &person.to_string())?.name;
            staff::audit(
                c,
                &StaffId::random().to_string(),
                Some(&municipality.to_string()),
                by.map(|p| p.to_string()).as_deref(),
                "rol toegekend",
                &format!("{}: {name}", role.label()),
                self.now_secs(),
            )?;
        }
        Ok(new)
    }

    pub fn memberships(&self, person: StaffId) -> Result<Vec<Membership>, ServiceError> {
        let mut conn = self.conn()?;
        let mut out = Vec::new();
        for (m, role) in staff::memberships_of(&mut conn, &person.to_string())? {
            let municipality: MunicipalityId = parse_id(&m)?;
            let row = municipalities::get_municipality(&mut conn, municipality)?;
            out.push(Membership {
                municipality,
                municipality_name: row.name,
                role: Role::parse(&role).map_err(|_| crate::store::corrupt("memberships.role"))?,
            });
        }
        Ok(out)
    }
}

impl Klankbord {
    /// The rounds of every municipality a person has a role in, with those roles.
    pub fn staff_rounds(
        &self,
        person: StaffId,
    ) -> Result<Vec<(crate::service::round_info::RoundInfo, Vec<Role>)>, ServiceError> {
        let memberships = self.memberships(person)?;
        Ok(self
            .list_rounds()?
            .into_iter()
            .filter_map(|info| {
                let roles: Vec<Role> = memberships
                    .iter()
                    .filter(|m| m.municipality == info.municipality_id)
                    .map(|m| m.role)
                    .collect();
                (!roles.is_empty()).then_some((info, roles))
            })
            .collect())
    }

    /// A person's roles in the municipality of a round; empty if none (the
    /// round is then treated as not existing for them).
    pub fn roles_for_round(
        &self,
        person: StaffId,
        round: crate::domain::ids::RoundId,
    ) -> Result<(crate::service::round_info::RoundInfo, Vec<Role>), ServiceError> {
        let info = self.round_info(round)?;
        let roles = self
            .memberships(person)?
            .into_iter()
            .filter(|m| m.municipality == info.municipality_id)
            .map(|m| m.role)
            .collect();
        Ok((info, roles))
    }
}

impl Klankbord {
    /// The round and the person's roles in its municipality, if at least one
    /// of them is in `allowed`: a round of another municipality does not
    /// exist for them (404); a person of the municipality without one of
    /// these roles gets 403 with `why`. Every use case starts with this.
    pub fn require_role(
        &self,
        person: StaffId,
        round: crate::domain::ids::RoundId,
        allowed: &[Role],
        why: &str,
    ) -> Result<(crate::service::round_info::RoundInfo, Vec<Role>), ServiceError> {
        let (info, roles) = self.roles_for_round(person, round)?;
        if roles.is_empty() {
            return Err(ServiceError::NotFound("Deze ronde bestaat niet.".into()));
        }
        if !roles.iter().any(|r| allowed.contains(r)) {
            return Err(ServiceError::Forbidden(why.into()));
        }
        Ok((info, roles))
    }

    /// As [`Self::require_role`], for a use case on a municipality rather than
    /// a round: its name if the person has one of `allowed` there; 404 when
    /// they have no role there at all, 403 with `why` for another role.
    pub fn require_municipality_role(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
        allowed: &[Role],
        why: &str,
    ) -> Result<String, ServiceError> {
        let here: Vec<Membership> = self
            .memberships(person)?
            .into_iter()
            .filter(|m| m.municipality == municipality)
            .collect();
        let Some(first) = here.first() else {
            return Err(ServiceError::NotFound("Deze gemeente bestaat niet.".into()));
        };
        if !here.iter().any(|m| allowed.contains(&m.role)) {
            return Err(ServiceError::Forbidden(why.into()));
        }
        Ok(first.municipality_name.clone())
    }
}

/// One line of the audit log as the griffier sees it.
#[derive(Clone, Debug)]
pub struct AuditLine {
    pub at: jiff::Timestamp,
    pub who: Option<String>,
    pub action: String,
    pub detail: String,
}

impl Klankbord {
    /// The municipality's name and the newest lines of its audit log (who
    /// did what — never content), for its griffier.
    pub fn audit_log(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<(Vec<AuditLine>, String), ServiceError> {
        let mut conn = self.conn()?;
        let name =
            self.require_clerk_of(&mut conn, person, municipality, "Dit logboek bestaat niet.")?;
        let lines = staff::audit_of(&mut conn, &municipality.to_string(), 500)?
            .into_iter()
            .map(|(at, who, action, detail)| {
                Ok(AuditLine {
                    at: jiff::Timestamp::from_second(at)
                        .map_err(|_| crate::store::corrupt("audit_log.at"))?,
                    who,
                    action,
                    detail,
                })
            })
            .collect::<Result<_, ServiceError>>()?;
        Ok((lines, name))
    }
}

/// A released view as one person may read it.
pub struct ReadableResults {
    pub info: crate::service::round_info::RoundInfo,
    pub view: Box<crate::results::ReleasedView>,
    pub access: crate::domain::staff::ResultsAccess,
}

impl Klankbord {
    /// The results of a round for a signed-in person, as their roles and the
    /// sharing mode allow (`export`: the CSV, full readers only). Every read
    /// is written to the audit log. A round of another municipality does
    /// not exist for them.
    pub fn read_results(
        &self,
        person: StaffId,
        round: crate::domain::ids::RoundId,
        export: bool,
    ) -> Result<ReadableResults, ServiceError> {
        use crate::domain::staff::{ResultsAccess, results_access};
        let (info, roles) = self.roles_for_round(person, round)?;
        if roles.is_empty() {
            return Err(ServiceError::NotFound("Deze ronde bestaat niet.".into()));
        }
        let access = results_access(&roles, info.sharing, info.state);
        if access == ResultsAccess::None || (export && access != ResultsAccess::Full) {
            return Err(ServiceError::Forbidden(
                "U kunt deze uitkomsten (nog) niet inzien: uitkomsten zijn er pas na het sluiten van de ronde, en alleen voor wie de deelmodus van de burgemeester dat toestaat."
                    .into(),
            ));
        }
        let crate::service::results::RoundResults::Released(view) = self.results(round)? else {
            return Err(ServiceError::NotFound(
                "Deze ronde heeft geen gepubliceerde uitkomsten.".into(),
            ));
        };
        let what = match (export, access) {
            (true, _) => "CSV",
            (false, ResultsAccess::Full) => "volledig",
            (false, _) => "samenvatting",
        };
        self.audit(
            info.municipality_id,
            Some(person),
            if export {
                "export gedownload"
            } else {
                "uitkomsten bekeken"
            },
            &format!("{} — {what}", info.kind.label()),
        )?;
        Ok(ReadableResults { info, view, access })
    }
}

/// An audit entry inside a use case's own transaction: who did what in
/// which municipality (never answers or the content of feedback).
pub(crate) fn audit_in(
    c: &mut DbConnection,
    municipality: MunicipalityId,
    person: StaffId,
    action: &str,
    detail: &str,
    now: i64,
) -> Result<(), ServiceError> {
    staff::audit(
        c,
        &StaffId::random().to_string(),
        Some(&municipality.to_string()),
        Some(&person.to_string()),
        action,
        detail,
        now,
    )?;
    Ok(())
}

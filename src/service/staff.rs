//! Staff accounts and their memberships: who may sign in, in which
//! municipality, with which role.

use crate::domain::audit::{Actor, AuditAction, System};
use crate::domain::email::{EmailAddress, StaffEmail};
use crate::domain::ids::{MunicipalityId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::staff::Role;
use crate::domain::text::PersonName;
use crate::service::access::{Platform, RoundAccess};
use crate::service::{Klankbord, ServiceError};
use crate::store::staff::{self, StaffRow};
use crate::store::{DbConnection, audit, municipalities, parse_id, write_transaction};

/// A signed-in person's memberships, as the screens need them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub municipality: MunicipalityId,
    pub municipality_name: String,
    pub role: Role,
}

impl Klankbord {
    /// Creates a staff account, or finds the existing one with this address
    /// (a person needs to be a platform admin for it).
    pub fn create_staff(
        &self,
        actor: impl Into<Actor>,
        email: &EmailAddress,
        name: &PersonName,
        platform_admin: bool,
    ) -> Result<StaffId, ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, Platform, Permission::AdministerPlatform)?;
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

    /// Gives a person a role in a municipality (an explicit membership); a
    /// person acting needs [`Permission::ManagePeople`] there.
    pub fn add_membership(
        &self,
        actor: impl Into<Actor>,
        person: StaffId,
        municipality: MunicipalityId,
        role: Role,
    ) -> Result<(), ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, municipality, Permission::ManagePeople)?;
            self.grant_membership(c, actor, person, municipality, role)
                .map(|_| ())
        })
    }

    /// [`Self::add_membership`] inside the caller's transaction, written to
    /// the audit log as done `by` someone (or a system actor); whether the
    /// role is new (a role held already changes nothing).
    pub(crate) fn grant_membership(
        &self,
        c: &mut DbConnection,
        by: Actor,
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
            self.audit(
                c,
                municipality,
                by,
                AuditAction::RoleGranted,
                &format!("{}: {name}", role.label()),
            )?;
        }
        Ok(new)
    }

    /// A person's roles per municipality, in one query (every staff page
    /// reads them for its header).
    pub fn memberships(&self, person: StaffId) -> Result<Vec<Membership>, ServiceError> {
        let mut conn = self.conn()?;
        staff::memberships_named(&mut conn, &person.to_string())?
            .into_iter()
            .map(|(m, name, role)| {
                Ok(Membership {
                    municipality: parse_id(&m)?,
                    municipality_name: name,
                    role: Role::parse(&role)
                        .map_err(|_| crate::store::corrupt("memberships.role"))?,
                })
            })
            .collect()
    }
}

impl Klankbord {
    /// The rounds of every municipality a person has a role in, with those roles.
    pub fn staff_rounds(
        &self,
        person: StaffId,
    ) -> Result<Vec<(crate::service::round_info::RoundInfo, Vec<Role>)>, ServiceError> {
        let memberships = self.memberships(person)?;
        let mut municipalities: Vec<_> = memberships.iter().map(|m| m.municipality).collect();
        municipalities.sort();
        municipalities.dedup();
        // Only the rounds of their own municipalities (not every round on
        // the platform, each with its municipality, mayor and house style).
        self.rounds_of(&municipalities)?
            .into_iter()
            .map(|info| {
                let roles: Vec<Role> = memberships
                    .iter()
                    .filter(|m| m.municipality == info.municipality_id)
                    .map(|m| m.role)
                    .collect();
                Ok((info, roles))
            })
            .collect()
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

/// One line of the audit log as the griffier sees it.
#[derive(Clone, Debug)]
pub struct AuditLine {
    pub at: jiff::Timestamp,
    /// The person's name, or the system actor's (none: an older line
    /// written by the platform itself).
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
        let name = self
            .require(&mut conn, person, municipality, Permission::ReadAuditLog)?
            .name;
        let lines = audit::audit_of(&mut conn, municipality, 500)?
            .into_iter()
            .map(|(at, person, system, action, detail)| {
                let system = system
                    .map(|code| {
                        System::parse(&code)
                            .ok_or_else(|| crate::store::corrupt("audit_log.system_actor"))
                    })
                    .transpose()?;
                Ok(AuditLine {
                    at: jiff::Timestamp::from_second(at)
                        .map_err(|_| crate::store::corrupt("audit_log.at"))?,
                    who: person.or_else(|| system.map(|s| s.label().to_owned())),
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

/// How results are read: on the page, or downloaded as a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultsRead {
    Page,
    Csv,
    Json,
    Pdf,
}

/// Results to download, and when they were published (the PDF's date, so
/// the same view always gives the same bytes).
pub struct DownloadedResults {
    pub results: ReadableResults,
    pub published_at: jiff::Timestamp,
}

/// What else the reader of the dashboard may do there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResultsRights {
    /// The griffier: the round's own page exists for them.
    pub manage_round: bool,
    /// The delegation and the griffier: review and redact comments.
    pub redact_comments: bool,
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
        let read = if export {
            ResultsRead::Csv
        } else {
            ResultsRead::Page
        };
        Ok(self.read_results_as(person, round, read)?.0)
    }

    /// The results as a file to download (a download needs
    /// [`Permission::ExportResults`] and is in the audit log as an export),
    /// with the moment they were published.
    pub fn download_results(
        &self,
        person: StaffId,
        round: crate::domain::ids::RoundId,
        read: ResultsRead,
    ) -> Result<DownloadedResults, ServiceError> {
        let (results, _) = self.read_results_as(person, round, read)?;
        let published_at = crate::store::results::published_at(&mut *self.conn()?, round)?
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .ok_or_else(|| crate::store::corrupt("released_views.computed_at"))?;
        Ok(DownloadedResults {
            results,
            published_at,
        })
    }

    /// As [`Klankbord::read_results`], for any way of reading (a download
    /// needs [`Permission::ExportResults`]), with what else the person may
    /// do on the dashboard.
    pub fn read_results_as(
        &self,
        person: StaffId,
        round: crate::domain::ids::RoundId,
        read: ResultsRead,
    ) -> Result<(ReadableResults, ResultsRights), ServiceError> {
        use crate::domain::staff::{ResultsAccess, results_access};
        let permission = match read {
            ResultsRead::Page => Permission::ReadResults,
            ResultsRead::Csv | ResultsRead::Json | ResultsRead::Pdf => Permission::ExportResults,
        };
        let mut conn = self.conn()?;
        let RoundAccess { info, roles } = self.require(&mut conn, person, round, permission)?;
        let access = results_access(&roles, info.sharing, info.state);
        let crate::service::results::RoundResults::Released(view) = self.results(person, round)?
        else {
            return Err(ServiceError::NotFound(
                "Deze ronde heeft geen gepubliceerde uitkomsten.".into(),
            ));
        };
        let what = match (read, access) {
            (ResultsRead::Csv, _) => "CSV",
            (ResultsRead::Json, _) => "JSON",
            (ResultsRead::Pdf, _) => "PDF",
            (ResultsRead::Page, ResultsAccess::Full) => "volledig",
            (ResultsRead::Page, _) => "samenvatting",
        };
        let action = match read {
            ResultsRead::Page => AuditAction::ResultsViewed,
            ResultsRead::Csv | ResultsRead::Json | ResultsRead::Pdf => {
                AuditAction::ExportDownloaded
            }
        };
        let detail = format!("{} — {what}", info.kind.label());
        write_transaction(&mut conn, |c| {
            self.audit(c, info.municipality_id, person, action, &detail)
        })?;
        let rights = ResultsRights {
            manage_round: Permission::ManageRound.check(&roles, None).is_ok(),
            redact_comments: access == ResultsAccess::Full
                && Permission::RedactComments.check(&roles, None).is_ok(),
        };
        Ok((ReadableResults { info, view, access }, rights))
    }
}

impl Klankbord {
    /// Every round of a municipality, newest closing first, with its name:
    /// for its griffier.
    pub fn municipality_rounds(
        &self,
        person: StaffId,
        municipality: MunicipalityId,
    ) -> Result<(String, Vec<crate::service::round_info::RoundInfo>), ServiceError> {
        let mut conn = self.conn()?;
        let name = self
            .require(&mut conn, person, municipality, Permission::ManageRound)?
            .name;
        let rounds = crate::store::rounds::list_rounds(&mut conn, Some(municipality))?
            .into_iter()
            .map(|r| crate::service::round_info::from_row(&mut conn, r))
            .collect::<Result<_, _>>()?;
        Ok((name, rounds))
    }
}

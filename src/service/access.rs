//! One way to authorise and to audit. Every use case a person triggers
//! starts with [`Klankbord::require`] for its [`Permission`] and writes its
//! [`AuditAction`] with [`Klankbord::audit`] in its own transaction. The
//! command line, the background task and the demo act as a named
//! [`System`](crate::domain::audit::System) actor: trusted, and named in
//! the audit log instead of a person.

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::ids::{MunicipalityId, ProvinceId, RoundId, StaffId};
use crate::domain::permission::{Permission, Refusal, RoundFacts};
use crate::domain::province::may_open_province;
use crate::domain::staff::Role;
use crate::service::round_info::{self, RoundInfo};
use crate::service::{Klankbord, ServiceError};
use crate::store::{DbConnection, StoreError, audit, corrupt, municipalities, provinces, staff};

/// A round someone may act on, with their roles in its municipality (none
/// for a system actor).
pub(crate) struct RoundAccess {
    pub info: RoundInfo,
    pub roles: Vec<Role>,
}

/// A municipality someone may act on: its name.
pub(crate) struct MunicipalityAccess {
    pub name: String,
}

/// The platform as a whole (the platform admin's pages).
pub(crate) struct Platform;

/// A province whose kabinet someone is.
pub(crate) struct ProvinceAccess {
    pub province: crate::store::provinces::ProvinceRow,
}

/// What a permission is checked against.
pub(crate) trait Scope {
    type Granted;
    fn grant(
        self,
        c: &mut DbConnection,
        actor: Actor,
        permission: Permission,
    ) -> Result<Self::Granted, ServiceError>;
}

/// A person's roles in one municipality.
pub(crate) fn roles_in(
    c: &mut DbConnection,
    person: StaffId,
    municipality: MunicipalityId,
) -> Result<Vec<Role>, ServiceError> {
    let here = municipality.to_string();
    staff::memberships_of(c, &person.to_string())?
        .into_iter()
        .filter(|(m, _)| *m == here)
        .map(|(_, role)| Role::parse(&role).map_err(|_| corrupt("memberships.role").into()))
        .collect()
}

/// The verdict for a person: without any role here the thing does not
/// exist for them (404, `missing`); otherwise the permission decides.
fn decide(
    roles: &[Role],
    permission: Permission,
    facts: Option<&RoundFacts>,
    missing: &str,
) -> Result<(), ServiceError> {
    decide_in(roles, permission, facts, missing, None)
}

/// [`decide`], with the round (for a refusal that says when it closes).
fn decide_in(
    roles: &[Role],
    permission: Permission,
    facts: Option<&RoundFacts>,
    missing: &str,
    round: Option<&RoundInfo>,
) -> Result<(), ServiceError> {
    if roles.is_empty() {
        return Err(ServiceError::NotFound(match permission.refusal() {
            Refusal::Hidden(text) => text.into(),
            Refusal::Forbidden(_) | Refusal::NotClosed(_) => missing.into(),
        }));
    }
    permission.check(roles, facts).map_err(|r| match r {
        Refusal::Forbidden(text) => ServiceError::Forbidden(text.into()),
        Refusal::Hidden(text) => ServiceError::NotFound(text.into()),
        Refusal::NotClosed(text) => ServiceError::Forbidden(match round {
            // Not closed: it closes at its planned moment (or, if that
            // passed, within the background task's minute).
            Some(info) => format!(
                "{text} {}",
                crate::dutch::closing_sentence(crate::domain::schedule::Closing::At(
                    info.closes_at
                ))
            ),
            None => text.into(),
        }),
    })
}

impl Scope for RoundId {
    type Granted = RoundAccess;
    fn grant(
        self,
        c: &mut DbConnection,
        actor: Actor,
        permission: Permission,
    ) -> Result<RoundAccess, ServiceError> {
        let info = round_info::load(c, self)?;
        let Actor::Person(person) = actor else {
            return Ok(RoundAccess {
                info,
                roles: Vec::new(),
            });
        };
        let roles = roles_in(c, person, info.municipality_id)?;
        let facts = RoundFacts {
            state: info.state,
            sharing: info.sharing,
            mayor_sees_raters: info.mayor_sees_raters,
        };
        decide_in(
            &roles,
            permission,
            Some(&facts),
            "Deze ronde bestaat niet.",
            Some(&info),
        )?;
        Ok(RoundAccess { info, roles })
    }
}

impl Scope for MunicipalityId {
    type Granted = MunicipalityAccess;
    fn grant(
        self,
        c: &mut DbConnection,
        actor: Actor,
        permission: Permission,
    ) -> Result<MunicipalityAccess, ServiceError> {
        if let Actor::Person(person) = actor {
            let roles = roles_in(c, person, self)?;
            decide(&roles, permission, None, "Deze gemeente bestaat niet.")?;
        }
        let name = match municipalities::get_municipality(c, self).map_err(StoreError::from) {
            Ok(m) => m.name,
            Err(StoreError::NotFound) => {
                return Err(ServiceError::NotFound("Deze gemeente bestaat niet.".into()));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(MunicipalityAccess { name })
    }
}

impl Scope for Platform {
    type Granted = ();
    fn grant(
        self,
        c: &mut DbConnection,
        actor: Actor,
        permission: Permission,
    ) -> Result<(), ServiceError> {
        let Actor::Person(person) = actor else {
            return Ok(());
        };
        let admin = match staff::get(c, &person.to_string()).map_err(StoreError::from) {
            Ok(row) => row.platform_admin != 0,
            Err(StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        };
        if admin {
            Ok(())
        } else {
            Err(ServiceError::NotFound(permission.refusal().text().into()))
        }
    }
}

/// The kabinet's pages: only its own members, whatever roles they have in
/// municipalities; 404 for everyone else.
impl Scope for ProvinceId {
    type Granted = ProvinceAccess;
    fn grant(
        self,
        c: &mut DbConnection,
        actor: Actor,
        permission: Permission,
    ) -> Result<ProvinceAccess, ServiceError> {
        let hidden = || ServiceError::NotFound(permission.refusal().text().into());
        if let Actor::Person(person) = actor {
            let kabinet_of: Vec<ProvinceId> = provinces::kabinet_of(c, person)?
                .into_iter()
                .map(|(p, _)| p)
                .collect();
            if permission != Permission::ActAsKabinet || !may_open_province(&kabinet_of, self) {
                return Err(hidden());
            }
        }
        let province = provinces::get(c, self)?.ok_or_else(hidden)?;
        Ok(ProvinceAccess { province })
    }
}

impl Klankbord {
    /// The one check of every use case: the actor may do `permission` in
    /// `scope` (a round, a municipality, a province or the platform). A person without
    /// a role there gets 404 (the round or municipality does not exist for
    /// them); one whose roles do not grant it 403 with the permission's
    /// reason (404 for the pages that hide themselves). A system actor
    /// passes.
    pub(crate) fn require<S: Scope>(
        &self,
        c: &mut DbConnection,
        actor: impl Into<Actor>,
        scope: S,
        permission: Permission,
    ) -> Result<S::Granted, ServiceError> {
        scope.grant(c, actor.into(), permission)
    }

    /// Writes one line of a municipality's audit log in the caller's
    /// transaction: who (a person or a system actor) did what.
    pub(crate) fn audit(
        &self,
        c: &mut DbConnection,
        municipality: MunicipalityId,
        actor: impl Into<Actor>,
        action: AuditAction,
        detail: &str,
    ) -> Result<(), ServiceError> {
        audit::write(
            c,
            Some(municipality),
            actor.into(),
            action,
            detail,
            self.now_secs(),
        )?;
        Ok(())
    }
}

/// A second permission for roles already found with [`Klankbord::require`]
/// (a use case whose steps need different ones): 403 with its reason.
pub(crate) fn also(roles: &[Role], permission: Permission) -> Result<(), ServiceError> {
    decide(roles, permission, None, "Deze ronde bestaat niet.")
}

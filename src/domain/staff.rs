//! Staff: who runs and reads a round, and what each role may see.

use crate::domain::round::RoundState;
use crate::domain::sharing::SharingMode;

/// A role within one municipality (an explicit membership).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// De griffier: administers the rounds; sees who answered, never what.
    Clerk,
    /// Voorzitter van de klankbordcommissie.
    Chair,
    /// Lid van de klankbordcommissie.
    DelegationMember,
    /// De burgemeester.
    Mayor,
    /// Raadslid (outside the delegation): sees a summary if the sharing mode allows.
    CouncilMember,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "Onbekende rol '{0}'. Kies uit: griffier, voorzitter, delegatielid, burgemeester, raadslid."
)]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Clerk,
        Role::Chair,
        Role::DelegationMember,
        Role::Mayor,
        Role::CouncilMember,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "griffier",
            Role::Chair => "voorzitter",
            Role::DelegationMember => "delegatielid",
            Role::Mayor => "burgemeester",
            Role::CouncilMember => "raadslid",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Clerk => "Griffier",
            Role::Chair => "Voorzitter klankbordcommissie",
            Role::DelegationMember => "Lid klankbordcommissie",
            Role::Mayor => "Burgemeester",
            Role::CouncilMember => "Raadslid",
        }
    }

    pub fn parse(code: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == code.trim())
            .ok_or_else(|| UnknownRole(code.trim().to_owned()))
    }

    /// Members of the klankbordcommissie.
    pub fn is_delegation(self) -> bool {
        matches!(self, Role::Chair | Role::DelegationMember)
    }
}

/// How much of a round's results someone may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResultsAccess {
    None,
    /// The overview only (response and main signals): the whole council.
    Summary,
    /// The whole dashboard and the exports.
    Full,
}

/// The access rule (issue 4, item 9): nothing while a round is open; after
/// close the delegation and its secretary (the griffier) always, the
/// burgemeester and the council only as the sharing mode says.
pub fn results_access(roles: &[Role], sharing: SharingMode, state: RoundState) -> ResultsAccess {
    if state != RoundState::Closed {
        return ResultsAccess::None;
    }
    roles
        .iter()
        .map(|role| match role {
            Role::Clerk | Role::Chair | Role::DelegationMember => ResultsAccess::Full,
            Role::Mayor if sharing >= SharingMode::AlsoMayor => ResultsAccess::Full,
            Role::CouncilMember if sharing == SharingMode::AlsoCouncil => ResultsAccess::Summary,
            Role::Mayor | Role::CouncilMember => ResultsAccess::None,
        })
        .max()
        .unwrap_or(ResultsAccess::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_only_what_the_sharing_mode_allows_and_only_after_close() {
        for role in Role::ALL {
            for mode in SharingMode::ALL {
                assert_eq!(
                    results_access(&[role], mode, RoundState::Open),
                    ResultsAccess::None
                );
                let expected = match (role, mode) {
                    (Role::Clerk | Role::Chair | Role::DelegationMember, _) => ResultsAccess::Full,
                    (Role::Mayor, SharingMode::DelegationOnly) => ResultsAccess::None,
                    (Role::Mayor, _) => ResultsAccess::Full,
                    (Role::CouncilMember, SharingMode::AlsoCouncil) => ResultsAccess::Summary,
                    (Role::CouncilMember, _) => ResultsAccess::None,
                };
                assert_eq!(
                    results_access(&[role], mode, RoundState::Closed),
                    expected,
                    "{role:?} {mode:?}"
                );
            }
        }
        assert_eq!(
            results_access(&[], SharingMode::AlsoCouncil, RoundState::Closed),
            ResultsAccess::None
        );
    }

    #[test]
    fn roles_round_trip_their_codes() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Ok(r));
        }
        assert!(Role::parse("wethouder").is_err());
    }
}

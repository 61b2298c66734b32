//! The confidential dossier over one burgemeester's term (handreiking, stap
//! 4: "het verslag is vertrouwelijk"): who may open it, and which of its
//! gesprekken each reader sees. Pure; the service finds the facts (roles,
//! whether the reader is the burgemeester of the term, in which gesprekken
//! they took part, the municipality's setting) and checks them here.

use crate::domain::staff::Role;

/// Why someone of the municipality may not open a dossier (403).
pub const REFUSAL: &str = "Het dossier is alleen voor de griffier, de burgemeester over wie het gaat, de raadsleden die aan een gesprek deelnamen en (als de gemeente dat toestaat) de klankbordcommissie.";

/// Who is reading, as the rule needs it.
#[derive(Clone, Copy, Debug)]
pub struct DossierReader<'a> {
    /// Their roles in the municipality (not empty: without a role the
    /// dossier does not exist for them).
    pub roles: &'a [Role],
    /// They are the burgemeester of this term: an account with the role
    /// burgemeester and the e-mail address of this burgemeester. A later
    /// burgemeester is not.
    pub term_mayor: bool,
    /// They took part in at least one gesprek of this term.
    pub took_part_any: bool,
    /// The municipality lets the current klankbordcommissie read earlier
    /// verslagen (`VerslagSettings::commission_reads_earlier`, default on).
    pub commission_reads_earlier: bool,
}

/// How much of the dossier a reader sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DossierScope {
    /// Every gesprek of the term: the griffier, the burgemeester of the
    /// term, and (when allowed) the current klankbordcommissie.
    Whole,
    /// Only the gesprekken they took part in (a raadslid of an earlier
    /// klankbordcommissie, or the commissie when the setting is off).
    OwnGesprekken,
}

/// Whether the reader may open the dossier, and how much of it: `None` is
/// a refusal ([`REFUSAL`]).
pub fn dossier_scope(reader: &DossierReader) -> Option<DossierScope> {
    if reader.roles.is_empty() {
        return None;
    }
    let clerk = reader.roles.contains(&Role::Clerk);
    let term_mayor = reader.term_mayor && reader.roles.contains(&Role::Mayor);
    let commission =
        reader.commission_reads_earlier && reader.roles.iter().any(|r| r.is_delegation());
    if clerk || term_mayor || commission {
        Some(DossierScope::Whole)
    } else if reader.took_part_any {
        Some(DossierScope::OwnGesprekken)
    } else {
        None
    }
}

/// Whether a reader with `scope` sees the entries of one gesprek.
pub fn sees_gesprek(scope: DossierScope, took_part: bool) -> bool {
    match scope {
        DossierScope::Whole => true,
        DossierScope::OwnGesprekken => took_part,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(
        roles: &[Role],
        term_mayor: bool,
        took_part_any: bool,
        earlier: bool,
    ) -> Option<DossierScope> {
        dossier_scope(&DossierReader {
            roles,
            term_mayor,
            took_part_any,
            commission_reads_earlier: earlier,
        })
    }

    #[test]
    fn the_griffier_and_the_burgemeester_of_the_term_read_all_of_it() {
        assert_eq!(
            reader(&[Role::Clerk], false, false, false),
            Some(DossierScope::Whole)
        );
        assert_eq!(
            reader(&[Role::Mayor], true, false, false),
            Some(DossierScope::Whole)
        );
    }

    #[test]
    fn a_later_burgemeester_does_not() {
        assert_eq!(reader(&[Role::Mayor], false, false, true), None);
        // The address alone is not enough: the account needs the role too.
        assert_eq!(reader(&[Role::CouncilMember], true, false, true), None);
    }

    #[test]
    fn the_commissie_reads_earlier_gesprekken_only_when_the_municipality_allows_it() {
        for role in [Role::Chair, Role::DelegationMember] {
            assert_eq!(
                reader(&[role], false, false, true),
                Some(DossierScope::Whole)
            );
            assert_eq!(reader(&[role], false, false, false), None);
            assert_eq!(
                reader(&[role], false, true, false),
                Some(DossierScope::OwnGesprekken)
            );
        }
    }

    #[test]
    fn a_raadslid_reads_only_the_gesprekken_they_took_part_in() {
        assert_eq!(reader(&[Role::CouncilMember], false, false, true), None);
        let scope = reader(&[Role::CouncilMember], false, true, true);
        assert_eq!(scope, Some(DossierScope::OwnGesprekken));
        assert!(sees_gesprek(DossierScope::OwnGesprekken, true));
        assert!(!sees_gesprek(DossierScope::OwnGesprekken, false));
        assert!(sees_gesprek(DossierScope::Whole, false));
    }

    #[test]
    fn nobody_without_a_role_reads_it() {
        assert_eq!(reader(&[], true, true, true), None);
        assert_eq!(reader(&[], false, false, true), None);
    }
}

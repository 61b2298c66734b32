//! Referentengroepen: raters grouped by their relation to the burgemeester.

use crate::domain::ids::GroupId;

/// The groups every new round starts with. A round stores its own copies
/// (name, description), so a griffier can rename or add groups later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DefaultGroup {
    Council,
    Executive,
    CivilService,
    SafetyPartners,
    ExternalPartners,
    SelfAssessment,
}

impl DefaultGroup {
    pub const ALL: [DefaultGroup; 6] = [
        Self::Council,
        Self::Executive,
        Self::CivilService,
        Self::SafetyPartners,
        Self::ExternalPartners,
        Self::SelfAssessment,
    ];

    /// Every group of referenten (all but the self-assessment).
    pub const RATERS: [DefaultGroup; 5] = [
        Self::Council,
        Self::Executive,
        Self::CivilService,
        Self::SafetyPartners,
        Self::ExternalPartners,
    ];

    /// The stable key, also used in CSV imports (`groep` column).
    pub fn key(self) -> &'static str {
        match self {
            Self::Council => "gemeenteraad",
            Self::Executive => "college",
            Self::CivilService => "ambtelijke-organisatie",
            Self::SafetyPartners => "veiligheidspartners",
            Self::ExternalPartners => "externe-partners",
            Self::SelfAssessment => "zelfevaluatie",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Council => "Gemeenteraad",
            Self::Executive => "College",
            Self::CivilService => "Ambtelijke organisatie",
            Self::SafetyPartners => "Veiligheidspartners",
            Self::ExternalPartners => "Externe partners",
            Self::SelfAssessment => "Zelfevaluatie burgemeester",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Council => "Raadsleden",
            Self::Executive => "Wethouders en de gemeentesecretaris",
            Self::CivilService => "Ambtenaren die met de burgemeester werken",
            Self::SafetyPartners => "Politie, officier van justitie en veiligheidsregio",
            Self::ExternalPartners => {
                "Samenwerkingspartners buiten de gemeente, zoals buurgemeenten, ondernemers en maatschappelijke organisaties"
            }
            Self::SelfAssessment => "De burgemeester zelf",
        }
    }

    pub fn is_self(self) -> bool {
        self == Self::SelfAssessment
    }
}

/// A group of one round, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaterGroup {
    pub id: GroupId,
    pub key: String,
    pub name: String,
    pub description: String,
    pub is_self: bool,
}

/// Finds a group by its key or its name, ignoring case, spaces and dashes
/// ("Ambtelijke organisatie" matches `ambtelijke-organisatie`).
pub fn find_group<'a>(groups: &'a [RaterGroup], input: &str) -> Option<&'a RaterGroup> {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let wanted = norm(input);
    if wanted.is_empty() {
        return None;
    }
    groups
        .iter()
        .find(|g| norm(&g.key) == wanted || norm(&g.name) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Vec<RaterGroup> {
        DefaultGroup::ALL
            .iter()
            .map(|d| RaterGroup {
                id: GroupId::random(),
                key: d.key().into(),
                name: d.name().into(),
                description: d.description().into(),
                is_self: d.is_self(),
            })
            .collect()
    }

    #[test]
    fn groups_are_found_by_key_or_name_loosely() {
        let g = groups();
        assert_eq!(
            find_group(&g, "Ambtelijke organisatie").unwrap().key,
            "ambtelijke-organisatie"
        );
        assert_eq!(
            find_group(&g, "VEILIGHEIDSPARTNERS").unwrap().key,
            "veiligheidspartners"
        );
        assert!(find_group(&g, "pers").is_none());
        assert!(find_group(&g, " - ").is_none());
    }
}

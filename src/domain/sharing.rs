//! Deelmodus: who may see the results besides the delegation.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SharingMode {
    /// Only the klankbordcommissie (and the griffier as its secretary).
    DelegationOnly,
    /// The delegation and the burgemeester.
    AlsoMayor,
    /// The delegation, the burgemeester and, as a summary, the whole council.
    AlsoCouncil,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "Onbekende deelmodus '{0}'. Kies uit: alleen-commissie, ook-burgemeester, ook-gemeenteraad."
)]
pub struct UnknownSharingMode(pub String);

impl SharingMode {
    pub const ALL: [SharingMode; 3] = [Self::DelegationOnly, Self::AlsoMayor, Self::AlsoCouncil];

    pub fn code(self) -> &'static str {
        match self {
            Self::DelegationOnly => "alleen-commissie",
            Self::AlsoMayor => "ook-burgemeester",
            Self::AlsoCouncil => "ook-gemeenteraad",
        }
    }

    pub fn parse(code: &str) -> Result<Self, UnknownSharingMode> {
        Self::ALL
            .into_iter()
            .find(|m| m.code() == code.trim())
            .ok_or_else(|| UnknownSharingMode(code.trim().to_owned()))
    }

    /// One plain-Dutch sentence for invitations and the form.
    pub fn who_sees(self) -> &'static str {
        match self {
            Self::DelegationOnly => {
                "Alleen de klankbordcommissie van de gemeenteraad ziet de uitkomsten. De burgemeester krijgt de uitkomsten niet te zien."
            }
            Self::AlsoMayor => {
                "De klankbordcommissie van de gemeenteraad en de burgemeester zien de uitkomsten."
            }
            Self::AlsoCouncil => {
                "De klankbordcommissie en de burgemeester zien de uitkomsten. De hele gemeenteraad krijgt een samenvatting."
            }
        }
    }

    /// A mode may only be changed to a stricter one once invitations are out.
    pub fn is_at_least_as_strict_as(self, other: SharingMode) -> bool {
        self <= other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for m in SharingMode::ALL {
            assert_eq!(SharingMode::parse(m.code()), Ok(m));
        }
        assert!(SharingMode::parse("iedereen").is_err());
    }

    #[test]
    fn strictness_orders_delegation_only_first() {
        assert!(SharingMode::DelegationOnly.is_at_least_as_strict_as(SharingMode::AlsoMayor));
        assert!(!SharingMode::AlsoCouncil.is_at_least_as_strict_as(SharingMode::AlsoMayor));
    }
}

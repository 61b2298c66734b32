//! A municipality's own look (*huisstijl*): which parts it has. The parts
//! themselves are [`crate::domain::design_tokens`] and [`crate::domain::logo`].

use crate::domain::ids::MunicipalityId;

/// Which parts of its look a municipality has, and their version (it grows
/// with every change, so the links of pages change and caches follow).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HouseStyleStamp {
    pub municipality: MunicipalityId,
    pub has_tokens: bool,
    pub has_logo: bool,
    pub version: i64,
}

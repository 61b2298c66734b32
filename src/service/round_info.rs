//! A round with its municipality and mayor, as every screen and mail shows it.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::domain::house_style::HouseStyleStamp;
use crate::domain::ids::{MunicipalityId, RoundId};
use crate::domain::round::{MinGroupSize, RoundKind, RoundState};
use crate::domain::sharing::SharingMode;
use crate::service::ServiceError;
use crate::store::{DbConnection, corrupt, house_styles, municipalities, rounds};

#[derive(Clone, Debug)]
pub struct RoundInfo {
    pub id: RoundId,
    pub municipality_id: MunicipalityId,
    pub municipality: String,
    pub clerk_name: String,
    pub clerk_email: String,
    pub mayor_name: String,
    pub kind: RoundKind,
    pub state: RoundState,
    pub opens_on: Date,
    pub closes_at: Timestamp,
    pub meeting_on: Date,
    pub min_group_size: MinGroupSize,
    pub sharing: SharingMode,
    /// Whether the burgemeester sees the final list of referenten.
    pub mayor_sees_raters: bool,
    /// The municipality's own look, if it has one (for the page links).
    pub house_style: Option<HouseStyleStamp>,
}

impl RoundInfo {
    /// The fewest respondents a group needs to be shown apart (`k + c`,
    /// anonymity.md step 1): what the invitation and the form promise.
    pub fn shown_apart_from(&self) -> u32 {
        crate::anonymity::forecast::needed_apart(
            &crate::anonymity::Params {
                k: self.min_group_size.get(),
                ..crate::anonymity::Params::DEFAULT
            },
            crate::service::results::DEFAULT_COALITION,
        )
    }

    /// Whether referenten can still answer at `now`.
    pub fn accepts_answers(&self, now: Timestamp) -> bool {
        self.state.accepts_answers(self.closes_at, now)
    }
}

pub(crate) fn load(conn: &mut DbConnection, id: RoundId) -> Result<RoundInfo, ServiceError> {
    let (row, m, mayor) = rounds::get_round_with_owners(conn, id)?
        .ok_or_else(|| ServiceError::NotFound(format!("Ronde {id} bestaat niet.")))?;
    assemble(conn, row, m, mayor)
}

/// Whether the round takes answers at `now`, from its own row alone (what a
/// submit checks again under the round's lock).
pub(crate) fn accepts_answers(
    conn: &mut DbConnection,
    id: RoundId,
    now: Timestamp,
) -> Result<bool, ServiceError> {
    let row = rounds::get_round(conn, id)?
        .ok_or_else(|| ServiceError::NotFound(format!("Ronde {id} bestaat niet.")))?;
    let closes_at =
        Timestamp::from_second(row.closes_at).map_err(|_| corrupt("rounds.closes_at"))?;
    Ok(row.state.accepts_answers(closes_at, now))
}

pub(crate) fn from_row(
    conn: &mut DbConnection,
    row: rounds::RoundRow,
) -> Result<RoundInfo, ServiceError> {
    let m = municipalities::get_municipality(conn, row.municipality_id)?;
    let mayor = municipalities::get_mayor(conn, row.mayor_id)?;
    assemble(conn, row, m, mayor)
}

fn assemble(
    conn: &mut DbConnection,
    row: rounds::RoundRow,
    m: municipalities::MunicipalityRow,
    mayor: municipalities::MayorRow,
) -> Result<RoundInfo, ServiceError> {
    let date = |s: &str, col: &str| s.parse::<Date>().map_err(|_| corrupt(col));
    Ok(RoundInfo {
        id: row.id,
        municipality_id: row.municipality_id,
        municipality: m.name,
        clerk_name: m.clerk_name,
        clerk_email: m.clerk_email,
        mayor_name: mayor.name,
        kind: row.kind,
        state: row.state,
        opens_on: date(&row.opens_on, "rounds.opens_on")?,
        closes_at: Timestamp::from_second(row.closes_at)
            .map_err(|_| corrupt("rounds.closes_at"))?,
        meeting_on: date(&row.meeting_on, "rounds.meeting_on")?,
        min_group_size: u32::try_from(row.min_group_size)
            .ok()
            .and_then(|k| MinGroupSize::new(k).ok())
            .ok_or_else(|| corrupt("rounds.min_group_size"))?,
        sharing: row.sharing_mode,
        mayor_sees_raters: row.mayor_sees_raters != 0,
        house_style: house_styles::stamp(conn, row.municipality_id)?,
    })
}

/// Locks the round for this transaction and loads it, refusing (409 with
/// `why`) when it is closed: the opening of every change to a round.
pub(crate) fn lock_unclosed(
    conn: &mut DbConnection,
    id: RoundId,
    why: &str,
) -> Result<RoundInfo, ServiceError> {
    rounds::lock_round(conn, id)?;
    let info = load(conn, id)?;
    if info.state == RoundState::Closed {
        return Err(ServiceError::Conflict(why.into()));
    }
    Ok(info)
}

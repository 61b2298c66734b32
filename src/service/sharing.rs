//! The burgemeester's choice of who sees the results besides the
//! delegation. Free while the round is prepared; once the first invitation
//! is out (it states the choice) only stricter; every change is recorded.

use crate::domain::ids::{RoundId, StaffId};
use crate::domain::round::RoundState;
use crate::domain::sharing::SharingMode;
use crate::domain::staff::Role;
use crate::service::{Klankbord, ServiceError, round_info};
use crate::store::{rounds, staff, write_transaction};

pub(crate) const ONLY_MAYOR: &str = "Alleen de burgemeester kan dit doen.";

impl Klankbord {
    /// The burgemeester's choice from the screens (only they may make it).
    pub fn choose_sharing_mode(
        &self,
        person: StaffId,
        round: RoundId,
        mode: SharingMode,
    ) -> Result<(), ServiceError> {
        self.require_role(person, round, &[Role::Mayor], ONLY_MAYOR)?;
        self.set_sharing_mode(round, mode, Some(person))
    }

    /// Sets the mode; `by` is the person for the audit log (none from the CLI).
    pub fn set_sharing_mode(
        &self,
        round: RoundId,
        mode: SharingMode,
        by: Option<StaffId>,
    ) -> Result<(), ServiceError> {
        let now = self.now_secs();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            rounds::lock_round(c, round)?;
            let info = round_info::load(c, round)?;
            if info.sharing == mode {
                return Ok(());
            }
            if info.state != RoundState::Draft && !mode.is_at_least_as_strict_as(info.sharing) {
                return Err(ServiceError::Conflict(
                    "De uitnodigingen zijn al verstuurd met de huidige keuze. U kunt de uitkomsten nu alleen nog aan minder mensen laten zien, niet aan meer."
                        .into(),
                ));
            }
            rounds::set_sharing_mode(c, round, mode)?;
            staff::audit(
                c,
                &StaffId::random().to_string(),
                Some(&info.municipality_id.to_string()),
                by.map(|b| b.to_string()).as_deref(),
                "deelmodus gewijzigd",
                &format!("{} → {}", info.sharing.code(), mode.code()),
                now,
            )?;
            Ok(())
        })
    }
}

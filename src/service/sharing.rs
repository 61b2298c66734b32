//! The burgemeester's choice of who sees the results besides the
//! delegation. Free while the round is prepared; once the first invitation
//! is out (it states the choice) only stricter; every change is recorded.

use crate::domain::audit::{Actor, AuditAction};
use crate::domain::ids::{RoundId, StaffId};
use crate::domain::permission::Permission;
use crate::domain::round::RoundState;
use crate::domain::sharing::SharingMode;
use crate::service::round_info::RoundInfo;
use crate::service::{Klankbord, ServiceError, round_info};
use crate::store::{rounds, write_transaction};

impl Klankbord {
    /// The round as the page of the choice shows it, for its burgemeester.
    pub fn sharing_choice(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<RoundInfo, ServiceError> {
        let mut conn = self.conn()?;
        Ok(self
            .require(&mut conn, person, round, Permission::ChooseSharingMode)?
            .info)
    }

    /// Sets the mode: the burgemeester's choice from the screens, or a
    /// system actor's; in the audit log with old → new.
    pub fn choose_sharing_mode(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
        mode: SharingMode,
    ) -> Result<(), ServiceError> {
        let actor = actor.into();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, round, Permission::ChooseSharingMode)?;
            rounds::lock_round(c, round)?;
            let info = round_info::load(c, round)?;
            if info.state == RoundState::Closed {
                return Err(ServiceError::Conflict(
                    "De ronde is gesloten; wie de uitkomsten ziet, ligt vast.".into(),
                ));
            }
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
            self.audit(
                c,
                info.municipality_id,
                actor,
                AuditAction::SharingModeChanged,
                &format!("{} → {}", info.sharing.code(), mode.code()),
            )
        })
    }
}

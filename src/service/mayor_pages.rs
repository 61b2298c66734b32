//! What the burgemeester's own pages read, guarded here (not in the web
//! layer): the round for the sharing-mode form, and the self-assessment's
//! statements.

use crate::domain::ids::{RoundId, StaffId};
use crate::domain::questionnaire::Questionnaire;
use crate::domain::staff::Role;
use crate::service::round_info::RoundInfo;
use crate::service::sharing::ONLY_MAYOR;
use crate::service::{Klankbord, ServiceError};

impl Klankbord {
    /// The round, for its burgemeester's choice of sharing mode.
    pub fn sharing_page(&self, person: StaffId, round: RoundId) -> Result<RoundInfo, ServiceError> {
        let (info, _) = self.require_role(person, round, &[Role::Mayor], ONLY_MAYOR)?;
        Ok(info)
    }

    /// The round and the statements of its self-assessment, for its burgemeester.
    pub fn self_assessment_page(
        &self,
        person: StaffId,
        round: RoundId,
    ) -> Result<(RoundInfo, Questionnaire), ServiceError> {
        let (info, _) = self.require_role(person, round, &[Role::Mayor], ONLY_MAYOR)?;
        Ok((info, self.self_questionnaire(round)?))
    }
}

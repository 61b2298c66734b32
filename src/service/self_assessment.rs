//! The burgemeester's self-assessment: the same statements, answered once,
//! sealed like a response, of the round's self-assessment group. It never
//! counts in any figure of the referenten (anonymity.md, step 4).

use crate::domain::answers::{InvalidSubmission, parse_submission};
use crate::domain::ids::{RoundId, StaffId};
use crate::domain::questionnaire::Questionnaire;
use crate::domain::response::{Response, padded_len};
use crate::domain::staff::Role;
use crate::service::{Klankbord, ServiceError, round_info, sealed_storage};
use crate::store::{questionnaire, rounds, sealed, write_transaction};

#[derive(Debug)]
pub enum SelfOutcome {
    Saved,
    Invalid(InvalidSubmission),
}

impl Klankbord {
    /// The burgemeester fills in the self-assessment from the screens: only
    /// they may, and the audit log records that (never what) they answered.
    pub fn self_assessment_by(
        &self,
        person: StaffId,
        round: RoundId,
        fields: &[(String, String)],
    ) -> Result<SelfOutcome, ServiceError> {
        let (info, _) = self.require_role(
            person,
            round,
            &[Role::Mayor],
            crate::service::sharing::ONLY_MAYOR,
        )?;
        let outcome = self.submit_self_assessment(round, fields)?;
        if matches!(outcome, SelfOutcome::Saved) {
            self.audit(
                info.municipality_id,
                Some(person),
                "zelfevaluatie ingevuld",
                "",
            )?;
        }
        Ok(outcome)
    }

    /// The statements of the self-assessment (every item of the round).
    pub fn self_questionnaire(&self, round: RoundId) -> Result<Questionnaire, ServiceError> {
        let mut conn = self.conn()?;
        let group = rounds::groups_of(&mut conn, round)?
            .into_iter()
            .find(|g| g.is_self)
            .ok_or_else(|| ServiceError::Conflict("Deze ronde heeft geen zelfevaluatie.".into()))?;
        Ok(questionnaire::load(&mut conn, round)?.for_group(group.id))
    }

    /// Stores the self-assessment once, while the round takes answers.
    pub fn submit_self_assessment(
        &self,
        round: RoundId,
        fields: &[(String, String)],
    ) -> Result<SelfOutcome, ServiceError> {
        let now = self.now();
        let q = self.self_questionnaire(round)?;
        let submission = match parse_submission(&q, fields) {
            Ok(s) => s,
            Err(invalid) => return Ok(SelfOutcome::Invalid(invalid)),
        };
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            rounds::lock_round(c, round)?;
            let info = round_info::load(c, round)?;
            if !info.accepts_answers(now) {
                return Err(ServiceError::Conflict(
                    "De vragenlijst is gesloten; de zelfevaluatie kan niet meer worden ingevuld."
                        .into(),
                ));
            }
            let group = rounds::groups_of(c, round)?
                .into_iter()
                .find(|g| g.is_self)
                .ok_or_else(|| {
                    ServiceError::Conflict("Deze ronde heeft geen zelfevaluatie.".into())
                })?;
            if !sealed::mark_self_assessed(c, round)? {
                return Err(ServiceError::Conflict(
                    "De zelfevaluatie is al ingevuld. Die kan maar één keer worden ingevuld."
                        .into(),
                ));
            }
            let record_len = padded_len(&questionnaire::load(c, round)?);
            sealed_storage::store_response(
                c,
                self.key(),
                round,
                record_len,
                &Response::new(group.id, submission),
            )?;
            tracing::info!(outcome = "saved", "self-assessment saved");
            Ok(SelfOutcome::Saved)
        })
    }
}

//! The burgemeester's self-assessment: the same statements, answered once,
//! sealed like a response, of the round's self-assessment group. It never
//! counts in any figure of the referenten (anonymity.md, step 4).

use crate::domain::answers::{InvalidSubmission, parse_submission};
use crate::domain::audit::{Actor, AuditAction};
use crate::domain::group::RaterGroup;
use crate::domain::ids::RoundId;
use crate::domain::permission::Permission;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::response::{Response, padded_len};
use crate::service::{Klankbord, ServiceError, round_info, sealed_storage};
use crate::store::{DbConnection, questionnaire, rounds, sealed, write_transaction};

#[derive(Debug)]
pub enum SelfOutcome {
    Saved,
    Invalid(InvalidSubmission),
}

/// What the burgemeester's page of the self-assessment shows.
pub struct SelfAssessmentPage {
    pub info: crate::service::round_info::RoundInfo,
    pub questionnaire: Questionnaire,
    /// Already filled in (its answers are sealed until the round closes).
    pub done: bool,
    /// The round takes answers now.
    pub open: bool,
}

impl Klankbord {
    /// The round, the statements of its self-assessment and whether it was
    /// filled in, for the page of its burgemeester (the same check as
    /// [`Self::self_questionnaire`]).
    pub fn self_assessment_page(
        &self,
        person: crate::domain::ids::StaffId,
        round: RoundId,
    ) -> Result<SelfAssessmentPage, ServiceError> {
        let mut conn = self.conn()?;
        let access = self.require(&mut conn, person, round, Permission::SelfAssess)?;
        Ok(SelfAssessmentPage {
            questionnaire: self_questionnaire_in(&mut conn, round)?,
            done: sealed::self_assessed(&mut conn, round)?,
            open: access.info.accepts_answers(self.now()),
            info: access.info,
        })
    }

    /// The statements of the self-assessment (every item of the round), for
    /// the burgemeester (or a system actor filling in the demo).
    pub fn self_questionnaire(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
    ) -> Result<Questionnaire, ServiceError> {
        let mut conn = self.conn()?;
        self.require(&mut conn, actor, round, Permission::SelfAssess)?;
        self_questionnaire_in(&mut conn, round)
    }

    /// Stores the self-assessment once, while the round takes answers: only
    /// the burgemeester may (or a system actor, for the demo), and the audit
    /// log records that (never what) they answered.
    pub fn submit_self_assessment(
        &self,
        actor: impl Into<Actor>,
        round: RoundId,
        fields: &[(String, String)],
    ) -> Result<SelfOutcome, ServiceError> {
        let actor = actor.into();
        let now = self.now();
        let mut conn = self.conn()?;
        write_transaction(&mut conn, |c| {
            self.require(c, actor, round, Permission::SelfAssess)?;
            let q = self_questionnaire_in(c, round)?;
            let submission = match parse_submission(&q, fields) {
                Ok(s) => s,
                Err(invalid) => return Ok(SelfOutcome::Invalid(invalid)),
            };
            rounds::lock_round(c, round)?;
            let info = round_info::load(c, round)?;
            if !info.accepts_answers(now) {
                return Err(ServiceError::Conflict(
                    "De vragenlijst is gesloten; de zelfevaluatie kan niet meer worden ingevuld."
                        .into(),
                ));
            }
            let group = self_group(c, round)?;
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
            self.audit(
                c,
                info.municipality_id,
                actor,
                AuditAction::SelfAssessed,
                "",
            )?;
            tracing::info!(outcome = "saved", "self-assessment saved");
            Ok(SelfOutcome::Saved)
        })
    }
}

/// The round's self-assessment group.
fn self_group(c: &mut DbConnection, round: RoundId) -> Result<RaterGroup, ServiceError> {
    rounds::groups_of(c, round)?
        .into_iter()
        .find(|g| g.is_self)
        .ok_or_else(|| ServiceError::Conflict("Deze ronde heeft geen zelfevaluatie.".into()))
}

fn self_questionnaire_in(
    c: &mut DbConnection,
    round: RoundId,
) -> Result<Questionnaire, ServiceError> {
    let group = self_group(c, round)?;
    Ok(questionnaire::load(c, round)?.for_group(group.id))
}

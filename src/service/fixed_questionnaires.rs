//! The questionnaires of rounds past preparation, kept in memory: every step
//! of a referent's path (link, each form page, submit) needs its round's
//! questionnaire, and once a round has left preparation it cannot change
//! (`RoundState::questionnaire_fixed`). A round still in preparation is
//! always read from the database and never kept; a round that stops taking
//! answers is forgotten. Keyed by the round's random id, so another round
//! (or another database) never gets this one's questionnaire.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::domain::ids::RoundId;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::response::padded_len;
use crate::domain::round::RoundState;
use crate::store::{DbConnection, questionnaire};

/// The most rounds kept at once (a province sends a few dozen at a time);
/// when full, the cache starts again empty.
pub const MAX_ROUNDS: usize = 256;

/// A round's whole questionnaire and the length of its sealed records.
#[derive(Debug)]
pub struct Fixed {
    pub whole: Questionnaire,
    pub record_len: usize,
}

#[derive(Default)]
pub struct FixedQuestionnaires {
    rounds: Mutex<HashMap<RoundId, Arc<Fixed>>>,
}

impl FixedQuestionnaires {
    fn rounds(&self) -> std::sync::MutexGuard<'_, HashMap<RoundId, Arc<Fixed>>> {
        self.rounds.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The questionnaire of `round`, in state `state` as read in this request.
    pub fn get(
        &self,
        conn: &mut DbConnection,
        round: RoundId,
        state: RoundState,
    ) -> diesel::QueryResult<Arc<Fixed>> {
        if state.questionnaire_fixed()
            && let Some(q) = self.rounds().get(&round)
        {
            return Ok(q.clone());
        }
        let whole = questionnaire::load(conn, round)?;
        let fixed = Arc::new(Fixed {
            record_len: padded_len(&whole),
            whole,
        });
        if state.questionnaire_fixed() {
            let mut rounds = self.rounds();
            if rounds.len() >= MAX_ROUNDS {
                rounds.clear();
            }
            rounds.insert(round, fixed.clone());
        }
        Ok(fixed)
    }

    /// Drops `round` (it no longer takes answers).
    pub fn forget(&self, round: RoundId) {
        self.rounds().remove(&round);
    }
}

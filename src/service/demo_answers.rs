//! Realistic, varied answers for the demo's closed round, submitted through
//! the same use case a referent uses. Deterministic, so every demo looks alike.

use std::collections::HashMap;

use crate::domain::answers::{CANNOT_JUDGE_FORM_VALUE, field_name};
use crate::domain::audit::System;
use crate::domain::group::DefaultGroup;
use crate::domain::ids::RoundId;
use crate::domain::invitation::InvitationStatus;
use crate::domain::question_bank::BANK;
use crate::domain::questionnaire::{Item, ItemKind};
use crate::service::demo_comments::{comment, self_comment};
use crate::service::respond::{Lookup, SubmitOutcome};
use crate::service::self_assessment::SelfOutcome;
use crate::service::{Klankbord, ServiceError};
use crate::store::invitations;

/// A small deterministic generator (xorshift) per rater; also drives the
/// benchmark's synthetic rounds. Not for anything secret.
pub struct Dice(pub u64);

impl Dice {
    /// The next number below `n`.
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The bank key of an item the round took from the bank unchanged.
fn bank_key(item: &Item) -> &'static str {
    BANK.iter()
        .flat_map(|t| t.items.iter())
        .find(|b| b.text == item.text)
        .map_or("", |b| b.key)
}

/// How positive a group is about a theme (0 = neutral … 2 = very positive).
fn leaning(group: &str, theme: usize) -> i64 {
    match (group, theme) {
        (_, 2) if group == DefaultGroup::SafetyPartners.name() => 2,
        (_, 0) if group == DefaultGroup::Council.name() => 0,
        (_, 6) if group == DefaultGroup::CivilService.name() => 0,
        (_, 4) if group == DefaultGroup::ExternalPartners.name() => 2,
        _ => 1,
    }
}

impl Klankbord {
    /// Every invited rater of `round` answers (one prefers a conversation).
    pub(crate) fn demo_answers(&self, round: RoundId) -> Result<usize, ServiceError> {
        let ids = {
            let mut conn = self.conn()?;
            invitations::ids_with_status(&mut conn, round, InvitationStatus::Invited)?
        };
        let mut answered = 0;
        // How many referenten of each group answered before this one.
        let mut before_in_group: HashMap<String, usize> = HashMap::new();
        for (n, id) in ids.iter().enumerate() {
            let inv = invitations::for_mail(&mut *self.conn()?, *id)?;
            let token = self.token_from_seed(&inv.token_seed)?;
            if n == 3 {
                self.decline(&token)?
                    .map_err(|_| ServiceError::Conflict("demo: decline failed".into()))?;
                continue;
            }
            let Lookup::Usable(ctx) = self.context_for(&token)? else {
                continue;
            };
            let mut dice =
                Dice(0x9E37_79B9_7F4A_7C15 ^ (n as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
            let group = DefaultGroup::RATERS
                .into_iter()
                .find(|g| g.key() == ctx.group.key);
            let nth = before_in_group.entry(ctx.group.key.clone()).or_default();
            let mut fields = Vec::new();
            for (t, theme) in ctx.questionnaire.themes.iter().enumerate() {
                for item in &theme.items {
                    let value = match item.kind {
                        ItemKind::Scale if dice.next(10) == 0 => CANNOT_JUDGE_FORM_VALUE.to_owned(),
                        ItemKind::Scale => (3 + leaning(&ctx.group.name, t) + dice.next(3) as i64
                            - 1)
                        .clamp(1, 5)
                        .to_string(),
                        ItemKind::Open { .. } => group
                            .map(|g| comment(bank_key(item), g, *nth))
                            .unwrap_or_default()
                            .to_owned(),
                    };
                    fields.push((field_name(item.id), value));
                }
            }
            *nth += 1;
            match self.submit(&token, &fields)? {
                SubmitOutcome::Submitted(_) => answered += 1,
                _ => return Err(ServiceError::Conflict("demo: an answer was refused".into())),
            }
        }
        Ok(answered)
    }

    /// The burgemeester's self-assessment: somewhat more positive than the
    /// referenten about the council, more modest about crisis work.
    pub(crate) fn demo_self_assessment(&self, round: RoundId) -> Result<(), ServiceError> {
        let q = self.self_questionnaire(System::Demo, round)?;
        let mut dice = Dice(0x5EED_5E1F_A55E_55ED);
        let mut fields = Vec::new();
        for (t, theme) in q.themes.iter().enumerate() {
            for item in &theme.items {
                let value = match item.kind {
                    ItemKind::Scale => match t {
                        0 => "5".to_owned(),
                        2 => "3".to_owned(),
                        _ => (3 + dice.next(3)).min(5).to_string(),
                    },
                    ItemKind::Open { .. } => self_comment(bank_key(item)).to_owned(),
                };
                fields.push((field_name(item.id), value));
            }
        }
        match self.submit_self_assessment(System::Demo, round, &fields)? {
            SelfOutcome::Saved => Ok(()),
            SelfOutcome::Invalid(_) => Err(ServiceError::Conflict(
                "demo: the self-assessment was refused".into(),
            )),
        }
    }
}

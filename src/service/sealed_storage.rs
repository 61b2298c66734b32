//! Responses sealed while a round is open (anonymity.md, Storage): written
//! in the submitting transaction under the round's own key, opened once at
//! close in memory, then destroyed with that key.

use std::collections::HashMap;

use crate::anonymity::release::{Counts, OPTIONS};
use crate::domain::answers::ScaleAnswer;
use crate::domain::ids::{GroupId, ItemId, RoundId};
use crate::domain::response::{Response, padded_len};
use crate::domain::token::hex;
use crate::results::Comment;
use crate::security::{RoundKey, ServerKey};
use crate::store::{DbConnection, StoreError, corrupt, sealed};

/// Records opened per query at close: memory stays bounded whatever the round's size.
const OPEN_BATCH: i64 = 256;

/// The round's key, made on its first response. The caller holds the round
/// lock, so two first responses cannot both make one.
fn round_key_for_writing(
    c: &mut DbConnection,
    server: &ServerKey,
    round: RoundId,
) -> Result<RoundKey, StoreError> {
    if let Some(stored) = sealed::round_key(c, round)? {
        return RoundKey::open(server, round, &stored)
            .map_err(|_| corrupt("round_keys.sealed_key"));
    }
    let key = RoundKey::random();
    let stored = key
        .seal(server, round)
        .map_err(|_| corrupt("round_keys.sealed_key"))?;
    sealed::insert_round_key(c, round, &stored)?;
    Ok(key)
}

/// Seals one response in the caller's transaction (which must hold the
/// round lock and have checked that the round takes answers), padded to `record_len`,
/// the length of every record of the round (`domain::response::padded_len`
/// of its whole questionnaire).
pub fn store_response(
    c: &mut DbConnection,
    server: &ServerKey,
    round: RoundId,
    record_len: usize,
    response: &Response,
) -> Result<(), StoreError> {
    let plain = zeroize::Zeroizing::new(
        response
            .encode(record_len)
            .map_err(|_| corrupt("sealed response length"))?,
    );
    let key = round_key_for_writing(c, server, round)?;
    let ciphertext = key
        .seal_response(round, &plain)
        .map_err(|_| corrupt("sealed response"))?;
    Ok(sealed::insert(c, round, &ciphertext)?)
}

/// What the opened records of a round add up to: counts per group and item,
/// headcounts per group, and the comments in a keyed order.
#[derive(Default)]
pub(crate) struct Opened {
    pub headcounts: HashMap<GroupId, u32>,
    pub scores: HashMap<(GroupId, ItemId), Counts>,
    pub comments: HashMap<ItemId, Vec<Comment>>,
}

impl Opened {
    fn add(&mut self, server: &ServerKey, round: RoundId, record_id: &str, r: Response) {
        *self.headcounts.entry(r.group).or_default() += 1;
        for (item, answer) in r.scores {
            let option = match answer {
                ScaleAnswer::CannotJudge => 0,
                ScaleAnswer::Score(s) => usize::from(s.get()),
            };
            if option < OPTIONS {
                self.scores.entry((r.group, item)).or_insert([0; OPTIONS])[option] += 1;
            }
        }
        for (item, body) in r.comments {
            // A keyed order per (round, question): never by time or author.
            let order = hex(&server.mac(
                "klankbord/comment-order/v1",
                &[
                    round.to_string().as_bytes(),
                    item.to_string().as_bytes(),
                    record_id.as_bytes(),
                ],
            ));
            self.comments.entry(item).or_default().push(Comment {
                order,
                group: r.group,
                body,
            });
        }
    }
}

/// Opens every sealed record of a (closed) round in memory, batch by batch.
/// A round without a key has no responses.
pub(crate) fn open_round(
    c: &mut DbConnection,
    server: &ServerKey,
    round: RoundId,
) -> Result<Opened, StoreError> {
    let mut opened = Opened::default();
    let Some(stored) = sealed::round_key(c, round)? else {
        return Ok(opened);
    };
    let key =
        RoundKey::open(server, round, &stored).map_err(|_| corrupt("round_keys.sealed_key"))?;
    let mut after = String::new();
    loop {
        let batch = sealed::batch(c, round, &after, OPEN_BATCH)?;
        let Some((last, _)) = batch.last() else {
            return Ok(opened);
        };
        after = last.clone();
        for (id, ciphertext) in batch {
            let plain = zeroize::Zeroizing::new(
                key.open_response(round, &ciphertext)
                    .map_err(|_| corrupt("sealed_responses.sealed"))?,
            );
            let response =
                Response::decode(&plain).map_err(|_| corrupt("sealed_responses.sealed"))?;
            opened.add(server, round, &id, response);
        }
    }
}

/// The data step between migrations 000005 and 000006: the plain answers of
/// rounds not yet closed are sealed (000005 already deleted those of closed
/// rounds), then 000006 drops the plain tables. Comments were stored apart
/// from ratings, so each is sealed with a response of its own group that has
/// no comment on that question yet (which response does not matter: comments
/// are published apart from ratings).
pub(crate) fn seal_plain_responses(
    c: &mut DbConnection,
    server: &ServerKey,
    migration: &str,
) -> Result<(), String> {
    if !migration.contains("sealed_responses") {
        return Ok(());
    }
    crate::store::write_transaction(c, |c| seal_plain(c, server)).map_err(|e| e.to_string())
}

fn seal_plain(c: &mut DbConnection, server: &ServerKey) -> Result<(), StoreError> {
    let (plain, scores, comments) = sealed::legacy_plain_rows(c)?;
    let mut responses: Vec<(RoundId, Response)> = Vec::with_capacity(plain.len());
    for p in &plain {
        responses.push((
            p.round_id,
            Response {
                group: p.rater_group_id,
                scores: Vec::new(),
                comments: Vec::new(),
            },
        ));
    }
    let index: HashMap<&str, usize> = plain
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    for s in scores {
        let Some(i) = index.get(s.response_id.as_str()) else {
            continue;
        };
        let answer =
            ScaleAnswer::from_stored(s.value).ok_or_else(|| corrupt("response_scores.value"))?;
        responses[*i].1.scores.push((s.item_id, answer));
    }
    for cm in comments {
        let (round, group, item) = (cm.round_id, cm.rater_group_id, cm.item_id);
        let home = responses.iter_mut().find(|(r, resp)| {
            *r == round && resp.group == group && !resp.comments.iter().any(|(i, _)| *i == item)
        });
        match home {
            Some((_, resp)) => resp.comments.push((item, cm.body)),
            None => {
                return Err(corrupt(
                    "response_comments without a response of their group",
                ));
            }
        }
    }
    let mut record_len: HashMap<RoundId, usize> = HashMap::new();
    for (round, response) in &responses {
        let len = match record_len.get(round) {
            Some(len) => *len,
            None => {
                let q = crate::store::questionnaire::load(c, *round)?;
                let len = padded_len(&q);
                record_len.insert(*round, len);
                len
            }
        };
        crate::store::rounds::lock_round(c, *round)?;
        store_response(c, server, *round, len, response)?;
    }
    Ok(sealed::delete_legacy_plain_rows(c)?)
}

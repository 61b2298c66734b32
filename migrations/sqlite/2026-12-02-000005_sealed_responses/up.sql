-- While a round is open its answers exist only sealed (anonymity.md,
-- Storage): one authenticated-encrypted record per response under the
-- round's own data key, which is stored only sealed by the server key.
-- At close the records are opened in memory, published, and deleted with
-- the key. Nothing here names a rater, an invitation or a time.
CREATE TABLE round_keys (
    round_id TEXT PRIMARY KEY NOT NULL REFERENCES rounds(id),
    sealed_key BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE sealed_responses (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    sealed BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX sealed_responses_round ON sealed_responses(round_id, id);

-- Rounds whose records and key were deleted but whose files may still hold
-- them: SQLite until its log is checkpointed and truncated, PostgreSQL until
-- no transaction that could still see the old key is running and the key
-- table was rewritten. The background worker finishes these.
CREATE TABLE shredding (
    round_id TEXT PRIMARY KEY NOT NULL REFERENCES rounds(id)
);

-- Whether the burgemeester filled in the self-assessment (it is sealed too).
ALTER TABLE rounds ADD COLUMN self_assessed INTEGER NOT NULL DEFAULT 0;
UPDATE rounds SET self_assessed = 1 WHERE EXISTS (
    SELECT 1 FROM responses r JOIN rater_groups g ON g.id = r.rater_group_id
    WHERE r.round_id = rounds.id AND g.is_self);

-- Closed rounds keep their released view; their raw answers go now. The
-- answers of rounds not yet closed are sealed by the server on its next
-- start, before the plain tables are dropped (migration 000006).
DELETE FROM response_scores WHERE response_id IN (
    SELECT r.id FROM responses r JOIN rounds o ON o.id = r.round_id WHERE o.state = 'gesloten');
DELETE FROM response_comments WHERE round_id IN (SELECT id FROM rounds WHERE state = 'gesloten');
DELETE FROM responses WHERE round_id IN (SELECT id FROM rounds WHERE state = 'gesloten');

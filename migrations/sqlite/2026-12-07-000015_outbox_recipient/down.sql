-- SQLite cannot drop a column that references another table: rebuild.
DELETE FROM outbox WHERE staff_id IS NOT NULL;
CREATE TABLE outbox_old (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    invitation_id TEXT REFERENCES invitations(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
INSERT INTO outbox_old SELECT id, round_id, invitation_id, kind, status, attempts, next_attempt_at, claimed_until, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_old RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_invitation ON outbox(invitation_id);

-- Every message gets its Message-ID when it is queued, the same on every
-- retry and on a resend, so a receiving server can drop a second copy (sent
-- by a worker that crashed before it could record the first as sent).
-- Messages queued before this migration get one from their own id.
ALTER TABLE outbox ADD COLUMN message_id TEXT;
UPDATE outbox SET message_id = '<' || id || '@klankbord.invalid>';
ALTER TABLE outbox ALTER COLUMN message_id SET NOT NULL;

-- The outbox also carries the mail that a verslag's concept is ready: one
-- message per participant, so it needs the person it goes to (a link, never
-- any text of the verslag).
ALTER TABLE outbox ADD COLUMN staff_id TEXT REFERENCES staff(id);

-- The history of an agreement's status (the dossier over a burgemeester's
-- term shows how each agreement went). One row when an agreement is
-- recorded (status open) and one for every change of its status or note,
-- written in the same transaction as the change. changed_by is the staff
-- member, or NULL for a system actor (the demo, the command line).
CREATE TABLE agreement_status_changes (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements(id),
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    changed_by TEXT REFERENCES staff(id),
    changed_at BIGINT NOT NULL,
    -- 0, 1, 2, … per agreement: the order of changes within one second.
    position INTEGER NOT NULL,
    UNIQUE (agreement_id, position)
);
CREATE INDEX agreement_status_changes_agreement ON agreement_status_changes(agreement_id);

-- Backfill: what is known of the agreements recorded before this table,
-- their current status and note at their last change, by nobody known.
-- The row takes the agreement's own id (a UUID, unique among agreements;
-- new rows get random UUIDs).
INSERT INTO agreement_status_changes (id, agreement_id, status, note, changed_by, changed_at, position)
SELECT id, id, status, status_note, NULL, updated_at, 0 FROM agreements;

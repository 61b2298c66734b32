-- A referent's draft (answers typed but not yet sent), sealed so that the
-- database, its log and its backups cannot read it (anonymity.md, Storage;
-- docs/anonymity-decisions.md, "Drafts"). The id is a keyed hash of the
-- invitation's raw token under its own label: it matches no column of
-- invitations. The content is sealed with a key derived from the raw token
-- and padded to the round's record length. No group, no time, no rater.
-- Deleted when the invitation is used (same transaction) and when the round
-- closes.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    sealed BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX drafts_round ON drafts(round_id);

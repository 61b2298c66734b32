-- Retention (issue 14): per municipality how long referenten' contact data
-- is kept after a round closed, and the archive periods of the released
-- view, the verslag and the audit log as its archive rules set them (NULL:
-- no period set, kept until the municipality destroys them itself).
CREATE TABLE retention_settings (
    municipality_id TEXT PRIMARY KEY NOT NULL REFERENCES municipalities(id),
    contact_months INTEGER NOT NULL,
    view_years INTEGER,
    verslag_years INTEGER,
    audit_years INTEGER,
    updated_at BIGINT NOT NULL
);

-- What the retention job deleted of one round, and when: counts only. The
-- primary key makes a second deletion of the same round impossible.
CREATE TABLE round_purges (
    round_id TEXT PRIMARY KEY NOT NULL REFERENCES rounds(id),
    purged_at BIGINT NOT NULL,
    raters INTEGER NOT NULL,
    invitations INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    nominations INTEGER NOT NULL,
    drafts INTEGER NOT NULL
);

-- A referent's address removed on request before the round closed: when,
-- nothing about whom.
CREATE TABLE address_erasures (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    erased_at BIGINT NOT NULL
);
CREATE INDEX address_erasures_round ON address_erasures(round_id);

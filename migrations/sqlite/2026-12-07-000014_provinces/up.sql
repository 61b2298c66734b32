-- The commissaris van de Koning (handreiking, stap 5): provinces group
-- municipalities; the kabinet of the CdK reads the vastgestelde verslagen
-- sent to it (and nothing else) and records the CdK's own
-- voortgangsgesprekken, so both cycles can be planned side by side.

CREATE TABLE provinces (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    -- The kabinet's contact address: it gets a link, never content.
    contact_email TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A municipality belongs to at most one province.
CREATE TABLE province_municipalities (
    municipality_id TEXT PRIMARY KEY NOT NULL REFERENCES municipalities(id),
    province_id TEXT NOT NULL REFERENCES provinces(id)
);
CREATE INDEX province_municipalities_province ON province_municipalities(province_id);

-- The role kabinet van de CdK, separate from the municipality roles.
CREATE TABLE province_memberships (
    staff_id TEXT NOT NULL REFERENCES staff(id),
    province_id TEXT NOT NULL REFERENCES provinces(id),
    PRIMARY KEY (staff_id, province_id)
);

-- The CdK's own voortgangsgesprekken with a burgemeester.
CREATE TABLE cdk_meetings (
    id TEXT PRIMARY KEY NOT NULL,
    province_id TEXT NOT NULL REFERENCES provinces(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    mayor_id TEXT NOT NULL REFERENCES mayors(id),
    held_on TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX cdk_meetings_mayor ON cdk_meetings(mayor_id);

-- One row per vastgesteld verslag sent to a province; a verslag is sent once.
CREATE TABLE cdk_deliveries (
    verslag_id TEXT PRIMARY KEY NOT NULL REFERENCES verslagen(id),
    round_id TEXT NOT NULL REFERENCES rounds(id),
    province_id TEXT NOT NULL REFERENCES provinces(id),
    sent_by TEXT NOT NULL REFERENCES staff(id),
    sent_at BIGINT NOT NULL
);
CREATE INDEX cdk_deliveries_province ON cdk_deliveries(province_id);
CREATE INDEX cdk_deliveries_round ON cdk_deliveries(round_id);

-- The outbox also carries the mail to a kabinet (a link, no content), which
-- belongs to a round but to no invitation. SQLite cannot drop NOT NULL, so
-- the table is rebuilt with the same columns.
CREATE TABLE outbox_new (
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
INSERT INTO outbox_new SELECT id, round_id, invitation_id, kind, status, attempts, next_attempt_at, claimed_until, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_invitation ON outbox(invitation_id);

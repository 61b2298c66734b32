-- The verslag of a klankbordgesprek (handreiking, stap 4). The griffier
-- writes the working text per heading (verslag_sections); each concept and
-- definitive version is a fixed copy of the whole text (verslag_versions:
-- the document as JSON and the SHA-256 of its canonical text); participants
-- comment on a concept per heading; signatures bind to one version's hash.
-- Nothing here is ever written to a mail or a log line.

-- Per municipality: the headings a round starts from, who signs, the
-- archive copy's marking, and whether the current klankbordcommissie may
-- read the verslagen of earlier councils.
CREATE TABLE verslag_settings (
    municipality_id TEXT PRIMARY KEY NOT NULL REFERENCES municipalities(id),
    headings TEXT NOT NULL,
    clerk_signs INTEGER NOT NULL DEFAULT 0,
    every_participant_signs INTEGER NOT NULL DEFAULT 0,
    marking TEXT NOT NULL,
    commission_reads_earlier INTEGER NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);

-- One verslag per gesprek; a correction of a vastgesteld verslag is a new
-- row that names the one it corrects.
CREATE TABLE verslagen (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    corrects_id TEXT REFERENCES verslagen(id),
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    adopted_at BIGINT,
    -- The municipality's marking, fixed when the verslag is vastgesteld (the
    -- archive copy renders the same later, whatever the setting becomes).
    marking TEXT
);
CREATE INDEX verslagen_round ON verslagen(round_id);

-- Who took part in the gesprek (they comment, may sign, and may read it later).
CREATE TABLE verslag_participants (
    verslag_id TEXT NOT NULL REFERENCES verslagen(id),
    staff_id TEXT NOT NULL REFERENCES staff(id),
    role TEXT NOT NULL,
    PRIMARY KEY (verslag_id, staff_id)
);

-- The griffier's working text, one row per heading in order.
CREATE TABLE verslag_sections (
    verslag_id TEXT NOT NULL REFERENCES verslagen(id),
    position INTEGER NOT NULL,
    heading TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    agreements INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (verslag_id, position)
);

-- Fixed versions: concept (for comments) and definitief (for signatures).
CREATE TABLE verslag_versions (
    id TEXT PRIMARY KEY NOT NULL,
    verslag_id TEXT NOT NULL REFERENCES verslagen(id),
    number INTEGER NOT NULL,
    stage TEXT NOT NULL,
    document TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (verslag_id, number)
);

-- A participant's comment on one heading of a concept, and what the
-- griffier did with it.
CREATE TABLE verslag_comments (
    id TEXT PRIMARY KEY NOT NULL,
    verslag_id TEXT NOT NULL REFERENCES verslagen(id),
    version_id TEXT NOT NULL REFERENCES verslag_versions(id),
    section INTEGER NOT NULL,
    author_id TEXT NOT NULL REFERENCES staff(id),
    body TEXT NOT NULL,
    named INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    outcome TEXT,
    reply TEXT NOT NULL DEFAULT '',
    processed_at BIGINT
);
CREATE INDEX verslag_comments_verslag ON verslag_comments(verslag_id);

-- Dissenting views that stay in the verslag, under a heading.
CREATE TABLE verslag_kanttekeningen (
    id TEXT PRIMARY KEY NOT NULL,
    verslag_id TEXT NOT NULL REFERENCES verslagen(id),
    section INTEGER NOT NULL,
    text TEXT NOT NULL,
    holder TEXT,
    comment_id TEXT REFERENCES verslag_comments(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX verslag_kanttekeningen_verslag ON verslag_kanttekeningen(verslag_id);

-- A signature binds its signer to one version's hash. A new version voids
-- the signatures on earlier ones (voided_at), which stay as history.
CREATE TABLE verslag_signatures (
    version_id TEXT NOT NULL REFERENCES verslag_versions(id),
    staff_id TEXT NOT NULL REFERENCES staff(id),
    role TEXT NOT NULL,
    hash TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    voided_at BIGINT,
    PRIMARY KEY (version_id, staff_id)
);

-- When the session's second factor was last entered (signing asks for one
-- within the last five minutes).
ALTER TABLE staff_sessions ADD COLUMN factor_at BIGINT;

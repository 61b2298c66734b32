-- Klankbord schema (PostgreSQL). Keep in step with migrations/sqlite.
-- Instants are unix seconds (BIGINT); days are 'YYYY-MM-DD' text; ids are UUID text.

CREATE TABLE municipalities (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE,
    clerk_name TEXT NOT NULL,
    clerk_email TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE mayors (
    id TEXT PRIMARY KEY NOT NULL,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX mayors_municipality ON mayors(municipality_id);

CREATE TABLE rounds (
    id TEXT PRIMARY KEY NOT NULL,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    mayor_id TEXT NOT NULL REFERENCES mayors(id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_at BIGINT NOT NULL,
    meeting_on TEXT NOT NULL,
    min_group_size INTEGER NOT NULL CHECK (min_group_size >= 3),
    sharing_mode TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX rounds_municipality ON rounds(municipality_id);
CREATE INDEX rounds_state_closes ON rounds(state, closes_at);

CREATE TABLE rater_groups (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    is_self BOOLEAN NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (round_id, key)
);

CREATE TABLE themes (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    intro TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (round_id, key)
);

CREATE TABLE items (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    theme_id TEXT NOT NULL REFERENCES themes(id),
    key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('scale', 'open')),
    text TEXT NOT NULL,
    max_chars INTEGER,
    position INTEGER NOT NULL,
    UNIQUE (round_id, key)
);
CREATE INDEX items_theme ON items(theme_id);

CREATE TABLE item_groups (
    item_id TEXT NOT NULL REFERENCES items(id),
    rater_group_id TEXT NOT NULL REFERENCES rater_groups(id),
    PRIMARY KEY (item_id, rater_group_id)
);

CREATE TABLE raters (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    rater_group_id TEXT NOT NULL REFERENCES rater_groups(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (round_id, email)
);

-- One rater's right to answer once. It knows whether it was used, never when.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    rater_id TEXT NOT NULL UNIQUE REFERENCES raters(id),
    token_seed TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL
);
CREATE INDEX invitations_round ON invitations(round_id, status);

-- Responses: no rater, invitation, token, time or address; random keys. The
-- service rewrites a round's rows in key order on every submit, so neither
-- the physical order (ctid) nor xmin tells when a response came in.
CREATE TABLE responses (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    rater_group_id TEXT NOT NULL REFERENCES rater_groups(id)
);
CREATE INDEX responses_round ON responses(round_id, rater_group_id);

CREATE TABLE response_scores (
    response_id TEXT NOT NULL REFERENCES responses(id),
    item_id TEXT NOT NULL REFERENCES items(id),
    value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 5),
    PRIMARY KEY (response_id, item_id)
);
CREATE INDEX response_scores_item ON response_scores(item_id, value);

-- Comments stand alone: not linked to the response, so not to its ratings.
CREATE TABLE response_comments (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    rater_group_id TEXT NOT NULL REFERENCES rater_groups(id),
    item_id TEXT NOT NULL REFERENCES items(id),
    body TEXT NOT NULL
);
CREATE INDEX response_comments_item ON response_comments(item_id);

-- Mail to send. Bodies are rendered when sent (the token is derived then), never stored.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    invitation_id TEXT NOT NULL REFERENCES invitations(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_invitation ON outbox(invitation_id);

-- Failed token look-ups per client (keyed hash of the address), per window.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL
);

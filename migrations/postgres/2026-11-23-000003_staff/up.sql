-- Staff accounts (griffier, delegation, burgemeester, raadsleden, platform admins),
-- their memberships per municipality, sign-in links, sessions, recovery codes
-- and the audit log. Secrets are stored only as keyed hashes or sealed.
CREATE TABLE staff (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    platform_admin INTEGER NOT NULL DEFAULT 0,
    -- The TOTP secret, sealed with the server key; NULL until enrolled.
    totp_sealed TEXT,
    -- The last accepted TOTP time step (a code is accepted once).
    totp_last_step BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    staff_id TEXT NOT NULL REFERENCES staff(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    role TEXT NOT NULL,
    PRIMARY KEY (staff_id, municipality_id, role)
);

CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    expires_at BIGINT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE staff_sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    -- 'tweede-stap' (link used, second factor pending) or 'actief'.
    stage TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    -- Wrong second-factor codes in this session.
    failures INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    used INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    municipality_id TEXT,
    staff_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX audit_log_municipality ON audit_log (municipality_id, at);

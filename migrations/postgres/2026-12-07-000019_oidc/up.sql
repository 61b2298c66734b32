-- Sign-in through a municipality's identity provider (OpenID Connect).
-- The client secret is never stored here: only the name of its file in the
-- folder the server's configuration names (KLANKBORD_OIDC_SECRET_DIR).

CREATE TABLE identity_providers (
    municipality_id TEXT PRIMARY KEY NOT NULL REFERENCES municipalities(id),
    -- The issuer (discovery is at issuer + /.well-known/openid-configuration).
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    -- A plain file name inside KLANKBORD_OIDC_SECRET_DIR.
    secret_file TEXT NOT NULL,
    -- An acr value that by itself says a second factor was used ('' = none).
    mfa_acr TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A person at a provider (issuer, subject), linked once to a staff account.
CREATE TABLE staff_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE UNIQUE INDEX staff_identities_staff_issuer ON staff_identities(staff_id, issuer);

-- A one-time invitation, issued by the griffier and mailed to the person's
-- own address, to link their account at the provider (only its keyed hash).
CREATE TABLE identity_link_invitations (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    created_by TEXT NOT NULL REFERENCES staff(id),
    expires_at BIGINT NOT NULL
);
CREATE INDEX identity_link_invitations_staff ON identity_link_invitations(staff_id);

-- A municipality's own look: its design tokens (the cleaned declarations,
-- served as one :root block) and its logo (rewritten PNG or JPEG). One row
-- per municipality; `version` grows with every change so links change too.
CREATE TABLE house_styles (
    municipality_id TEXT PRIMARY KEY NOT NULL REFERENCES municipalities(id),
    tokens_css TEXT,
    logo BLOB,
    logo_type TEXT,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A municipality's own contact details for its contact page and its
-- privacyverklaring, kept by its griffier. A NULL column is not set: the
-- pages then show the griffier contact stored on the municipality.
CREATE TABLE municipality_contacts (
    municipality_id TEXT PRIMARY KEY NOT NULL REFERENCES municipalities(id),
    -- The griffie's e-mail address and telephone number.
    griffie_email TEXT,
    griffie_phone TEXT,
    -- Whom to ask about personal data (e.g. the functionaris gegevensbescherming).
    privacy_email TEXT,
    updated_at BIGINT NOT NULL
);

-- The published view of a closed round: computed once at close, never recomputed.
CREATE TABLE released_views (
    round_id TEXT PRIMARY KEY NOT NULL REFERENCES rounds(id),
    computed_at BIGINT NOT NULL,
    view TEXT NOT NULL
);

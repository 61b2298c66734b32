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

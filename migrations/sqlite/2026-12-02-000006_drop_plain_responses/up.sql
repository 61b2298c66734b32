-- Readable answers are no longer stored anywhere: the server sealed the
-- answers of rounds not yet closed (after migration 000005) before this runs.
DROP TABLE response_comments;
DROP TABLE response_scores;
DROP TABLE responses;

-- The round page counts a round's mails by status and looks up an
-- invitation's failed mail: without an index each scanned the whole outbox
-- (every invitation and reminder of every round on the platform).
CREATE INDEX outbox_round ON outbox(round_id, status);
-- A group's referenten (the referenten list, the round page's response
-- per group) and the items shown to a group.
CREATE INDEX raters_group ON raters(rater_group_id);
CREATE INDEX item_groups_group ON item_groups(rater_group_id);

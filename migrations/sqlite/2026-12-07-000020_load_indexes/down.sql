DROP INDEX item_groups_group;
DROP INDEX raters_group;
DROP INDEX outbox_round;

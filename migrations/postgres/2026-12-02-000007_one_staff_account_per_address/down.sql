-- Merged accounts cannot be split again; only the index goes.
DROP INDEX staff_email_lower;

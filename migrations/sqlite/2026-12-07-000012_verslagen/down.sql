ALTER TABLE staff_sessions DROP COLUMN factor_at;
DROP TABLE verslag_signatures;
DROP TABLE verslag_kanttekeningen;
DROP TABLE verslag_comments;
DROP TABLE verslag_versions;
DROP TABLE verslag_sections;
DROP TABLE verslag_participants;
DROP TABLE verslagen;
DROP TABLE verslag_settings;

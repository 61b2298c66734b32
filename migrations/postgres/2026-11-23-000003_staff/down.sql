DROP TABLE audit_log;
DROP TABLE recovery_codes;
DROP TABLE staff_sessions;
DROP TABLE sign_in_links;
DROP TABLE memberships;
DROP TABLE staff;

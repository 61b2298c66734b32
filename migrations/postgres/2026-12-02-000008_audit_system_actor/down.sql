ALTER TABLE audit_log DROP COLUMN system_actor;

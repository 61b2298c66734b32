-- A line of the audit log done by a part of the platform (the command line,
-- the background task, the demo) names it here; staff_id is then NULL.
ALTER TABLE audit_log ADD COLUMN system_actor TEXT;

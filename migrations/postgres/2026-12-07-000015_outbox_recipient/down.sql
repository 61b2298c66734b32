DELETE FROM outbox WHERE staff_id IS NOT NULL;
ALTER TABLE outbox DROP COLUMN staff_id;

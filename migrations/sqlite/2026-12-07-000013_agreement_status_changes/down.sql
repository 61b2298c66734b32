DROP TABLE agreement_status_changes;

DROP TABLE shredding;
ALTER TABLE rounds DROP COLUMN self_assessed;
DROP TABLE sealed_responses;
DROP TABLE round_keys;

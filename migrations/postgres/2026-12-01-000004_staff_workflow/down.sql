DROP TABLE agreements;
DROP TABLE agenda_items;
DROP TABLE council_reflections;
DROP TABLE nominations;
ALTER TABLE items DROP COLUMN source;
ALTER TABLE rounds DROP COLUMN mayor_sees_raters;

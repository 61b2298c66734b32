DROP TABLE municipality_contacts;

DROP TABLE municipality_themes;

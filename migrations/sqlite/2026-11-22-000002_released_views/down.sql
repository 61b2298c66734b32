DROP TABLE released_views;

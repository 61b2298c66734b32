DROP TABLE address_erasures;
DROP TABLE round_purges;
DROP TABLE retention_settings;

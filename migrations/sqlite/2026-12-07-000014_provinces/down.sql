DELETE FROM outbox WHERE invitation_id IS NULL;
DROP TABLE cdk_deliveries;
DROP TABLE cdk_meetings;
DROP TABLE province_memberships;
DROP TABLE province_municipalities;
DROP TABLE provinces;

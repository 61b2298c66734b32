DROP TABLE identity_link_invitations;
DROP TABLE staff_identities;
DROP TABLE identity_providers;

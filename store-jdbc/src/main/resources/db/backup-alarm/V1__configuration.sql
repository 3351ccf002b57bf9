-- The configuration of backup-alarm: accounts, contacts, groups, vaults and instances, with the
-- members of groups and the contacts and groups that policies name. Runs unchanged on
-- PostgreSQL and H2.
--
-- Limits are those the records enforce: ids are 1 to 128 ASCII characters, emails up to 254,
-- mobiles E.164. Names are up to 64 code points; H2 counts UTF-16 units, hence VARCHAR(128).
-- A policy's mode is its enum name.
--
-- ConfigurationAdmin checks every integrity rule inside the write transaction; the constraints
-- below hold the same rules in the database, where the admin's write order allows: a parent row
-- is always written before its children and deleted after them. A policy's link to the contacts
-- and groups it names has no foreign key: ConfigurationStoreContractTest saves policies that
-- name contacts and groups the store has never seen, so those references are the admin's alone.
--
-- Every index is created before the foreign key on its columns, so that H2 uses it for the key
-- instead of adding one of its own.

CREATE TABLE ba_account (
    id        VARCHAR(128) NOT NULL,
    email     VARCHAR(254),
    mobile    VARCHAR(32),
    time_zone VARCHAR(64),
    locale    VARCHAR(255),
    CONSTRAINT ba_account_pk PRIMARY KEY (id),
    CONSTRAINT ba_account_address CHECK (email IS NOT NULL OR mobile IS NOT NULL)
);

CREATE TABLE ba_contact (
    id              VARCHAR(128) NOT NULL,
    account_id      VARCHAR(128) NOT NULL,
    name            VARCHAR(128) NOT NULL,
    email           VARCHAR(254),
    mobile          VARCHAR(32),
    email_verified  BOOLEAN      NOT NULL,
    mobile_verified BOOLEAN      NOT NULL,
    CONSTRAINT ba_contact_pk PRIMARY KEY (id),
    CONSTRAINT ba_contact_address CHECK (email IS NOT NULL OR mobile IS NOT NULL),
    CONSTRAINT ba_contact_email_verified CHECK (email IS NOT NULL OR NOT email_verified),
    CONSTRAINT ba_contact_mobile_verified CHECK (mobile IS NOT NULL OR NOT mobile_verified)
);
CREATE INDEX ba_contact_account ON ba_contact (account_id);
ALTER TABLE ba_contact ADD CONSTRAINT ba_contact_account_fk
    FOREIGN KEY (account_id) REFERENCES ba_account (id) ON DELETE RESTRICT;

CREATE TABLE ba_contact_group (
    id         VARCHAR(128) NOT NULL,
    account_id VARCHAR(128) NOT NULL,
    name       VARCHAR(128) NOT NULL,
    CONSTRAINT ba_contact_group_pk PRIMARY KEY (id)
);
CREATE INDEX ba_contact_group_account ON ba_contact_group (account_id);
ALTER TABLE ba_contact_group ADD CONSTRAINT ba_contact_group_account_fk
    FOREIGN KEY (account_id) REFERENCES ba_account (id) ON DELETE RESTRICT;

CREATE TABLE ba_group_member (
    group_id   VARCHAR(128) NOT NULL,
    contact_id VARCHAR(128) NOT NULL,
    CONSTRAINT ba_group_member_pk PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX ba_group_member_contact ON ba_group_member (contact_id);
ALTER TABLE ba_group_member ADD CONSTRAINT ba_group_member_group_fk
    FOREIGN KEY (group_id) REFERENCES ba_contact_group (id) ON DELETE RESTRICT;
ALTER TABLE ba_group_member ADD CONSTRAINT ba_group_member_contact_fk
    FOREIGN KEY (contact_id) REFERENCES ba_contact (id) ON DELETE RESTRICT;

CREATE TABLE ba_vault (
    id          VARCHAR(128) NOT NULL,
    account_id  VARCHAR(128) NOT NULL,
    policy_mode VARCHAR(16)  NOT NULL,
    CONSTRAINT ba_vault_pk PRIMARY KEY (id),
    CONSTRAINT ba_vault_policy_mode CHECK (policy_mode IN ('DISABLED', 'DEFAULT', 'CUSTOMIZED'))
);
CREATE INDEX ba_vault_account ON ba_vault (account_id);
ALTER TABLE ba_vault ADD CONSTRAINT ba_vault_account_fk
    FOREIGN KEY (account_id) REFERENCES ba_account (id) ON DELETE RESTRICT;

CREATE TABLE ba_instance (
    id          VARCHAR(128) NOT NULL,
    vault_id    VARCHAR(128) NOT NULL,
    policy_mode VARCHAR(16)  NOT NULL,
    CONSTRAINT ba_instance_pk PRIMARY KEY (id),
    CONSTRAINT ba_instance_policy_mode
        CHECK (policy_mode IN ('DISABLED', 'SAME_AS_VAULT', 'DEFAULT', 'CUSTOMIZED'))
);
CREATE INDEX ba_instance_vault ON ba_instance (vault_id);
ALTER TABLE ba_instance ADD CONSTRAINT ba_instance_vault_fk
    FOREIGN KEY (vault_id) REFERENCES ba_vault (id) ON DELETE RESTRICT;

-- The contacts and groups a CUSTOMIZED policy names, one table per kind of owner and target.
-- The primary key serves reading a policy; the second index serves the reverse look-ups
-- (findByPolicyContact, findByPolicyGroup) that decide whether a contact or group is in use.

CREATE TABLE ba_vault_policy_contact (
    vault_id   VARCHAR(128) NOT NULL,
    contact_id VARCHAR(128) NOT NULL,
    CONSTRAINT ba_vault_policy_contact_pk PRIMARY KEY (vault_id, contact_id)
);
CREATE INDEX ba_vault_policy_contact_contact ON ba_vault_policy_contact (contact_id);
ALTER TABLE ba_vault_policy_contact ADD CONSTRAINT ba_vault_policy_contact_vault_fk
    FOREIGN KEY (vault_id) REFERENCES ba_vault (id) ON DELETE RESTRICT;

CREATE TABLE ba_vault_policy_group (
    vault_id VARCHAR(128) NOT NULL,
    group_id VARCHAR(128) NOT NULL,
    CONSTRAINT ba_vault_policy_group_pk PRIMARY KEY (vault_id, group_id)
);
CREATE INDEX ba_vault_policy_group_group ON ba_vault_policy_group (group_id);
ALTER TABLE ba_vault_policy_group ADD CONSTRAINT ba_vault_policy_group_vault_fk
    FOREIGN KEY (vault_id) REFERENCES ba_vault (id) ON DELETE RESTRICT;

CREATE TABLE ba_instance_policy_contact (
    instance_id VARCHAR(128) NOT NULL,
    contact_id  VARCHAR(128) NOT NULL,
    CONSTRAINT ba_instance_policy_contact_pk PRIMARY KEY (instance_id, contact_id)
);
CREATE INDEX ba_instance_policy_contact_contact ON ba_instance_policy_contact (contact_id);
ALTER TABLE ba_instance_policy_contact ADD CONSTRAINT ba_instance_policy_contact_instance_fk
    FOREIGN KEY (instance_id) REFERENCES ba_instance (id) ON DELETE RESTRICT;

CREATE TABLE ba_instance_policy_group (
    instance_id VARCHAR(128) NOT NULL,
    group_id    VARCHAR(128) NOT NULL,
    CONSTRAINT ba_instance_policy_group_pk PRIMARY KEY (instance_id, group_id)
);
CREATE INDEX ba_instance_policy_group_group ON ba_instance_policy_group (group_id);
ALTER TABLE ba_instance_policy_group ADD CONSTRAINT ba_instance_policy_group_instance_fk
    FOREIGN KEY (instance_id) REFERENCES ba_instance (id) ON DELETE RESTRICT;

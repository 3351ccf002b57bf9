-- The configuration of backup-alarm in seven tables (H2 syntax, which PostgreSQL also accepts as is).
-- No foreign keys: ConfigurationAdmin checks every reference inside the write transaction,
-- and the store only keeps rows.

CREATE TABLE IF NOT EXISTS ba_account (
    id        VARCHAR(128) PRIMARY KEY,
    email     VARCHAR(254),
    mobile    VARCHAR(32),
    time_zone VARCHAR(64),
    locale    VARCHAR(64)
);

CREATE TABLE IF NOT EXISTS ba_contact (
    id              VARCHAR(128) PRIMARY KEY,
    account_id      VARCHAR(128) NOT NULL,
    name            VARCHAR(64)  NOT NULL,
    email           VARCHAR(254),
    mobile          VARCHAR(32),
    email_verified  BOOLEAN      NOT NULL,
    mobile_verified BOOLEAN      NOT NULL
);
CREATE INDEX IF NOT EXISTS ba_contact_account ON ba_contact (account_id);

CREATE TABLE IF NOT EXISTS ba_contact_group (
    id         VARCHAR(128) PRIMARY KEY,
    account_id VARCHAR(128) NOT NULL,
    name       VARCHAR(64)  NOT NULL
);
CREATE INDEX IF NOT EXISTS ba_contact_group_account ON ba_contact_group (account_id);

CREATE TABLE IF NOT EXISTS ba_group_member (
    group_id   VARCHAR(128) NOT NULL,
    contact_id VARCHAR(128) NOT NULL,
    PRIMARY KEY (group_id, contact_id)
);
CREATE INDEX IF NOT EXISTS ba_group_member_contact ON ba_group_member (contact_id);

CREATE TABLE IF NOT EXISTS ba_vault (
    id          VARCHAR(128) PRIMARY KEY,
    account_id  VARCHAR(128) NOT NULL,
    policy_mode VARCHAR(16)  NOT NULL
);
CREATE INDEX IF NOT EXISTS ba_vault_account ON ba_vault (account_id);

CREATE TABLE IF NOT EXISTS ba_instance (
    id          VARCHAR(128) PRIMARY KEY,
    vault_id    VARCHAR(128) NOT NULL,
    policy_mode VARCHAR(16)  NOT NULL
);
CREATE INDEX IF NOT EXISTS ba_instance_vault ON ba_instance (vault_id);

-- The contacts and groups a CUSTOMIZED policy names. owner_kind: 'vault' or 'instance';
-- target_kind: 'contact' or 'group'. The index serves the reverse look-ups of the integrity rules.
CREATE TABLE IF NOT EXISTS ba_policy_target (
    owner_kind  VARCHAR(8)   NOT NULL,
    owner_id    VARCHAR(128) NOT NULL,
    target_kind VARCHAR(8)   NOT NULL,
    target_id   VARCHAR(128) NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, target_kind, target_id)
);
CREATE INDEX IF NOT EXISTS ba_policy_target_reverse ON ba_policy_target (target_kind, target_id, owner_kind);

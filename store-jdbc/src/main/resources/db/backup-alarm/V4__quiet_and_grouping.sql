-- Quiet and grouping: what alarms keep of their announcement and acknowledgement, silences,
-- maintenance windows, and grouped messages in the outbox. Runs unchanged on PostgreSQL and H2.

-- An alarm is announced when its FIRING notification falls due while nothing holds it back (at
-- firing, or at a release). Rows written before this migration were announced when they fired.
-- An acknowledgement is who (ack_by), why (ack_comment, at most 1000 characters) and when (ack_at).
ALTER TABLE ba_alarm ADD COLUMN announced_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE ba_alarm ADD COLUMN ack_by VARCHAR(128);
ALTER TABLE ba_alarm ADD COLUMN ack_comment VARCHAR(1000);
ALTER TABLE ba_alarm ADD COLUMN ack_at TIMESTAMP WITH TIME ZONE;
UPDATE ba_alarm SET announced_at = fired_at WHERE state = 'FIRING';
ALTER TABLE ba_alarm ADD CONSTRAINT ba_alarm_pending_quiet
    CHECK (state <> 'PENDING' OR (announced_at IS NULL AND ack_at IS NULL));
ALTER TABLE ba_alarm ADD CONSTRAINT ba_alarm_ack
    CHECK ((ack_by IS NULL AND ack_at IS NULL) OR (ack_by IS NOT NULL AND ack_at IS NOT NULL));
-- The alarms of an instance (what closing its disconnect alarm may release), and the firing
-- alarms of an account that were never announced (what an expired silence may release).
CREATE INDEX ba_alarm_instance ON ba_alarm (instance_id);
CREATE INDEX ba_alarm_unannounced ON ba_alarm (account_id, announced_at);

-- Silences, shared by every node. end_at is when the silence stops holding alarms back (ends_at,
-- or the expiry if earlier): what the look-ups filter on. No foreign key to the account: an
-- account can be deleted while silences name it, as in memory; a silence then matches nothing.
CREATE TABLE ba_silence (
    id          VARCHAR(128) NOT NULL,
    account_id  VARCHAR(128) NOT NULL,
    vault_id    VARCHAR(128),
    instance_id VARCHAR(128),
    alarm_type  VARCHAR(32) CHECK (alarm_type IN ('CLIENT_DISCONNECTED', 'BACKUP_FAILED')),
    starts_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expired_at  TIMESTAMP WITH TIME ZONE,
    end_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(128),
    comment     VARCHAR(1000),
    CONSTRAINT ba_silence_pk PRIMARY KEY (id),
    CONSTRAINT ba_silence_range CHECK (ends_at > starts_at AND end_at >= starts_at AND end_at <= ends_at)
);
CREATE INDEX ba_silence_account_end ON ba_silence (account_id, end_at);
CREATE INDEX ba_silence_end ON ba_silence (end_at);

-- Maintenance windows, part of the configuration: written by ConfigurationAdmin, which refuses
-- to delete an account, vault or instance that a window names; the foreign keys back that up.
-- start_time is the local start time (ISO-8601, as LocalTime prints it) and duration the
-- elapsed time of each range (ISO-8601, as Duration prints it), so both come back exactly.
CREATE TABLE ba_maintenance_window (
    id          VARCHAR(128) NOT NULL,
    account_id  VARCHAR(128) NOT NULL,
    vault_id    VARCHAR(128),
    instance_id VARCHAR(128),
    alarm_type  VARCHAR(32) CHECK (alarm_type IN ('CLIENT_DISCONNECTED', 'BACKUP_FAILED')),
    time_zone   VARCHAR(64)  NOT NULL,
    start_time  VARCHAR(18)  NOT NULL,
    duration    VARCHAR(32)  NOT NULL,
    CONSTRAINT ba_maintenance_window_pk PRIMARY KEY (id)
);
CREATE INDEX ba_maintenance_window_account ON ba_maintenance_window (account_id);
CREATE INDEX ba_maintenance_window_vault ON ba_maintenance_window (vault_id);
CREATE INDEX ba_maintenance_window_instance ON ba_maintenance_window (instance_id);
ALTER TABLE ba_maintenance_window ADD CONSTRAINT ba_maintenance_window_account_fk
    FOREIGN KEY (account_id) REFERENCES ba_account (id) ON DELETE RESTRICT;
ALTER TABLE ba_maintenance_window ADD CONSTRAINT ba_maintenance_window_vault_fk
    FOREIGN KEY (vault_id) REFERENCES ba_vault (id) ON DELETE RESTRICT;
ALTER TABLE ba_maintenance_window ADD CONSTRAINT ba_maintenance_window_instance_fk
    FOREIGN KEY (instance_id) REFERENCES ba_instance (id) ON DELETE RESTRICT;

-- The days of the week on which a window's ranges start.
CREATE TABLE ba_maintenance_window_day (
    window_id   VARCHAR(128) NOT NULL,
    day_of_week VARCHAR(9)   NOT NULL CHECK (day_of_week IN
        ('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY')),
    CONSTRAINT ba_maintenance_window_day_pk PRIMARY KEY (window_id, day_of_week)
);
ALTER TABLE ba_maintenance_window_day ADD CONSTRAINT ba_maintenance_window_day_window_fk
    FOREIGN KEY (window_id) REFERENCES ba_maintenance_window (id) ON DELETE RESTRICT;

-- A message in the outbox carries one notification or, grouped, several: its items. A test
-- message has no alarm type, and no instance when it named a contact. collects_until: while a
-- group still collects, the instant it is sent (what falls due for its recipient before joins it).
ALTER TABLE ba_outbox ALTER COLUMN alarm_type DROP NOT NULL;
ALTER TABLE ba_outbox ALTER COLUMN instance_id DROP NOT NULL;
ALTER TABLE ba_outbox ADD COLUMN collects_until TIMESTAMP WITH TIME ZONE;

-- The items of a message, in the order they joined it (position, from a sequence). A row of the
-- outbox without items was written before this migration: its one item is read from its message.
CREATE TABLE ba_outbox_item (
    idempotency_key VARCHAR(200) NOT NULL,
    position        BIGINT GENERATED BY DEFAULT AS IDENTITY,
    item_key        VARCHAR(200) NOT NULL,
    kind            VARCHAR(32)  NOT NULL CHECK (kind IN ('FIRING', 'REPEAT', 'RESOLVED', 'TEST')),
    alarm_type      VARCHAR(32)  CHECK (alarm_type IN ('CLIENT_DISCONNECTED', 'BACKUP_FAILED')),
    instance_id     VARCHAR(128),
    vault_id        VARCHAR(128),
    job             VARCHAR(256),
    message         VARCHAR,
    occurrences     INTEGER      NOT NULL CHECK (occurrences >= 1),
    opened_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    contact_id      VARCHAR(128),
    CONSTRAINT ba_outbox_item_pk PRIMARY KEY (idempotency_key, position),
    CONSTRAINT ba_outbox_item_key UNIQUE (idempotency_key, item_key),
    CONSTRAINT ba_outbox_item_test CHECK ((kind = 'TEST' AND alarm_type IS NULL)
        OR (kind <> 'TEST' AND alarm_type IS NOT NULL AND instance_id IS NOT NULL))
);
ALTER TABLE ba_outbox_item ADD CONSTRAINT ba_outbox_item_message_fk
    FOREIGN KEY (idempotency_key) REFERENCES ba_outbox (idempotency_key) ON DELETE CASCADE;

-- One row per recipient (account, channel, address; account '' when a notification has none;
-- addresses are a contact's email or mobile, at most 254 characters):
-- the lock that serialises the opening and filling of the recipient's groups across nodes, and
-- the key of its latest group. Inside the alarm transaction a node locks the row
-- (SELECT ... FOR UPDATE), reads the group it names, and either joins that group or opens a new
-- one and names it here; a second node waits for the lock and then sees the first one's group.
CREATE TABLE ba_outbox_recipient (
    account_id VARCHAR(128) NOT NULL,
    channel    VARCHAR(64)  NOT NULL,
    address    VARCHAR(254) NOT NULL,
    group_key  VARCHAR(200),
    CONSTRAINT ba_outbox_recipient_pk PRIMARY KEY (account_id, channel, address)
);

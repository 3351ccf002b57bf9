-- The engine's state, shared by every node: open alarms and the outbox.
-- Instants are TIMESTAMP WITH TIME ZONE (kept to the microsecond).

-- One row per open alarm. job is '' for an alarm without a job (a key column cannot be NULL).
-- recipients: who was told when it fired, one "channel<TAB>address" per line (see Pairs).
CREATE TABLE ba_alarm (
    alarm_type  VARCHAR(32)  NOT NULL CHECK (alarm_type IN ('CLIENT_DISCONNECTED', 'BACKUP_FAILED')),
    instance_id VARCHAR(128) NOT NULL,
    job         VARCHAR(256) NOT NULL,
    state       VARCHAR(16)  NOT NULL CHECK (state IN ('PENDING', 'FIRING')),
    opened_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    occurrences INTEGER      NOT NULL CHECK (occurrences >= 1),
    message     VARCHAR,
    next_due    TIMESTAMP WITH TIME ZONE,
    fired_at    TIMESTAMP WITH TIME ZONE,
    repeats     INTEGER      NOT NULL CHECK (repeats >= 0),
    recipients  VARCHAR      NOT NULL,
    vault_id    VARCHAR(128),
    account_id  VARCHAR(128),
    PRIMARY KEY (alarm_type, instance_id, job),
    CHECK (state <> 'PENDING' OR (next_due IS NOT NULL AND fired_at IS NULL)),
    CHECK (state <> 'FIRING' OR fired_at IS NOT NULL)
);
-- Due alarms are found, and claimed, by due time.
CREATE INDEX ba_alarm_due ON ba_alarm (next_due);

-- One row per notification, written before it is sent. claimed_by and lease_until: the node
-- sending it and until when; a claim that outlives its lease (the node died) may be taken over.
CREATE TABLE ba_outbox (
    idempotency_key VARCHAR(200) PRIMARY KEY,
    channel         VARCHAR(64)  NOT NULL,
    address         VARCHAR      NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    locale          VARCHAR      NOT NULL,
    subject         VARCHAR      NOT NULL,
    body            VARCHAR      NOT NULL,
    data            VARCHAR      NOT NULL,
    alarm_type      VARCHAR(32)  NOT NULL,
    instance_id     VARCHAR(128) NOT NULL,
    vault_id        VARCHAR(128),
    account_id      VARCHAR(128),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    status          VARCHAR(8)   NOT NULL CHECK (status IN ('PENDING', 'SENT', 'DEAD')),
    attempts        INTEGER      NOT NULL CHECK (attempts >= 0),
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR,
    receipt         VARCHAR,
    finished_at     TIMESTAMP WITH TIME ZONE,
    claimed_by      VARCHAR(128),
    lease_until     TIMESTAMP WITH TIME ZONE,
    CHECK (status <> 'PENDING' OR next_attempt_at IS NOT NULL)
);
-- Due notifications are claimed by status and next attempt; dead letters and the purge of sent
-- ones go by status and finish time.
CREATE INDEX ba_outbox_due ON ba_outbox (status, next_attempt_at);
CREATE INDEX ba_outbox_finished ON ba_outbox (status, finished_at);

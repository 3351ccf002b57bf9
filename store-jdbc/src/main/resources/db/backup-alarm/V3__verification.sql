-- Verification codes waiting for confirmation, one per contact and channel, as salted hashes:
-- kept here so that a code sent by one node can be confirmed on any other.
CREATE TABLE ba_verification (
    contact_id  VARCHAR(128) NOT NULL,
    channel     VARCHAR(64)  NOT NULL,
    address     VARCHAR      NOT NULL,
    salt        BYTEA        NOT NULL,
    code_hash   BYTEA        NOT NULL,
    sent_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    wrong_tries INTEGER      NOT NULL CHECK (wrong_tries >= 0),
    PRIMARY KEY (contact_id, channel)
);

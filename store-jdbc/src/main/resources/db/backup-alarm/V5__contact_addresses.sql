-- Further addresses of contacts (webhooks, chat robots, a host's own channels), and verification
-- codes kept per address. Runs unchanged on PostgreSQL and H2.

-- A contact may now hold further addresses only, so the rule "an email, a mobile or a further
-- address" spans two tables: the Contact record and ConfigurationAdmin hold it, as they hold
-- every rule a CHECK cannot see.
ALTER TABLE ba_contact DROP CONSTRAINT ba_contact_address;

-- The further addresses of a contact, in the contact's order (seq, from 0). A secret_id names the
-- secret that signs requests to the address; the secret itself is never stored. An address is at
-- most 2,048 characters (H2 counts UTF-16 units, as the record does). No index on the address: a
-- contact's addresses are always read through its id, and the record keeps them unique.
CREATE TABLE ba_further_address (
    contact_id VARCHAR(128)  NOT NULL,
    seq        INTEGER       NOT NULL,
    channel    VARCHAR(32)   NOT NULL,
    address    VARCHAR(2048) NOT NULL,
    secret_id  VARCHAR(128),
    verified   BOOLEAN       NOT NULL,
    CONSTRAINT ba_further_address_pk PRIMARY KEY (contact_id, seq),
    CONSTRAINT ba_further_address_seq CHECK (seq >= 0)
);
ALTER TABLE ba_further_address ADD CONSTRAINT ba_further_address_contact_fk
    FOREIGN KEY (contact_id) REFERENCES ba_contact (id) ON DELETE CASCADE;

-- Codes are kept per address now, since a contact may hold several addresses on one channel (two
-- chat rooms). The key holds a SHA-256 digest of the address (address_key, 64 hex digits) rather
-- than the address, which may be longer than PostgreSQL allows in an index entry. The secret id
-- the code was sent with is kept: a code is void once its address signs with another secret.
-- Codes waiting at the upgrade are discarded (a digest cannot be computed in SQL that runs on
-- both databases); a code lives ten minutes by default, and the contact asks for a new one.
DROP TABLE ba_verification;
CREATE TABLE ba_verification (
    contact_id  VARCHAR(128)  NOT NULL,
    channel     VARCHAR(64)   NOT NULL,
    address_key VARCHAR(64)   NOT NULL,
    address     VARCHAR(2048) NOT NULL,
    secret_id   VARCHAR(128),
    salt        BYTEA         NOT NULL,
    code_hash   BYTEA         NOT NULL,
    sent_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    wrong_tries INTEGER       NOT NULL CHECK (wrong_tries >= 0),
    CONSTRAINT ba_verification_pk PRIMARY KEY (contact_id, channel, address_key)
);

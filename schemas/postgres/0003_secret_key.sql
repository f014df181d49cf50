-- The secret key file's fingerprints, and the progress of a key rotation.
--
-- A database made with one key file and started with another (or with a new
-- one after the first was lost) used to be accepted: new ciphertexts and blind
-- indexes under the new key beside old ones under the lost key, the same
-- person enrolled twice, payrolls unable to find workers. The database now
-- records each version of its secret by its check value (an HMAC under a key
-- derived from the secret: never the key, nor a hash of it) when the version
-- is first used, and every command refuses a key file whose check values
-- differ. At most one version is current (it encrypts and indexes) and at most
-- one is the target of a rotation in progress.
CREATE TABLE secret_keys (
    version     INTEGER NOT NULL,
    check_value TEXT COLLATE "C" NOT NULL,
    state       TEXT NOT NULL CONSTRAINT secret_keys_state_check CHECK (state IN ('rotating', 'current', 'retired')),
    created_at  TIMESTAMPTZ NOT NULL,
    retired_at  TIMESTAMPTZ,
    CONSTRAINT secret_keys_pkey PRIMARY KEY (version)
);
CREATE UNIQUE INDEX secret_keys_state_key ON secret_keys (state) WHERE state <> 'retired';

-- A rotation re-encrypts one table after another in batches, one transaction
-- each; a batch records here the primary key of the last row it moved, so an
-- interrupted rotation resumes after it.
CREATE TABLE secret_key_rotation (
    target_version INTEGER NOT NULL,
    table_name     TEXT COLLATE "C" NOT NULL,
    after_key      TEXT NOT NULL DEFAULT '',
    rows_done      BIGINT NOT NULL DEFAULT 0,
    finished_at    TIMESTAMPTZ,
    CONSTRAINT secret_key_rotation_pkey PRIMARY KEY (target_version, table_name)
);

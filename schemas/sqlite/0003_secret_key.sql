-- The secret key file's fingerprints, and the progress of a key rotation: the
-- same tables as postgres/0003_secret_key.sql, which says why.
CREATE TABLE secret_keys (
    version     INTEGER NOT NULL,
    check_value TEXT NOT NULL,
    state       TEXT NOT NULL CONSTRAINT secret_keys_state_check CHECK (state IN ('rotating', 'current', 'retired')),
    created_at  TIMESTAMP NOT NULL,
    retired_at  TIMESTAMP,
    CONSTRAINT secret_keys_pkey PRIMARY KEY (version)
);
CREATE UNIQUE INDEX secret_keys_state_key ON secret_keys (state) WHERE state <> 'retired';

CREATE TABLE secret_key_rotation (
    target_version INTEGER NOT NULL,
    table_name     TEXT NOT NULL,
    after_key      TEXT NOT NULL DEFAULT '',
    rows_done      INTEGER NOT NULL DEFAULT 0,
    finished_at    TIMESTAMP,
    CONSTRAINT secret_key_rotation_pkey PRIMARY KEY (target_version, table_name)
);

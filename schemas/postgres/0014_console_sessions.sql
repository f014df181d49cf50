-- Issue 15: the console's sign-in sessions (the lead may renumber this
-- migration at merge). A session is bound to the API key it was opened with
-- and keeps only a keyed hash (HMAC-SHA256) of its token, never the token:
-- a copy of this table opens no session. It ends when its key is revoked,
-- when it was idle too long, or on sign-out.
CREATE TABLE console_sessions (
    token_hash   TEXT COLLATE "C" NOT NULL,
    key_id       TEXT COLLATE "C" NOT NULL REFERENCES api_keys (id),
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT console_sessions_pkey PRIMARY KEY (token_hash)
);
CREATE INDEX console_sessions_key_idx ON console_sessions (key_id);

-- The console's worker page lists a person's enrolments on every project
-- the reader sees.
CREATE INDEX enrolments_person_idx ON enrolments (worker_id);

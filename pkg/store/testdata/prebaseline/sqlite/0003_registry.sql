-- The real-name registry; the same tables as postgres/0003_registry.sql.

CREATE TABLE worker_identities (
    id               TEXT NOT NULL,
    id_number_index  TEXT NOT NULL,   -- HMAC-SHA256 blind index of the normalised number
    id_number_enc    TEXT NOT NULL,   -- AES-256-GCM, "<key id>:<base64>"
    id_number_masked TEXT NOT NULL,
    name             TEXT NOT NULL,
    gender           TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT worker_identities_index_key UNIQUE (id_number_index)
);

CREATE TABLE enrolments (
    project_id         TEXT NOT NULL REFERENCES projects (id),
    id                 TEXT NOT NULL,
    worker_id          TEXT NOT NULL REFERENCES worker_identities (id),
    name               TEXT NOT NULL,   -- copied from the identity for hot paths
    id_number_masked   TEXT NOT NULL,
    employer_id        TEXT NOT NULL REFERENCES organizations (id),
    team               TEXT NOT NULL DEFAULT '',
    trade              TEXT NOT NULL,
    contract_kind      TEXT NOT NULL CONSTRAINT enrolments_contract_kind_check CHECK (contract_kind IN ('labour_contract', 'written_agreement')),
    contract_signed_on TEXT NOT NULL,
    entered_on         TEXT NOT NULL,
    exited_on          TEXT,
    bank_card_enc      TEXT NOT NULL,
    bank_card_index    TEXT NOT NULL,
    bank_card_masked   TEXT NOT NULL,
    bank_id            TEXT NOT NULL REFERENCES organizations (id),
    phone_enc          TEXT NOT NULL DEFAULT '',
    phone_masked       TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, id),
    CONSTRAINT enrolments_exit_check CHECK (exited_on IS NULL OR exited_on >= entered_on)
);
-- One open enrolment per person per project; re-entry opens a new one.
CREATE UNIQUE INDEX enrolments_open_key ON enrolments (project_id, worker_id) WHERE exited_on IS NULL;
CREATE INDEX enrolments_worker_idx ON enrolments (project_id, worker_id);
CREATE INDEX enrolments_card_idx ON enrolments (project_id, bank_card_index);
CREATE INDEX enrolments_employer_idx ON enrolments (project_id, employer_id, team);

-- Every card and phone an enrolment has had, with when it was valid.
CREATE TABLE enrolment_details (
    project_id   TEXT NOT NULL,
    enrolment_id TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    field        TEXT NOT NULL CONSTRAINT enrolment_details_field_check CHECK (field IN ('bank_card', 'phone')),
    value_enc    TEXT NOT NULL,
    value_index  TEXT NOT NULL DEFAULT '',
    value_masked TEXT NOT NULL,
    bank_id      TEXT,
    valid_from   TIMESTAMP NOT NULL,
    valid_until  TIMESTAMP,
    PRIMARY KEY (project_id, enrolment_id, seq),
    CONSTRAINT enrolment_details_enrolment_fkey FOREIGN KEY (project_id, enrolment_id) REFERENCES enrolments (project_id, id)
);

-- Hours are kept in hundredths of an hour (8.5 h = 850), never as a float.
CREATE TABLE attendance (
    project_id   TEXT NOT NULL,
    enrolment_id TEXT NOT NULL,
    work_date    TEXT NOT NULL,
    centihours   INTEGER NOT NULL CONSTRAINT attendance_hours_check CHECK (centihours BETWEEN 0 AND 2400),
    source       TEXT NOT NULL DEFAULT '',
    recorded_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, enrolment_id, work_date),
    CONSTRAINT attendance_enrolment_fkey FOREIGN KEY (project_id, enrolment_id) REFERENCES enrolments (project_id, id)
);

-- A day re-sent replaces the earlier record; the earlier hours are kept here.
CREATE TABLE attendance_revisions (
    project_id      TEXT NOT NULL,
    enrolment_id    TEXT NOT NULL,
    work_date       TEXT NOT NULL,
    revised_at      TIMESTAMP NOT NULL,
    old_centihours  INTEGER NOT NULL,
    new_centihours  INTEGER NOT NULL,
    source          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, enrolment_id, work_date, revised_at)
);

-- Uploaded files by SHA-256: the same file sent again returns the first result.
CREATE TABLE uploads (
    project_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    result     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, kind, sha256)
);

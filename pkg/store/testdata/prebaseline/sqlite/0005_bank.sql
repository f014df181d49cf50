-- The bank's facts; the same tables as postgres/0005_bank.sql.

CREATE TABLE bank_inflows (
    project_id   TEXT NOT NULL REFERENCES projects (id),
    id           TEXT NOT NULL,
    bank_id      TEXT NOT NULL,
    bank_ref     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    account_no   TEXT NOT NULL,
    amount       INTEGER NOT NULL CONSTRAINT bank_inflows_amount_check CHECK (amount > 0),
    received_on  TEXT NOT NULL,
    payer        TEXT NOT NULL DEFAULT '',
    entry_id     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    CONSTRAINT bank_inflows_pkey PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX bank_inflows_ref_key ON bank_inflows (project_id, bank_id, bank_ref);
CREATE INDEX bank_inflows_received_idx ON bank_inflows (project_id, received_on);

CREATE TABLE bank_confirmations (
    project_id     TEXT NOT NULL,
    id             TEXT NOT NULL,
    bank_id        TEXT NOT NULL,
    bank_ref       TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    instruction_id TEXT NOT NULL,
    status         TEXT NOT NULL CONSTRAINT bank_confirmations_status_check CHECK (status IN ('paid', 'failed', 'returned')),
    amount         INTEGER NOT NULL DEFAULT 0,
    settled_on     TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    entry_id       TEXT,
    exception      TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    CONSTRAINT bank_confirmations_pkey PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX bank_confirmations_ref_key ON bank_confirmations (project_id, bank_id, bank_ref);
CREATE INDEX bank_confirmations_instruction_idx ON bank_confirmations (project_id, instruction_id);

-- A failed instruction re-issued to the worker's corrected card names the
-- instruction it replaces; the failed one stays on record.
ALTER TABLE payment_instructions ADD COLUMN reissue_of TEXT;

-- GET /workers/{enrolment_id}/statement names an enrolment without its project.
CREATE INDEX enrolments_id_idx ON enrolments (id);

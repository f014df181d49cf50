-- wageguard's schema as of its first release, on SQLite: the same tables as
-- postgres/0001_baseline.sql (see the comments there, which state why each
-- table is shaped as it is), replacing the development migrations 0001_books
-- … 0010_key_collation. A database migrated by those ten is at this baseline
-- already; `wageguard migrate` recognises it and records it so.
--
-- Where the two differ, SQLite's way: dates are YYYY-MM-DD text, timestamps
-- are declared TIMESTAMP, every integer is INTEGER (64 bits), text compares
-- byte by byte already (BINARY), so key columns need no "C" collation, and
-- there is no fillfactor.

-- The double-entry books ----------------------------------------------------

CREATE TABLE ledger_entries (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    reverses_id  TEXT,
    effective_on TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, reverses_id) REFERENCES ledger_entries (project_id, id)
);
-- An entry is reversed at most once.
CREATE UNIQUE INDEX ledger_entries_reverses_key ON ledger_entries (project_id, reverses_id) WHERE reverses_id IS NOT NULL;

-- No foreign key to the entry: see postgres/0001_baseline.sql.
CREATE TABLE ledger_postings (
    project_id   TEXT NOT NULL,
    entry_id     TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    account_kind TEXT NOT NULL,
    account_ref  TEXT NOT NULL DEFAULT '',
    period       TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (project_id, entry_id, seq)
);
CREATE INDEX ledger_postings_account_idx ON ledger_postings (project_id, account_kind, account_ref, period);

-- Cached balance per account in up to 32 slots (project-level accounts) or
-- one (slot 0, per-worker accounts).
CREATE TABLE ledger_balances (
    project_id   TEXT NOT NULL,
    account_kind TEXT NOT NULL,
    account_ref  TEXT NOT NULL DEFAULT '',
    slot         INTEGER NOT NULL DEFAULT 0,
    balance      INTEGER NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, account_kind, account_ref, slot)
);

-- The audit trail -----------------------------------------------------------

CREATE TABLE audit_log (
    chain        TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    id           TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject);

CREATE TABLE audit_heads (
    chain TEXT NOT NULL PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);

CREATE TABLE audit_queue (
    chain        TEXT NOT NULL,
    id           TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    ord          INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    -- The sealer takes a chain's records in this order.
    PRIMARY KEY (chain, at, ord, id)
);

CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Entries, postings and the audit trail are append-only.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'wageguard: ledger_entries is append-only; post a reversing entry instead'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'wageguard: ledger_entries is append-only; post a reversing entry instead'); END;
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'wageguard: ledger_postings is append-only; post a reversing entry instead'); END;
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'wageguard: ledger_postings is append-only; post a reversing entry instead'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'wageguard: audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'wageguard: audit_log is append-only'); END;

-- Organisations, projects, API keys -----------------------------------------

CREATE TABLE organizations (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL,
    uscc        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('owner', 'general_contractor', 'subcontractor', 'bank', 'authority')),
    region_code TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE projects (
    id                     TEXT NOT NULL PRIMARY KEY,
    code                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    region_code            TEXT NOT NULL,
    owner_id               TEXT NOT NULL REFERENCES organizations (id),
    general_contractor_id  TEXT NOT NULL REFERENCES organizations (id),
    contract_amount        INTEGER NOT NULL CHECK (contract_amount > 0),
    started_on             TEXT NOT NULL,
    planned_completion_on  TEXT NOT NULL,
    completed_on           TEXT,
    pay_day                INTEGER NOT NULL CHECK (pay_day BETWEEN 1 AND 31),
    labour_cost_cycle_days INTEGER NOT NULL CHECK (labour_cost_cycle_days BETWEEN 1 AND 30),
    wage_bank_id           TEXT NOT NULL REFERENCES organizations (id),
    wage_account_no        TEXT NOT NULL,
    status                 TEXT NOT NULL DEFAULT 'active',
    created_at             TIMESTAMP NOT NULL,
    UNIQUE (wage_bank_id, wage_account_no)
);
CREATE INDEX projects_region_idx ON projects (region_code);
CREATE INDEX projects_gc_idx ON projects (general_contractor_id);

CREATE TABLE project_subcontractors (
    project_id      TEXT NOT NULL REFERENCES projects (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    added_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, organization_id)
);
CREATE INDEX project_subcontractors_org_idx ON project_subcontractors (organization_id);

CREATE TABLE api_keys (
    id              TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id),
    role            TEXT NOT NULL CHECK (role IN ('admin', 'contractor', 'bank', 'inspector')),
    label           TEXT NOT NULL DEFAULT '',
    secret_hash     TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP
);
CREATE INDEX api_keys_org_idx ON api_keys (organization_id);

-- The real-name registry ----------------------------------------------------

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
-- GET /workers/{enrolment_id}/statement names an enrolment without its project.
CREATE INDEX enrolments_id_idx ON enrolments (id);

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

-- Payrolls and payment instructions -----------------------------------------

CREATE TABLE payrolls (
    project_id        TEXT NOT NULL REFERENCES projects (id),
    id                TEXT NOT NULL,
    employer_id       TEXT NOT NULL REFERENCES organizations (id),
    period            TEXT NOT NULL,
    kind              TEXT NOT NULL CONSTRAINT payrolls_kind_check CHECK (kind IN ('regular', 'supplementary')),
    status            TEXT NOT NULL CONSTRAINT payrolls_status_check CHECK (status IN ('submitted', 'approved', 'rejected', 'superseded')),
    file_sha256       TEXT NOT NULL,
    source            TEXT NOT NULL DEFAULT '',
    line_count        INTEGER NOT NULL,
    gross_total       INTEGER NOT NULL,
    deductions_total  INTEGER NOT NULL,
    net_total         INTEGER NOT NULL,
    warnings          INTEGER NOT NULL DEFAULT 0,
    submitted_at      TIMESTAMP NOT NULL,
    submitted_by      TEXT NOT NULL,
    decided_at        TIMESTAMP,
    decided_by        TEXT NOT NULL DEFAULT '',
    reject_reason     TEXT NOT NULL DEFAULT '',
    CONSTRAINT payrolls_pkey PRIMARY KEY (project_id, id)
);
-- One live regular payroll per employer and month.
CREATE UNIQUE INDEX payrolls_regular_key ON payrolls (project_id, employer_id, period) WHERE kind = 'regular' AND status IN ('submitted', 'approved');
CREATE INDEX payrolls_file_idx ON payrolls (project_id, file_sha256);
-- /payrolls/{id} names a payroll without its project.
CREATE INDEX payrolls_id_idx ON payrolls (id);

CREATE TABLE payroll_lines (
    project_id        TEXT NOT NULL,
    payroll_id        TEXT NOT NULL,
    line_no           INTEGER NOT NULL,
    source_row        INTEGER NOT NULL,
    enrolment_id      TEXT NOT NULL,
    worker_id         TEXT NOT NULL,
    name              TEXT NOT NULL,
    id_number_masked  TEXT NOT NULL,
    centidays         INTEGER NOT NULL,
    gross             INTEGER NOT NULL,
    deductions        INTEGER NOT NULL,
    net               INTEGER NOT NULL CONSTRAINT payroll_lines_net_check CHECK (net >= 0 AND net = gross - deductions),
    bank_card_masked  TEXT NOT NULL,
    confirmed         INTEGER NOT NULL,
    warnings          TEXT NOT NULL DEFAULT '',
    CONSTRAINT payroll_lines_pkey PRIMARY KEY (project_id, payroll_id, line_no),
    CONSTRAINT payroll_lines_payroll_fkey FOREIGN KEY (project_id, payroll_id) REFERENCES payrolls (project_id, id)
);
CREATE INDEX payroll_lines_enrolment_idx ON payroll_lines (project_id, enrolment_id);

CREATE TABLE payment_instructions (
    project_id        TEXT NOT NULL,
    id                TEXT NOT NULL,
    payroll_id        TEXT NOT NULL,
    line_no           INTEGER NOT NULL,
    enrolment_id      TEXT NOT NULL,
    period            TEXT NOT NULL,
    amount            INTEGER NOT NULL CONSTRAINT payment_instructions_amount_check CHECK (amount > 0),
    payee_name        TEXT NOT NULL,
    payee_card_enc    TEXT NOT NULL,
    payee_card_index  TEXT NOT NULL,
    payee_card_masked TEXT NOT NULL,
    payee_bank_id     TEXT NOT NULL,
    wage_bank_id      TEXT NOT NULL,
    wage_account_no   TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    reissue_of        TEXT,
    CONSTRAINT payment_instructions_pkey PRIMARY KEY (project_id, id)
);
CREATE INDEX payment_instructions_line_idx ON payment_instructions (project_id, payroll_id, line_no);
-- Banks confirm by instruction ID alone.
CREATE INDEX payment_instructions_id_idx ON payment_instructions (id);

CREATE TABLE instruction_states (
    project_id     TEXT NOT NULL,
    instruction_id TEXT NOT NULL,
    wage_bank_id   TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending'
        CONSTRAINT instruction_states_status_check CHECK (status IN ('pending', 'paid', 'partly_paid', 'failed', 'returned', 'reissued')),
    paid_amount    INTEGER NOT NULL DEFAULT 0 CONSTRAINT instruction_states_paid_check CHECK (paid_amount >= 0),
    CONSTRAINT instruction_states_pkey PRIMARY KEY (project_id, instruction_id)
);
-- GET /bank/instructions?status=…, in ID order.
CREATE INDEX instruction_states_bank_idx ON instruction_states (wage_bank_id, instruction_id);

-- The instructions still waiting for the bank's first result.
CREATE TABLE pending_instructions (
    project_id     TEXT NOT NULL,
    instruction_id TEXT NOT NULL,
    wage_bank_id   TEXT NOT NULL,
    CONSTRAINT pending_instructions_pkey PRIMARY KEY (project_id, instruction_id)
);
CREATE INDEX pending_instructions_bank_idx ON pending_instructions (wage_bank_id, instruction_id);

CREATE VIEW instructions AS
    SELECT i.project_id, i.id, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount, i.payee_name, i.payee_card_enc,
        i.payee_card_index, i.payee_card_masked, i.payee_bank_id, s.wage_bank_id, i.wage_account_no, s.status, s.paid_amount,
        i.created_at, i.reissue_of
    FROM payment_instructions i JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id;

-- The bank's facts ----------------------------------------------------------

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
    CONSTRAINT bank_confirmations_pkey PRIMARY KEY (project_id, bank_id, bank_ref)
);
CREATE INDEX bank_confirmations_instruction_idx ON bank_confirmations (project_id, instruction_id);

CREATE TABLE unmatched_confirmations (
    project_id     TEXT NOT NULL,
    bank_id        TEXT NOT NULL,
    bank_ref       TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    instruction_id TEXT NOT NULL,
    status         TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    settled_on     TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    problem_code   TEXT NOT NULL,
    problem        TEXT NOT NULL,
    received_at    TIMESTAMP NOT NULL,
    -- The same refused fact sent again is the same record.
    CONSTRAINT unmatched_confirmations_pkey PRIMARY KEY (project_id, bank_id, bank_ref, content_hash)
);
CREATE INDEX unmatched_confirmations_bank_idx ON unmatched_confirmations (bank_id, received_at);

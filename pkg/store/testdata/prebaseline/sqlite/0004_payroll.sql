-- Payrolls, their lines and payment instructions; the same tables as postgres/0004_payroll.sql.

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

-- What the bank is told to pay: net pay from the project's wage account into
-- the worker's registered card, as it was at approval.
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
    status            TEXT NOT NULL DEFAULT 'pending',
    paid_amount       INTEGER NOT NULL DEFAULT 0,
    created_at        TIMESTAMP NOT NULL,
    CONSTRAINT payment_instructions_pkey PRIMARY KEY (project_id, id)
);
CREATE INDEX payment_instructions_line_idx ON payment_instructions (project_id, payroll_id, line_no);
-- Banks confirm by instruction ID alone.
CREATE INDEX payment_instructions_id_idx ON payment_instructions (id);
CREATE INDEX payment_instructions_bank_idx ON payment_instructions (wage_bank_id, status);

-- The workers' own voice (issue 17): payslip links, the workers' answers to
-- their payroll lines, and complaints.
--
-- A payslip token is never stored. The token is its record's ID, its key
-- version and expiry, signed with the payslip key derived from the secret
-- key file (service.PayslipLink); the record holds the SHA-256 of the token,
-- which finds it, so the database alone gives no one a working link. One live
-- token per enrolment and period; a revoked one stays on record.
CREATE TABLE payslip_tokens (
    project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id           TEXT COLLATE "C" NOT NULL,
    token_hash   TEXT COLLATE "C" NOT NULL,
    enrolment_id TEXT COLLATE "C" NOT NULL,
    period       TEXT COLLATE "C" NOT NULL,
    payroll_id   TEXT COLLATE "C" NOT NULL,
    key_version  INTEGER NOT NULL,
    expires_on   DATE NOT NULL,
    issued_at    TIMESTAMPTZ NOT NULL,
    issued_by    TEXT NOT NULL,
    revoked_at   TIMESTAMPTZ,
    revoked_by   TEXT NOT NULL DEFAULT '',
    CONSTRAINT payslip_tokens_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT payslip_tokens_enrolment_fkey FOREIGN KEY (project_id, enrolment_id) REFERENCES enrolments (project_id, id)
);
CREATE UNIQUE INDEX payslip_tokens_hash_key ON payslip_tokens (project_id, token_hash);
CREATE UNIQUE INDEX payslip_tokens_live_key ON payslip_tokens (project_id, enrolment_id, period) WHERE revoked_at IS NULL;
-- A link names its token without its project.
CREATE INDEX payslip_tokens_hash_idx ON payslip_tokens (token_hash);
CREATE INDEX payslip_tokens_payroll_idx ON payslip_tokens (project_id, payroll_id);

-- A worker's answer to one payroll line (REG Art. 31): confirmed, or
-- disputed with a reason, with the time and the token that gave it. One row
-- per line holds the current answer; every change is in the audit trail.
CREATE TABLE line_confirmations (
    project_id   TEXT COLLATE "C" NOT NULL,
    payroll_id   TEXT COLLATE "C" NOT NULL,
    line_no      INTEGER NOT NULL,
    enrolment_id TEXT COLLATE "C" NOT NULL,
    state        TEXT NOT NULL CONSTRAINT line_confirmations_state_check CHECK (state IN ('confirmed', 'disputed')),
    reason       TEXT NOT NULL DEFAULT '',
    token_id     TEXT COLLATE "C" NOT NULL,
    answered_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT line_confirmations_pkey PRIMARY KEY (project_id, payroll_id, line_no),
    CONSTRAINT line_confirmations_line_fkey FOREIGN KEY (project_id, payroll_id, line_no) REFERENCES payroll_lines (project_id, payroll_id, line_no)
);

-- Complaints (举报投诉), filed by a worker from the payslip page or entered by
-- an inspector with the worker's consent. Deadlines are working days
-- (ledger/complaints.go), stored as the dates they fall on. The complainant
-- (enrolment_id, token_id, complainant_name) is never shown to the employer.
CREATE TABLE complaints (
    project_id       TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id               TEXT COLLATE "C" NOT NULL,
    source           TEXT NOT NULL CONSTRAINT complaints_source_check CHECK (source IN ('worker', 'inspector')),
    enrolment_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
    token_id         TEXT COLLATE "C" NOT NULL DEFAULT '',
    complainant_name TEXT NOT NULL DEFAULT '',
    consent          INTEGER NOT NULL,
    summary          TEXT NOT NULL,
    periods          TEXT NOT NULL,
    workers          INTEGER NOT NULL CONSTRAINT complaints_workers_check CHECK (workers > 0),
    amount_claimed   BIGINT NOT NULL CONSTRAINT complaints_amount_check CHECK (amount_claimed >= 0),
    status           TEXT NOT NULL CONSTRAINT complaints_status_check CHECK (status IN ('received', 'accepted', 'refused', 'concluded')),
    received_on      DATE NOT NULL,
    accept_by        DATE NOT NULL,
    decided_on       DATE,
    conclude_by      DATE,
    extended         INTEGER NOT NULL DEFAULT 0,
    extension_reason TEXT NOT NULL DEFAULT '',
    concluded_on     DATE,
    note             TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT complaints_pkey PRIMARY KEY (project_id, id)
);
-- /complaints/{id} names a complaint without its project.
CREATE INDEX complaints_id_idx ON complaints (id);
CREATE INDEX complaints_enrolment_idx ON complaints (project_id, enrolment_id);

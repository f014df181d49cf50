-- Payroll fidelity (issue 11, items 5, 6 and 9): see the PostgreSQL migration of the same name.
ALTER TABLE projects ADD COLUMN pay_month TEXT NOT NULL DEFAULT 'next'
    CONSTRAINT projects_pay_month_check CHECK (pay_month IN ('current', 'next'));

-- What REG Art. 15 asks a wage sheet to show, each NULL where the file did
-- not give it: hours worked (hundredths), the parts of gross pay (base,
-- overtime, special allowances such as night-shift or high-temperature pay,
-- other allowances) and of deductions (social insurance, housing fund,
-- income tax, other). The service checks that the parts given add up exactly
-- to gross and deductions. Nullable columns with no default cost nothing on
-- existing rows and are written by the same COPY as the rest of the line.
ALTER TABLE payroll_lines ADD COLUMN centihours INTEGER;
ALTER TABLE payroll_lines ADD COLUMN base_pay INTEGER;
ALTER TABLE payroll_lines ADD COLUMN overtime_pay INTEGER;
ALTER TABLE payroll_lines ADD COLUMN special_allowances INTEGER;
ALTER TABLE payroll_lines ADD COLUMN other_allowances INTEGER;
ALTER TABLE payroll_lines ADD COLUMN social_insurance INTEGER;
ALTER TABLE payroll_lines ADD COLUMN housing_fund INTEGER;
ALTER TABLE payroll_lines ADD COLUMN income_tax INTEGER;
ALTER TABLE payroll_lines ADD COLUMN other_deductions INTEGER;

-- The general contractor pays first (先行清偿, REG Art. 30): see the
-- PostgreSQL migration. SQLite cannot change a CHECK constraint, so payrolls
-- is rebuilt: its rows are set aside, the table is made again under its own
-- name (so payroll_lines' foreign key keeps naming it) and refilled. The
-- foreign keys are checked at commit, when every line has its payroll again.
-- The new table has every column payrolls had (the baseline's; no migration
-- before this one changes payrolls) and payer_id.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE payrolls_set_aside AS SELECT * FROM payrolls;
DROP TABLE payrolls;
CREATE TABLE payrolls (
    project_id        TEXT NOT NULL REFERENCES projects (id),
    id                TEXT NOT NULL,
    employer_id       TEXT NOT NULL REFERENCES organizations (id),
    period            TEXT NOT NULL,
    kind              TEXT NOT NULL CONSTRAINT payrolls_kind_check CHECK (kind IN ('regular', 'supplementary', 'advance')),
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
    payer_id          TEXT NOT NULL DEFAULT '',
    CONSTRAINT payrolls_pkey PRIMARY KEY (project_id, id)
);
INSERT INTO payrolls (project_id, id, employer_id, period, kind, status, file_sha256, source, line_count, gross_total,
    deductions_total, net_total, warnings, submitted_at, submitted_by, decided_at, decided_by, reject_reason, payer_id)
    SELECT project_id, id, employer_id, period, kind, status, file_sha256, source, line_count, gross_total,
    deductions_total, net_total, warnings, submitted_at, submitted_by, decided_at, decided_by, reject_reason, employer_id FROM payrolls_set_aside;
DROP TABLE payrolls_set_aside;
CREATE UNIQUE INDEX payrolls_regular_key ON payrolls (project_id, employer_id, period) WHERE kind = 'regular' AND status IN ('submitted', 'approved');
CREATE INDEX payrolls_file_idx ON payrolls (project_id, file_sha256);
CREATE INDEX payrolls_id_idx ON payrolls (id);
ALTER TABLE payroll_lines ADD COLUMN advance_of TEXT NOT NULL DEFAULT ''
    CONSTRAINT payroll_lines_advance_of_check CHECK (advance_of IN ('', 'owed', 'new_work'));

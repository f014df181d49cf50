-- A payroll line's answer is kept per grant of its worker's payslip link;
-- see the PostgreSQL migration of the same name. SQLite cannot change a
-- primary key in place: the table is rebuilt, every row kept, with direct
-- added last as PostgreSQL adds it.
CREATE TABLE line_confirmations_new (
    project_id   TEXT NOT NULL,
    payroll_id   TEXT NOT NULL,
    line_no      INTEGER NOT NULL,
    enrolment_id TEXT NOT NULL,
    state        TEXT NOT NULL CONSTRAINT line_confirmations_state_check CHECK (state IN ('confirmed', 'disputed')),
    reason       TEXT NOT NULL DEFAULT '',
    token_id     TEXT NOT NULL,
    answered_at  TIMESTAMP NOT NULL,
    direct       INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT line_confirmations_pkey PRIMARY KEY (project_id, payroll_id, line_no, direct),
    CONSTRAINT line_confirmations_line_fkey FOREIGN KEY (project_id, payroll_id, line_no) REFERENCES payroll_lines (project_id, payroll_id, line_no)
);
INSERT INTO line_confirmations_new (project_id, payroll_id, line_no, enrolment_id, state, reason, token_id, answered_at, direct)
    SELECT c.project_id, c.payroll_id, c.line_no, c.enrolment_id, c.state, c.reason, c.token_id, c.answered_at,
        COALESCE((SELECT t.direct FROM payslip_tokens t WHERE t.project_id = c.project_id AND t.id = c.token_id), 0)
    FROM line_confirmations c;
DROP TABLE line_confirmations;
ALTER TABLE line_confirmations_new RENAME TO line_confirmations;

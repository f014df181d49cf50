-- Issue 18: each enrolment's wages due and wages_payable postings per
-- month, for the workforce statistics; see the PostgreSQL migration of the
-- same name.
CREATE TABLE wage_months (
    project_id   TEXT NOT NULL,
    period       TEXT NOT NULL,
    enrolment_id TEXT NOT NULL,
    due          INTEGER NOT NULL DEFAULT 0,
    payable      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, period, enrolment_id)
);

INSERT INTO wage_months (project_id, period, enrolment_id, due, payable)
SELECT x.project_id, x.period, x.enrolment_id, SUM(x.due), SUM(x.payable) FROM (
    SELECT l.project_id, y.period, l.enrolment_id, l.net AS due, 0 AS payable
        FROM payrolls y JOIN payroll_lines l ON l.project_id = y.project_id AND l.payroll_id = y.id
        WHERE y.status = 'approved' AND l.advance_of <> 'owed'
    UNION ALL SELECT g.project_id, g.period, g.account_ref, 0, g.amount FROM ledger_postings g WHERE g.account_kind = 'wages_payable') x
GROUP BY x.project_id, x.period, x.enrolment_id;

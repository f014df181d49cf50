-- The workforce statistics' per-enrolment month of wages (issue 18,
-- "Performance"): what each enrolment was due (its approved payroll lines'
-- net pay, an advance's lines of wages already owed left out, as the nightly
-- check leaves them) and the sum of its wages_payable postings (credit
-- negative: minus what it is still owed) for each wage period. Kept in the
-- same transaction as the facts by the two places that write them: the
-- approval of a payroll's lines (store.ApprovePayrollLines) and every other
-- posting (store.PostEntries: confirmations, failures, returns, re-issues,
-- drawdowns, exits); `wageguard ledger verify` recomputes it. The month's
-- statistics read one row per enrolment here instead of grouping the
-- month's payroll lines and walking every month's postings of each project
-- (the postings' account index is ordered account before month). A row
-- exists once the month has an approved line or a posting for the
-- enrolment, even when both sum to zero: that is a fact of the month for
-- the statistics, as before.
--
-- Keyed by project, then month: a month of a project is one range. Rows
-- are updated in place by every payment: room on the page keeps the new
-- version there (a HOT update, no index touched).
CREATE TABLE wage_months (
    project_id   TEXT COLLATE "C" NOT NULL,
    period       TEXT COLLATE "C" NOT NULL,
    enrolment_id TEXT COLLATE "C" NOT NULL,
    due          BIGINT NOT NULL DEFAULT 0,
    payable      BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT wage_months_pkey PRIMARY KEY (project_id, period, enrolment_id)
) WITH (fillfactor = 70);

-- The books kept before it (store.RebuildWageMonths is the same statement
-- for one project).
INSERT INTO wage_months (project_id, period, enrolment_id, due, payable)
SELECT x.project_id, x.period, x.enrolment_id, SUM(x.due), SUM(x.payable) FROM (
    SELECT l.project_id, y.period, l.enrolment_id, l.net AS due, 0 AS payable
        FROM payrolls y JOIN payroll_lines l ON l.project_id = y.project_id AND l.payroll_id = y.id
        WHERE y.status = 'approved' AND l.advance_of <> 'owed'
    UNION ALL SELECT g.project_id, g.period, g.account_ref, 0, g.amount FROM ledger_postings g WHERE g.account_kind = 'wages_payable') x
GROUP BY x.project_id, x.period, x.enrolment_id;

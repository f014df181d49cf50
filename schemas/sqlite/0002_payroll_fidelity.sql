-- Payroll fidelity (issue 11, items 5, 6 and 9): see postgres/0004_payroll_fidelity.sql.
ALTER TABLE projects ADD COLUMN pay_month TEXT NOT NULL DEFAULT 'next'
    CONSTRAINT projects_pay_month_check CHECK (pay_month IN ('current', 'next'));

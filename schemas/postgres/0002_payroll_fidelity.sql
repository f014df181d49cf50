-- Payroll fidelity (issue 11, items 5, 6 and 9).
--
-- A project's pay rule (REG Art. 14): its pay day falls in the period's own
-- month (当期, 'current') or the month after (次期, 'next', what every project
-- before this migration meant).
ALTER TABLE projects ADD COLUMN pay_month TEXT NOT NULL DEFAULT 'next'
    CONSTRAINT projects_pay_month_check CHECK (pay_month IN ('current', 'next'));

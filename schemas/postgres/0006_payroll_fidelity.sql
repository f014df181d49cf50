-- Payroll fidelity (issue 11, items 5, 6 and 9).
--
-- A project's pay rule (REG Art. 14): its pay day falls in the period's own
-- month (当期, 'current') or the month after (次期, 'next', what every project
-- before this migration meant).
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
ALTER TABLE payroll_lines ADD COLUMN base_pay BIGINT;
ALTER TABLE payroll_lines ADD COLUMN overtime_pay BIGINT;
ALTER TABLE payroll_lines ADD COLUMN special_allowances BIGINT;
ALTER TABLE payroll_lines ADD COLUMN other_allowances BIGINT;
ALTER TABLE payroll_lines ADD COLUMN social_insurance BIGINT;
ALTER TABLE payroll_lines ADD COLUMN housing_fund BIGINT;
ALTER TABLE payroll_lines ADD COLUMN income_tax BIGINT;
ALTER TABLE payroll_lines ADD COLUMN other_deductions BIGINT;

-- The general contractor pays first (先行清偿, REG Art. 30): an `advance`
-- payroll is the GC's, for a defaulting subcontractor's workers (employer_id
-- is the subcontractor, payer_id the GC; every other payroll's payer is its
-- employer). Each of its lines either pays wages already approved and still
-- owed ('owed': the books owe them already, so its approval posts only the
-- advance) or wages for work no approved payroll covered ('new_work': posted
-- as owed first, as any approved line). Other lines have advance_of ''.
ALTER TABLE payrolls DROP CONSTRAINT payrolls_kind_check;
ALTER TABLE payrolls ADD CONSTRAINT payrolls_kind_check CHECK (kind IN ('regular', 'supplementary', 'advance'));
ALTER TABLE payrolls ADD COLUMN payer_id TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE payrolls SET payer_id = employer_id;
ALTER TABLE payroll_lines ADD COLUMN advance_of TEXT NOT NULL DEFAULT ''
    CONSTRAINT payroll_lines_advance_of_check CHECK (advance_of IN ('', 'owed', 'new_work'));

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

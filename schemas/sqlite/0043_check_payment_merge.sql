-- The nightly check's payments read; see the PostgreSQL migration of the
-- same name. SQLite has no INCLUDE: the columns are trailing key columns,
-- which covers the read the same way.
DROP INDEX payment_instructions_line_idx;
CREATE INDEX payment_instructions_line_idx ON payment_instructions (project_id, payroll_id, line_no);
CREATE INDEX payment_instructions_check_idx ON payment_instructions (project_id, id, payroll_id, line_no, paid_from);

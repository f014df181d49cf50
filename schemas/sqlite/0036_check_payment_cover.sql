-- The nightly check's payments read; see the PostgreSQL migration of the
-- same name. SQLite has no INCLUDE: the columns are trailing key columns,
-- which covers the read the same way.
DROP INDEX bank_confirmations_instruction_idx;
CREATE INDEX bank_confirmations_instruction_idx ON bank_confirmations (project_id, instruction_id, id, entry_id, status, amount, settled_on);
DROP INDEX payment_instructions_line_idx;
CREATE INDEX payment_instructions_line_idx ON payment_instructions (project_id, payroll_id, line_no, id, paid_from);

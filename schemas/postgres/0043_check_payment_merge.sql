-- The nightly check's payments read (issue 14's speed target): a batch's
-- bank results joined to their instructions by (project, instruction). With
-- both sides read from an index in that order, PostgreSQL merges them
-- instead of hashing every instruction of the batch first (province
-- benchmark, 25 projects, 14,267 payments: 45-51 ms → 33-36 ms of server
-- time). The instructions' side was the line index widened by migration
-- 0036, ordered by line: it goes back to the line alone, and the covering
-- index in instruction order takes its place, so an instruction is written
-- to one index more, of about the same width in all.
DROP INDEX payment_instructions_line_idx;
CREATE INDEX payment_instructions_line_idx ON payment_instructions (project_id, payroll_id, line_no);
CREATE INDEX payment_instructions_check_idx ON payment_instructions (project_id, id) INCLUDE (payroll_id, line_no, paid_from);

-- The nightly check's payments read (issue 14's speed target): a batch's
-- bank results joined to their instructions is read from these two indexes
-- alone (an index-only scan, once VACUUM has marked the pages all-visible,
-- which autovacuum does for these insert-mostly tables), about a third of
-- the pages the heap took (province benchmark, 25 projects: 1,569 buffers
-- → 606, 45-66 ms → 22-30 ms). Each index replaces the one it widens: no
-- index more to write per confirmation or instruction, only wider entries.
DROP INDEX bank_confirmations_instruction_idx;
CREATE INDEX bank_confirmations_instruction_idx ON bank_confirmations (project_id, instruction_id)
    INCLUDE (id, entry_id, status, amount, settled_on);
DROP INDEX payment_instructions_line_idx;
CREATE INDEX payment_instructions_line_idx ON payment_instructions (project_id, payroll_id, line_no) INCLUDE (id, paid_from);

-- The nightly check reads a bank result's payroll line from its
-- instruction's ID (ledger.LineOfInstruction) rather than joining it to the
-- instruction, so the index migration 0043 added for that join is no longer
-- read by it: only a project with a guarantee drawdown still joins, and
-- the instructions' key serves those few. Every instruction issued wrote to
-- it.
DROP INDEX payment_instructions_check_idx;

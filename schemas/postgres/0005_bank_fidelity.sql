-- Issue 11, the bank's facts as the bank wrote them.

-- A result file row is kept as an unmatched confirmation even when its
-- status is no result (pending, uncertain, a code the bank's table does not
-- hold): bank_status keeps the code verbatim ('' for a request's item, which
-- carries paid, failed or returned in status).
ALTER TABLE unmatched_confirmations ADD COLUMN bank_status TEXT NOT NULL DEFAULT '';

-- An instruction paid in part whose rest the bank failed or returned is
-- partly_failed: the rest is owed and re-issued as an instruction of its own.
ALTER TABLE instruction_states DROP CONSTRAINT instruction_states_status_check;
ALTER TABLE instruction_states ADD CONSTRAINT instruction_states_status_check
    CHECK (status IN ('pending', 'paid', 'partly_paid', 'partly_failed', 'failed', 'returned', 'reissued'));

-- A project's labour-cost cycle is one calendar month at most (REG Art. 24):
-- monthly (due by the same day of the next month), or a shorter number of
-- days in labour_cost_cycle_days. That column stays NOT NULL and holds 30
-- for a monthly project, where it is not read. A project registered before
-- had to give days, at most 30: its 30 was the law's month, and is read so.
ALTER TABLE projects ADD COLUMN labour_cost_cycle TEXT NOT NULL DEFAULT 'days'
    CONSTRAINT projects_labour_cost_cycle_check CHECK (labour_cost_cycle IN ('monthly', 'days'));
UPDATE projects SET labour_cost_cycle = 'monthly' WHERE labour_cost_cycle_days = 30;

-- An allocation carries the day the owner allocated it (beside received_on,
-- the day the bank credited it) and, where the region asks for it, the
-- labour-cost share of the progress payment, in hundredths of a percent
-- (0: not given).
ALTER TABLE bank_inflows ADD COLUMN allocated_on DATE;
ALTER TABLE bank_inflows ADD COLUMN labour_cost_share INTEGER NOT NULL DEFAULT 0
    CONSTRAINT bank_inflows_share_check CHECK (labour_cost_share BETWEEN 0 AND 10000);

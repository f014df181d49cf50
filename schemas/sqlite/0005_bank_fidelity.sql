-- Issue 11, the bank's facts as the bank wrote them.

-- A result file row is kept as an unmatched confirmation even when its
-- status is no result (pending, uncertain, a code the bank's table does not
-- hold): bank_status keeps the code verbatim ('' for a request's item, which
-- carries paid, failed or returned in status).
ALTER TABLE unmatched_confirmations ADD COLUMN bank_status TEXT NOT NULL DEFAULT '';

-- An instruction paid in part whose rest the bank failed or returned is
-- partly_failed: the rest is owed and re-issued as an instruction of its own.
-- SQLite changes a check by rebuilding the table. The view instructions
-- reads it by name and is left as it is (whatever later migrations make of
-- it): with legacy_alter_table the rename neither rewrites nor checks views.
PRAGMA legacy_alter_table = ON;
CREATE TABLE instruction_states_new (
    project_id     TEXT NOT NULL,
    instruction_id TEXT NOT NULL,
    wage_bank_id   TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending'
        CONSTRAINT instruction_states_status_check CHECK (status IN ('pending', 'paid', 'partly_paid', 'partly_failed', 'failed', 'returned', 'reissued')),
    paid_amount    INTEGER NOT NULL DEFAULT 0 CONSTRAINT instruction_states_paid_check CHECK (paid_amount >= 0),
    CONSTRAINT instruction_states_pkey PRIMARY KEY (project_id, instruction_id)
);
INSERT INTO instruction_states_new (project_id, instruction_id, wage_bank_id, status, paid_amount)
    SELECT project_id, instruction_id, wage_bank_id, status, paid_amount FROM instruction_states;
DROP TABLE instruction_states;
ALTER TABLE instruction_states_new RENAME TO instruction_states;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX instruction_states_bank_idx ON instruction_states (wage_bank_id, instruction_id);

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
ALTER TABLE bank_inflows ADD COLUMN allocated_on TEXT;
ALTER TABLE bank_inflows ADD COLUMN labour_cost_share INTEGER NOT NULL DEFAULT 0
    CONSTRAINT bank_inflows_share_check CHECK (labour_cost_share BETWEEN 0 AND 10000);

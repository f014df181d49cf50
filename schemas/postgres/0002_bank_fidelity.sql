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

-- Wage guarantees, second part (issue 13 follow-up).
--
-- A drawdown supersedes the wage account's instructions for the arrears it
-- pays: the covered part of each is kept in instruction_states as
-- superseded_amount, so that the wage account's bank can no longer pay it
-- (a payment of it is refused and kept as an unmatched confirmation). An
-- instruction left with nothing payable is 'superseded'.
ALTER TABLE instruction_states ADD COLUMN superseded_amount BIGINT NOT NULL DEFAULT 0
    CONSTRAINT instruction_states_superseded_check CHECK (superseded_amount >= 0);
ALTER TABLE instruction_states DROP CONSTRAINT instruction_states_status_check;
ALTER TABLE instruction_states ADD CONSTRAINT instruction_states_status_check
    CHECK (status IN ('pending', 'paid', 'partly_paid', 'partly_failed', 'failed', 'returned', 'reissued', 'superseded'));

DROP VIEW instructions;
CREATE VIEW instructions AS
    SELECT i.project_id, i.id, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount, i.payee_name, i.payee_card_enc,
        i.payee_card_index, i.payee_card_masked, i.payee_bank_id, s.wage_bank_id, i.wage_account_no, s.status, s.paid_amount,
        i.created_at, i.reissue_of, i.payee_account_kind, i.paid_from, i.decision_ref, s.superseded_amount
    FROM payment_instructions i JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id;

-- A top-up restores what drawdowns took from a guarantee: cash paid in
-- (guarantee_funding → guarantee/<id>, entry_id) or a letter or policy
-- amended to a higher amount under its own reference. Idempotent on
-- (guarantee, reference).
CREATE TABLE guarantee_topups (
    project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id           TEXT COLLATE "C" NOT NULL,
    guarantee_id TEXT COLLATE "C" NOT NULL,
    reference    TEXT COLLATE "C" NOT NULL,
    content_hash TEXT NOT NULL,
    amount       BIGINT NOT NULL CONSTRAINT guarantee_topups_amount_check CHECK (amount > 0),
    topped_up_on DATE NOT NULL,
    entry_id     TEXT COLLATE "C",
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT guarantee_topups_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT guarantee_topups_guarantee_fkey FOREIGN KEY (project_id, guarantee_id) REFERENCES guarantees (project_id, id)
);
CREATE UNIQUE INDEX guarantee_topups_reference_key ON guarantee_topups (project_id, guarantee_id, reference);

-- What drawdowns take from a guarantee is read from their instructions'
-- states (ledger.DrawnOf): a failed or returned one is back in the cover at
-- once. The running total kept since 0004 counted it drawn until re-issued.
ALTER TABLE guarantees DROP COLUMN drawn;

-- Wage guarantees, second part; see the PostgreSQL migration of the same name.

-- SQLite cannot alter a CHECK constraint; widening one changes nothing
-- stored, so the table's definition is edited in place (see 0004).
PRAGMA writable_schema = ON;
UPDATE sqlite_master
    SET sql = replace(sql, '''returned'', ''reissued'')', '''returned'', ''reissued'', ''superseded'')')
    WHERE type = 'table' AND name = 'instruction_states';
PRAGMA writable_schema = RESET;
ALTER TABLE instruction_states ADD COLUMN superseded_amount INTEGER NOT NULL DEFAULT 0
    CONSTRAINT instruction_states_superseded_check CHECK (superseded_amount >= 0);

DROP VIEW instructions;
CREATE VIEW instructions AS
    SELECT i.project_id, i.id, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount, i.payee_name, i.payee_card_enc,
        i.payee_card_index, i.payee_card_masked, i.payee_bank_id, s.wage_bank_id, i.wage_account_no, s.status, s.paid_amount,
        i.created_at, i.reissue_of, i.payee_account_kind, i.paid_from, i.decision_ref, s.superseded_amount
    FROM payment_instructions i JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id;

CREATE TABLE guarantee_topups (
    project_id   TEXT NOT NULL REFERENCES projects (id),
    id           TEXT NOT NULL,
    guarantee_id TEXT NOT NULL,
    reference    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    amount       INTEGER NOT NULL CONSTRAINT guarantee_topups_amount_check CHECK (amount > 0),
    topped_up_on TEXT NOT NULL,
    entry_id     TEXT,
    created_at   TIMESTAMP NOT NULL,
    CONSTRAINT guarantee_topups_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT guarantee_topups_guarantee_fkey FOREIGN KEY (project_id, guarantee_id) REFERENCES guarantees (project_id, id)
);
CREATE UNIQUE INDEX guarantee_topups_reference_key ON guarantee_topups (project_id, guarantee_id, reference);

-- What drawdowns take from a guarantee is read from their instructions'
-- states (ledger.DrawnOf): a failed or returned one is back in the cover at
-- once. The running total kept since 0004 counted it drawn until re-issued.
ALTER TABLE guarantees DROP COLUMN drawn;

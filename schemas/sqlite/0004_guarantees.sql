-- Wage guarantees (issue 13); see the PostgreSQL migration of the same name.

-- An insurer issues guarantee insurance policies. SQLite cannot alter a
-- CHECK constraint, and rebuilding organizations would break the foreign
-- keys of every table that references it (they cannot be switched off inside
-- the migration's transaction). Widening a CHECK changes nothing stored, so
-- the table's definition is edited in place, as SQLite's documentation
-- allows for removing or loosening a constraint. RESET makes this connection
-- read the schema again; the CREATE TABLE below changes the schema cookie,
-- which makes every other connection read it again.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
    SET sql = replace(sql, '''bank'', ''authority'')', '''bank'', ''authority'', ''insurer'')')
    WHERE type = 'table' AND name = 'organizations';
PRAGMA writable_schema = RESET;

CREATE TABLE guarantees (
    project_id   TEXT NOT NULL REFERENCES projects (id),
    id           TEXT NOT NULL,
    form         TEXT NOT NULL CONSTRAINT guarantees_form_check CHECK (form IN ('cash', 'bank_letter', 'insurance')),
    issuer_id    TEXT NOT NULL REFERENCES organizations (id),
    reference    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    amount       INTEGER NOT NULL CONSTRAINT guarantees_amount_check CHECK (amount > 0),
    valid_from   TEXT NOT NULL,
    valid_until  TEXT,
    warnings     TEXT NOT NULL DEFAULT '[]',
    entry_id     TEXT,
    drawn        INTEGER NOT NULL DEFAULT 0,
    released_on  TEXT,
    release_entry_id TEXT,
    created_at   TIMESTAMP NOT NULL,
    CONSTRAINT guarantees_pkey PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX guarantees_reference_key ON guarantees (project_id, issuer_id, reference);
CREATE INDEX guarantees_issuer_idx ON guarantees (issuer_id);
-- A path names a guarantee by its ID alone.
CREATE INDEX guarantees_id_idx ON guarantees (id);

-- A drawdown: an inspector's decision to pay named workers out of a
-- guarantee. Its payment instructions are ordinary instructions that the
-- guarantee's issuer pays and confirms (instruction_states.wage_bank_id is
-- the issuer), paid from the guarantee rather than the wage account
-- (payment_instructions.paid_from: guarantee/<id> for cash,
-- guarantee_claims/<id> for a letter or policy; '' is the wage account) and
-- carrying the decision's reference. A decision is lodged once per
-- guarantee: the same decision again is a retry.
CREATE TABLE guarantee_drawdowns (
    project_id   TEXT NOT NULL REFERENCES projects (id),
    id           TEXT NOT NULL,
    guarantee_id TEXT NOT NULL,
    decision_ref TEXT NOT NULL,
    alert_id     TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    amount       INTEGER NOT NULL CONSTRAINT guarantee_drawdowns_amount_check CHECK (amount > 0),
    drawn_on     TEXT NOT NULL,
    pay_by       TEXT NOT NULL,
    top_up_by    TEXT NOT NULL,
    deadline_note TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    CONSTRAINT guarantee_drawdowns_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT guarantee_drawdowns_guarantee_fkey FOREIGN KEY (project_id, guarantee_id) REFERENCES guarantees (project_id, id)
);
CREATE UNIQUE INDEX guarantee_drawdowns_decision_key ON guarantee_drawdowns (project_id, guarantee_id, decision_ref);

ALTER TABLE payment_instructions ADD COLUMN paid_from TEXT NOT NULL DEFAULT '';
ALTER TABLE payment_instructions ADD COLUMN decision_ref TEXT NOT NULL DEFAULT '';

DROP VIEW instructions;
CREATE VIEW instructions AS
    SELECT i.project_id, i.id, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount, i.payee_name, i.payee_card_enc,
        i.payee_card_index, i.payee_card_masked, i.payee_bank_id, s.wage_bank_id, i.wage_account_no, s.status, s.paid_amount,
        i.created_at, i.reissue_of, i.payee_account_kind, i.paid_from, i.decision_ref
    FROM payment_instructions i JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id;

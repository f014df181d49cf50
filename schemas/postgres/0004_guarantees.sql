-- Wage guarantees (工资保证金, issue 13): cash held in a bank, a bank letter
-- of guarantee, or a guarantee insurance policy, lodged per project by its
-- general contractor. Cash moves money in the books (guarantee_funding →
-- guarantee/<id>); a letter or policy is an instrument that counts towards
-- the required amount while it is valid and moves nothing until drawn.

-- An insurer issues guarantee insurance policies.
ALTER TABLE organizations DROP CONSTRAINT organizations_kind_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_kind_check
    CHECK (kind IN ('owner', 'general_contractor', 'subcontractor', 'bank', 'authority', 'insurer'));

-- A guarantee is known by its issuer's own reference: lodging it again is a
-- retry (the same content) or a conflict (other content). warnings holds the
-- compliance facts it was accepted with (a letter shorter than a year or
-- than the contract), as JSON [{code, message}].
CREATE TABLE guarantees (
    project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id           TEXT COLLATE "C" NOT NULL,
    form         TEXT NOT NULL CONSTRAINT guarantees_form_check CHECK (form IN ('cash', 'bank_letter', 'insurance')),
    issuer_id    TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    reference    TEXT COLLATE "C" NOT NULL,
    content_hash TEXT NOT NULL,
    amount       BIGINT NOT NULL CONSTRAINT guarantees_amount_check CHECK (amount > 0),
    valid_from   DATE NOT NULL,
    valid_until  DATE,
    warnings     TEXT NOT NULL DEFAULT '[]',
    entry_id     TEXT COLLATE "C",
    drawn        BIGINT NOT NULL DEFAULT 0,
    released_on  DATE,
    release_entry_id TEXT COLLATE "C",
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT guarantees_pkey PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX guarantees_reference_key ON guarantees (project_id, issuer_id, reference);
-- A bank lists the guarantees it holds across projects.
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
    project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id           TEXT COLLATE "C" NOT NULL,
    guarantee_id TEXT COLLATE "C" NOT NULL,
    decision_ref TEXT COLLATE "C" NOT NULL,
    alert_id     TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    amount       BIGINT NOT NULL CONSTRAINT guarantee_drawdowns_amount_check CHECK (amount > 0),
    drawn_on     DATE NOT NULL,
    pay_by       DATE NOT NULL,
    top_up_by    DATE NOT NULL,
    deadline_note TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT guarantee_drawdowns_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT guarantee_drawdowns_guarantee_fkey FOREIGN KEY (project_id, guarantee_id) REFERENCES guarantees (project_id, id)
);
CREATE UNIQUE INDEX guarantee_drawdowns_decision_key ON guarantee_drawdowns (project_id, guarantee_id, decision_ref);

ALTER TABLE payment_instructions ADD COLUMN paid_from TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE payment_instructions ADD COLUMN decision_ref TEXT NOT NULL DEFAULT '';

DROP VIEW instructions;
CREATE VIEW instructions AS
    SELECT i.project_id, i.id, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount, i.payee_name, i.payee_card_enc,
        i.payee_card_index, i.payee_card_masked, i.payee_bank_id, s.wage_bank_id, i.wage_account_no, s.status, s.paid_amount,
        i.created_at, i.reissue_of, i.payee_account_kind, i.paid_from, i.decision_ref
    FROM payment_instructions i JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id;

-- A bank fact is never thrown away. A confirmation that cannot be applied —
-- its instruction is unknown at this bank, it pays more than the instruction
-- or another account than the instruction's card, it returns money never
-- paid, or it repeats a bank reference with other content — is refused to
-- the bank and kept here. The reconciliation of the instruction's project
-- lists it as an unmatched confirmation; one naming no instruction of the
-- bank's projects has project_id '' and is listed to the bank alone.
CREATE TABLE unmatched_confirmations (
    project_id     TEXT NOT NULL,
    bank_id        TEXT NOT NULL,
    bank_ref       TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    instruction_id TEXT NOT NULL,
    status         TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    settled_on     DATE NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    problem_code   TEXT NOT NULL,
    problem        TEXT NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    -- The same refused fact sent again is the same record.
    CONSTRAINT unmatched_confirmations_pkey PRIMARY KEY (project_id, bank_id, bank_ref, content_hash)
);
CREATE INDEX unmatched_confirmations_bank_idx ON unmatched_confirmations (bank_id, received_at);

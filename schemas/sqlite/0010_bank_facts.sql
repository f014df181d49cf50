-- Issue 11: every bank fact that names something is kept (the lead may
-- renumber this migration at merge).

-- A result file row that cannot be applied is kept even when it carries no
-- date (a pending row normally has none) or a value that cannot be read:
-- raw keeps the row's columns as the bank wrote them (a JSON object,
-- heading → text), bank_error_code the bank's own error code verbatim
-- (CMB errcod, ICBC instrRetCode). SQLite drops a NOT NULL by rebuilding
-- the table.
CREATE TABLE unmatched_confirmations_new (
    project_id      TEXT NOT NULL,
    bank_id         TEXT NOT NULL,
    bank_ref        TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    instruction_id  TEXT NOT NULL,
    status          TEXT NOT NULL,
    amount          INTEGER NOT NULL,
    settled_on      TEXT,
    reason          TEXT NOT NULL DEFAULT '',
    problem_code    TEXT NOT NULL,
    problem         TEXT NOT NULL,
    received_at     TIMESTAMP NOT NULL,
    bank_status     TEXT NOT NULL DEFAULT '',
    bank_error_code TEXT NOT NULL DEFAULT '',
    raw             TEXT NOT NULL DEFAULT '',
    -- The same refused fact sent again is the same record.
    CONSTRAINT unmatched_confirmations_pkey PRIMARY KEY (project_id, bank_id, bank_ref, content_hash)
);
INSERT INTO unmatched_confirmations_new (project_id, bank_id, bank_ref, content_hash, instruction_id, status, amount, settled_on,
        reason, problem_code, problem, received_at, bank_status)
    SELECT project_id, bank_id, bank_ref, content_hash, instruction_id, status, amount, settled_on,
        reason, problem_code, problem, received_at, bank_status FROM unmatched_confirmations;
DROP TABLE unmatched_confirmations;
ALTER TABLE unmatched_confirmations_new RENAME TO unmatched_confirmations;
CREATE INDEX unmatched_confirmations_bank_idx ON unmatched_confirmations (bank_id, received_at);

-- An applied confirmation keeps the bank's own error code verbatim too
-- (a failed row's errcod or instrRetCode; '' when it gave none).
ALTER TABLE bank_confirmations ADD COLUMN bank_error_code TEXT NOT NULL DEFAULT '';

-- A bank organisation's PBOC bank category code (102 ICBC, 308 CMB): its
-- result files are read by that bank's status table ('' for other kinds,
-- or a bank that has not given it).
ALTER TABLE organizations ADD COLUMN bank_code TEXT NOT NULL DEFAULT '';

-- A bank's confirmation is known, and looked up, by its bank reference. The
-- separate key on its random ID cost every confirmation one more index entry
-- and was used only to remove or mark confirmations the same transaction had
-- just written, which the reference does as well.

-- SQLite cannot change a primary key in place: the table is rebuilt.
CREATE TABLE bank_confirmations_keyed (
    project_id     TEXT NOT NULL,
    id             TEXT NOT NULL,
    bank_id        TEXT NOT NULL,
    bank_ref       TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    instruction_id TEXT NOT NULL,
    status         TEXT NOT NULL CONSTRAINT bank_confirmations_status_check CHECK (status IN ('paid', 'failed', 'returned')),
    amount         INTEGER NOT NULL DEFAULT 0,
    settled_on     TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    entry_id       TEXT,
    exception      TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    CONSTRAINT bank_confirmations_pkey PRIMARY KEY (project_id, bank_id, bank_ref)
);
INSERT INTO bank_confirmations_keyed (project_id, id, bank_id, bank_ref, content_hash, instruction_id, status, amount, settled_on,
        reason, entry_id, exception, created_at)
    SELECT project_id, id, bank_id, bank_ref, content_hash, instruction_id, status, amount, settled_on, reason, entry_id, exception, created_at
    FROM bank_confirmations;
DROP TABLE bank_confirmations;
ALTER TABLE bank_confirmations_keyed RENAME TO bank_confirmations;
CREATE INDEX bank_confirmations_instruction_idx ON bank_confirmations (project_id, instruction_id);

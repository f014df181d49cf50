-- Two rows every write of a project used to queue on are spread out, so that
-- single confirmations from many clients do not wait in line:
--
-- 1. A project-level account (its wage account above all) keeps its cached
--    balance in up to 32 slots; a transaction adds its sum to one slot and a
--    reader adds the slots up. Per-worker accounts keep one slot (0).
-- 2. An audit record is written, inside the transaction that makes the change,
--    to audit_queue; the sealer then links queued records into their chain
--    (sequence number, previous hash, hash) in its own short transaction, so
--    no request holds a chain head until it commits.

-- SQLite cannot change a primary key in place: the table is rebuilt.
CREATE TABLE ledger_balances_slotted (
    project_id   TEXT NOT NULL,
    account_kind TEXT NOT NULL,
    account_ref  TEXT NOT NULL DEFAULT '',
    slot         INTEGER NOT NULL DEFAULT 0,
    balance      INTEGER NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, account_kind, account_ref, slot)
);
INSERT INTO ledger_balances_slotted (project_id, account_kind, account_ref, slot, balance, updated_at)
    SELECT project_id, account_kind, account_ref, 0, balance, updated_at FROM ledger_balances;
DROP TABLE ledger_balances;
ALTER TABLE ledger_balances_slotted RENAME TO ledger_balances;

CREATE TABLE audit_queue (
    chain        TEXT NOT NULL,
    id           TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    ord          INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    -- The sealer takes a chain's records in this order.
    PRIMARY KEY (chain, at, ord, id)
);

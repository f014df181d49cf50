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

ALTER TABLE ledger_balances ADD COLUMN slot SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE ledger_balances DROP CONSTRAINT ledger_balances_pkey;
ALTER TABLE ledger_balances ADD CONSTRAINT ledger_balances_pkey PRIMARY KEY (project_id, account_kind, account_ref, slot);

CREATE TABLE audit_queue (
    chain        TEXT NOT NULL,
    id           TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    ord          INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    -- The sealer takes a chain's records in this order.
    CONSTRAINT audit_queue_pkey PRIMARY KEY (chain, at, ord, id)
);

-- A balance row is updated in place many times: leaving room on its page lets
-- PostgreSQL keep the new version there without touching the index (a HOT
-- update), which a batch of 10,000 payments does 10,000 times.
ALTER TABLE ledger_balances SET (fillfactor = 70);

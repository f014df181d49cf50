-- Issue 17: the labour inspectors may revoke a link they gave a worker
-- straight as misused (someone other than the worker held it): a
-- confirmation given through it then no longer counts as the worker's
-- (ledger.DecideLineStanding); the answer stays on record. Only a direct
-- link is so marked, and a mark is never taken back.
ALTER TABLE payslip_tokens ADD COLUMN misused INTEGER NOT NULL DEFAULT 0;

-- The contractor-record load's sum by account; see the PostgreSQL migration
-- of the same name. SQLite has no INCLUDE: amount is a trailing key column,
-- which covers the read the same way.
DROP INDEX ledger_postings_account_idx;
CREATE INDEX ledger_postings_account_idx ON ledger_postings (project_id, account_kind, account_ref, period, amount);

-- The statistics' month of owed wages; see the PostgreSQL migration of the
-- same name. SQLite has no INCLUDE: amount is a trailing key column, which
-- covers the read the same way.
CREATE INDEX ledger_postings_wages_period_idx ON ledger_postings (project_id, period, account_ref, amount)
    WHERE account_kind = 'wages_payable';

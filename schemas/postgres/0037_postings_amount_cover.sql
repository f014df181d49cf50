-- The nightly check's contractor-record load (issue 14's speed target) sums
-- what the books owe each worker from ledger_postings by account: with the
-- amount in the account index that sum is read from the index alone (an
-- index-only scan once VACUUM has marked the pages all-visible, which
-- autovacuum does for this append-only table). Province benchmark at scale
-- 0.2: 88-108 ms → 46-66 ms per batch. The index replaces the one it widens:
-- no index more to write per posting, only eight bytes more per entry.
DROP INDEX ledger_postings_account_idx;
CREATE INDEX ledger_postings_account_idx ON ledger_postings (project_id, account_kind, account_ref, period) INCLUDE (amount);

-- Issue 11, the bank's facts as the bank wrote them.

-- A result file row is kept as an unmatched confirmation even when its
-- status is no result (pending, uncertain, a code the bank's table does not
-- hold): bank_status keeps the code verbatim ('' for a request's item, which
-- carries paid, failed or returned in status).
ALTER TABLE unmatched_confirmations ADD COLUMN bank_status TEXT NOT NULL DEFAULT '';

-- Issue 17: a night is judged by the complaint deadline in force on it.
-- An extension moves conclude_by; a re-run of a night before the extension
-- was decided must read the deadline it replaced (ledger.ComplaintFact
-- .concludeByOn). extended_on is the day the extension was decided,
-- conclude_by_before the deadline it replaced (ledger.RecordExtension).
-- A complaint extended before this migration keeps both NULL: its nights
-- are read with the current deadline, as before.
ALTER TABLE complaints ADD COLUMN extended_on DATE;
ALTER TABLE complaints ADD COLUMN conclude_by_before DATE;

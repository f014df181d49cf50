-- The dishonesty list's fixes (issue 17 item 4, ledger/blacklist_listing.go).
-- A listing records its ground under MOHRSS Order No. 45: the unpaid wages
-- under a lapsed order to pay reach the criminal threshold ('threshold'), or
-- the arrears caused a mass or an extreme incident ('mass_incident',
-- 'extreme_incident'); '' for a listing decided before this migration, whose
-- ground was not recorded. The reply period counts from the day the unit
-- received the notice (served_on; the notice's date when not given, as
-- before). A blacklist candidate may come from an order to pay lapsed unpaid
-- with the threshold reached (source 'order').
ALTER TABLE blacklist_listings ADD COLUMN served_on DATE;
ALTER TABLE blacklist_listings ADD COLUMN ground TEXT NOT NULL DEFAULT ''
    CONSTRAINT blacklist_listings_ground_check CHECK (ground IN ('', 'threshold', 'mass_incident', 'extreme_incident'));
UPDATE blacklist_listings SET served_on = notice_on WHERE notice_on IS NOT NULL;

ALTER TABLE blacklist_candidates DROP CONSTRAINT blacklist_candidates_source_check;
ALTER TABLE blacklist_candidates ADD CONSTRAINT blacklist_candidates_source_check CHECK (source IN ('escalation', 'check', 'order'));

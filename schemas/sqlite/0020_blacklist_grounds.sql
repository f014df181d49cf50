-- The dishonesty list's fixes (issue 17 item 4, ledger/blacklist_listing.go).
-- A listing records its ground under MOHRSS Order No. 45: the unpaid wages
-- under a lapsed order to pay reach the criminal threshold ('threshold'), or
-- the arrears caused a mass or an extreme incident ('mass_incident',
-- 'extreme_incident'); '' for a listing decided before this migration, whose
-- ground was not recorded. The reply period counts from the day the unit
-- received the notice (served_on; the notice's date when not given, as
-- before). A blacklist candidate may come from an order to pay lapsed unpaid
-- with the threshold reached (source 'order').
ALTER TABLE blacklist_listings ADD COLUMN served_on TEXT;
ALTER TABLE blacklist_listings ADD COLUMN ground TEXT NOT NULL DEFAULT ''
    CONSTRAINT blacklist_listings_ground_check CHECK (ground IN ('', 'threshold', 'mass_incident', 'extreme_incident'));
UPDATE blacklist_listings SET served_on = notice_on WHERE notice_on IS NOT NULL;

-- SQLite cannot change a CHECK in place: the table is rebuilt, its rows
-- kept. blacklist_listings refers to it; the reference is checked when the
-- migration commits, by then against the rebuilt table.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE blacklist_candidates_new (
    employer_id TEXT NOT NULL REFERENCES organizations (id),
    project_id  TEXT NOT NULL,
    alert_id    TEXT NOT NULL,
    source      TEXT NOT NULL CONSTRAINT blacklist_candidates_source_check CHECK (source IN ('escalation', 'check', 'order')),
    rule        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    amount      INTEGER NOT NULL DEFAULT 0,
    headcount   INTEGER NOT NULL DEFAULT 0,
    proposed_on TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    CONSTRAINT blacklist_candidates_pkey PRIMARY KEY (project_id, alert_id),
    CONSTRAINT blacklist_candidates_alert_fkey FOREIGN KEY (project_id, alert_id) REFERENCES alerts (project_id, id)
);
INSERT INTO blacklist_candidates_new (employer_id, project_id, alert_id, source, rule, reason, amount, headcount, proposed_on, proposed_by, created_at)
    SELECT employer_id, project_id, alert_id, source, rule, reason, amount, headcount, proposed_on, proposed_by, created_at FROM blacklist_candidates;
DROP TABLE blacklist_candidates;
ALTER TABLE blacklist_candidates_new RENAME TO blacklist_candidates;
CREATE INDEX blacklist_candidates_employer_idx ON blacklist_candidates (employer_id);

-- The dishonesty list's fixes (issue 17 item 4, ledger/blacklist_listing.go).
-- A listing records its ground under MOHRSS Order No. 45: the unpaid wages
-- under a lapsed order to pay reach the criminal threshold ('threshold'), or
-- the arrears caused a mass or an extreme incident ('mass_incident',
-- 'extreme_incident'); '' for a listing decided before this migration, whose
-- ground was not recorded. The reply period counts from the day the unit
-- received the notice (served_on; the notice's date when not given, as
-- before). A blacklist candidate may come from an order to pay lapsed unpaid
-- with the threshold reached (source 'order').
--
-- SQLite cannot change a CHECK in place, and blacklist_listings refers to
-- blacklist_candidates: the listings are set aside, both tables rebuilt,
-- every row kept (the listings with served_on and ground added last, as
-- PostgreSQL adds them).
CREATE TABLE blacklist_listings_kept AS SELECT * FROM blacklist_listings;
DROP TABLE blacklist_listings;

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

CREATE TABLE blacklist_listings (
    project_id          TEXT NOT NULL,
    id                  TEXT NOT NULL,
    alert_id            TEXT NOT NULL,
    employer_id         TEXT NOT NULL REFERENCES organizations (id),
    source              TEXT NOT NULL,
    reason              TEXT NOT NULL,
    responsible_persons TEXT NOT NULL,
    status              TEXT NOT NULL CONSTRAINT blacklist_listings_status_check
                            CHECK (status IN ('proposed', 'notified', 'replied', 'listed', 'declined', 'removed')),
    proposed_on         TEXT NOT NULL,
    proposed_by         TEXT NOT NULL,
    notice_on           TEXT,
    notice_content      TEXT NOT NULL DEFAULT '',
    reply_by            TEXT,
    reply_on            TEXT,
    reply_text          TEXT NOT NULL DEFAULT '',
    decided_on          TEXT,
    decided_by          TEXT NOT NULL DEFAULT '',
    decision            TEXT NOT NULL DEFAULT '',
    start_on            TEXT,
    end_on              TEXT,
    removed_on          TEXT,
    removed_by          TEXT NOT NULL DEFAULT '',
    removal_reasons     TEXT NOT NULL DEFAULT '',
    corrected_on        TEXT,
    pledge_on           TEXT,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    served_on           TEXT,
    ground              TEXT NOT NULL DEFAULT ''
                            CONSTRAINT blacklist_listings_ground_check CHECK (ground IN ('', 'threshold', 'mass_incident', 'extreme_incident')),
    CONSTRAINT blacklist_listings_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT blacklist_listings_candidate_fkey FOREIGN KEY (project_id, alert_id) REFERENCES blacklist_candidates (project_id, alert_id)
);
INSERT INTO blacklist_listings (project_id, id, alert_id, employer_id, source, reason, responsible_persons, status, proposed_on, proposed_by,
        notice_on, notice_content, reply_by, reply_on, reply_text, decided_on, decided_by, decision, start_on, end_on, removed_on, removed_by,
        removal_reasons, corrected_on, pledge_on, created_at, updated_at, served_on)
    SELECT project_id, id, alert_id, employer_id, source, reason, responsible_persons, status, proposed_on, proposed_by,
        notice_on, notice_content, reply_by, reply_on, reply_text, decided_on, decided_by, decision, start_on, end_on, removed_on, removed_by,
        removal_reasons, corrected_on, pledge_on, created_at, updated_at, notice_on FROM blacklist_listings_kept;
DROP TABLE blacklist_listings_kept;
CREATE UNIQUE INDEX blacklist_listings_open_key ON blacklist_listings (project_id, employer_id) WHERE status IN ('proposed', 'notified', 'replied');
CREATE INDEX blacklist_listings_id_idx ON blacklist_listings (id);
CREATE INDEX blacklist_listings_employer_idx ON blacklist_listings (employer_id, status);

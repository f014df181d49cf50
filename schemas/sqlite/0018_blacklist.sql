-- The dishonesty list (拖欠农民工工资失信联合惩戒对象名单, issue 17,
-- ledger/blacklist_listing.go): one row per proposal to list a unit, made
-- from a blacklist candidate (an escalated alert or the check's
-- blacklist_candidate finding), with each inspector's step on it: the prior
-- written notice and the reply period, the unit's reply, the decision to
-- list or not with reasons, the listing's period and an early removal.
-- responsible_persons is a JSON array of {name, role, id_masked}: an
-- identity number is kept masked only. A unit has at most one proposal
-- awaiting a decision per project (the service also refuses a second one on
-- another project).
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
    CONSTRAINT blacklist_listings_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT blacklist_listings_candidate_fkey FOREIGN KEY (project_id, alert_id) REFERENCES blacklist_candidates (project_id, alert_id)
);
CREATE UNIQUE INDEX blacklist_listings_open_key ON blacklist_listings (project_id, employer_id) WHERE status IN ('proposed', 'notified', 'replied');
CREATE INDEX blacklist_listings_id_idx ON blacklist_listings (id);
CREATE INDEX blacklist_listings_employer_idx ON blacklist_listings (employer_id, status);

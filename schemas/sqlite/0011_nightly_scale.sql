-- The nightly check at province size, and the blacklist-candidate list; see
-- the PostgreSQL migration of the same name.
CREATE TABLE attendance_months (
    project_id   TEXT NOT NULL,
    enrolment_id TEXT NOT NULL,
    period       TEXT NOT NULL,
    days         INTEGER NOT NULL CONSTRAINT attendance_months_days_check CHECK (days > 0),
    last_on      TEXT NOT NULL,
    CONSTRAINT attendance_months_pkey PRIMARY KEY (project_id, enrolment_id, period)
);
INSERT INTO attendance_months (project_id, enrolment_id, period, days, last_on)
    SELECT project_id, enrolment_id, substr(CAST(work_date AS TEXT), 1, 7), COUNT(*), MAX(work_date) FROM attendance WHERE centihours > 0
    GROUP BY project_id, enrolment_id, substr(CAST(work_date AS TEXT), 1, 7);

ALTER TABLE check_runs ADD COLUMN timings TEXT NOT NULL DEFAULT '{}';

CREATE TABLE blacklist_candidates (
    employer_id TEXT NOT NULL REFERENCES organizations (id),
    project_id  TEXT NOT NULL,
    alert_id    TEXT NOT NULL,
    source      TEXT NOT NULL CONSTRAINT blacklist_candidates_source_check CHECK (source IN ('escalation', 'check')),
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
CREATE INDEX blacklist_candidates_employer_idx ON blacklist_candidates (employer_id);

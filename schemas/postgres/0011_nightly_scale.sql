-- The nightly check at province size, and the blacklist-candidate list
-- (issue 14).
--
-- attendance_months is the attendance rollup DESIGN.md asks for: the days
-- worked (hours > 0) per enrolment and month, kept in the same transaction
-- as the days themselves (store.MergeAttendance), so that the nightly check
-- reads one row per worker and month instead of grouping every day again.
-- last_on is the month's last day worked: the month of the check's date is
-- taken from the rollup when no day after that date is recorded, and
-- counted from its days otherwise (a past night replayed).
CREATE TABLE attendance_months (
    project_id   TEXT COLLATE "C" NOT NULL,
    enrolment_id TEXT COLLATE "C" NOT NULL,
    period       TEXT COLLATE "C" NOT NULL,
    days         INTEGER NOT NULL CONSTRAINT attendance_months_days_check CHECK (days > 0),
    last_on      DATE NOT NULL,
    CONSTRAINT attendance_months_pkey PRIMARY KEY (project_id, enrolment_id, period)
);
INSERT INTO attendance_months (project_id, enrolment_id, period, days, last_on)
    SELECT project_id, enrolment_id, substr(CAST(work_date AS TEXT), 1, 7), COUNT(*), MAX(work_date) FROM attendance WHERE centihours > 0
    GROUP BY project_id, enrolment_id, substr(CAST(work_date AS TEXT), 1, 7);

-- What a run spent, in milliseconds summed over its workers: reading each
-- kind of fact, each rule, writing ({"reads": {...}, "rules": {...}, ...}).
ALTER TABLE check_runs ADD COLUMN timings TEXT NOT NULL DEFAULT '{}';

-- Employers proposed for the dishonesty list: an inspector escalated one of
-- their alerts, or the check found an order to pay lapsed with the criminal
-- threshold reached (rule blacklist_candidate). One row per
-- alert (an alert names one employer), with the reason; listing stays an inspector's decision (issue 17).
CREATE TABLE blacklist_candidates (
    employer_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    project_id  TEXT COLLATE "C" NOT NULL,
    alert_id    TEXT COLLATE "C" NOT NULL,
    source      TEXT NOT NULL CONSTRAINT blacklist_candidates_source_check CHECK (source IN ('escalation', 'check')),
    rule        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    amount      BIGINT NOT NULL DEFAULT 0,
    headcount   INTEGER NOT NULL DEFAULT 0,
    proposed_on DATE NOT NULL,
    proposed_by TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT blacklist_candidates_pkey PRIMARY KEY (project_id, alert_id),
    CONSTRAINT blacklist_candidates_alert_fkey FOREIGN KEY (project_id, alert_id) REFERENCES alerts (project_id, id)
);
CREATE INDEX blacklist_candidates_employer_idx ON blacklist_candidates (employer_id);

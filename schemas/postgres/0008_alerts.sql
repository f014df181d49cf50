-- The nightly check and its alerts (issue 14).
--
-- An alert is one row per (project, rule, subject, period): the check
-- upserts it every night, so its key is the table's natural key, project_id
-- first (DESIGN.md, "built to shard"). A standing condition (a card, the
-- allocations, a guarantee) has the period ''. Evidence is the JSON list of
-- the records behind the alert ([{"kind": "payroll_line", "ref": "pay_…#3"}]):
-- read whole with the alert, never queried into.
CREATE TABLE alerts (
    project_id     TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id             TEXT COLLATE "C" NOT NULL,
    rule           TEXT COLLATE "C" NOT NULL CONSTRAINT alerts_rule_check CHECK (rule IN ('wages_unpaid', 'partial_payment',
        'payroll_missing', 'attended_not_paid', 'paid_not_attended', 'payment_failed', 'shared_bank_card', 'allocation_overdue',
        'funds_idle', 'guarantee_missing', 'guarantee_short', 'guarantee_expiring', 'topup_overdue', 'exit_unsettled',
        'below_minimum_wage', 'blacklist_candidate')),
    subject        TEXT COLLATE "C" NOT NULL,
    period         TEXT COLLATE "C" NOT NULL DEFAULT '',
    stream         TEXT NOT NULL CONSTRAINT alerts_stream_check CHECK (stream IN ('arrears', 'compliance')),
    severity       TEXT NOT NULL CONSTRAINT alerts_severity_check CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    status         TEXT NOT NULL CONSTRAINT alerts_status_check
        CHECK (status IN ('open', 'acknowledged', 'rectification_ordered', 'escalated', 'resolved')),
    amount_at_risk BIGINT NOT NULL,
    headcount      INTEGER NOT NULL,
    evidence       TEXT NOT NULL DEFAULT '[]',
    reason         TEXT NOT NULL DEFAULT '',
    first_seen_on  DATE NOT NULL,
    last_seen_on   DATE NOT NULL,
    deadline       DATE,
    resolved_on    DATE,
    resolved_by    TEXT NOT NULL DEFAULT '',
    resolution     TEXT NOT NULL DEFAULT '',
    -- Every update adds one and names the version it read: the check and an
    -- inspector changing one alert at once cannot overwrite each other.
    version        INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    CONSTRAINT alerts_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT alerts_key UNIQUE (project_id, rule, subject, period)
);
-- /alerts/{id} names an alert without its project.
CREATE INDEX alerts_id_idx ON alerts (id);

-- Each alert's history: what the check and the inspectors did, numbered in
-- order per alert.
CREATE TABLE alert_events (
    project_id TEXT COLLATE "C" NOT NULL,
    alert_id   TEXT COLLATE "C" NOT NULL,
    seq        INTEGER NOT NULL,
    on_date    DATE NOT NULL,
    kind       TEXT NOT NULL,
    actor      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    severity   TEXT NOT NULL DEFAULT '',
    amount     BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT alert_events_pkey PRIMARY KEY (project_id, alert_id, seq),
    CONSTRAINT alert_events_alert_fkey FOREIGN KEY (project_id, alert_id) REFERENCES alerts (project_id, id)
);

-- A run of the nightly check. One run per as-of date at a time, across
-- processes: the partial unique index refuses a second running row for a
-- date (a unique record, not an in-memory lock). A run whose process died
-- keeps beating no heart; the next run for its date takes it over once its
-- heartbeat is stale. Counts are the JSON of per-rule opened / updated /
-- resolved / reopened.
CREATE TABLE check_runs (
    id           TEXT COLLATE "C" NOT NULL,
    as_of        DATE NOT NULL,
    status       TEXT NOT NULL CONSTRAINT check_runs_status_check CHECK (status IN ('running', 'finished', 'failed', 'abandoned')),
    started_by   TEXT NOT NULL DEFAULT '',
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    duration_ms  BIGINT NOT NULL DEFAULT 0,
    projects     INTEGER NOT NULL DEFAULT 0,
    counts       TEXT NOT NULL DEFAULT '{}',
    error        TEXT NOT NULL DEFAULT '',
    CONSTRAINT check_runs_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX check_runs_running_key ON check_runs (as_of) WHERE status = 'running';
CREATE INDEX check_runs_as_of_idx ON check_runs (as_of, started_at);

-- Each project a run has checked, with its per-rule counts, written in the
-- same transaction as the project's alerts: a run that is redone after a
-- crash finds which projects are done.
CREATE TABLE check_run_projects (
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    run_id     TEXT COLLATE "C" NOT NULL REFERENCES check_runs (id),
    counts     TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT check_run_projects_pkey PRIMARY KEY (project_id, run_id)
);
CREATE INDEX check_run_projects_run_idx ON check_run_projects (run_id);

-- 0028 read the rules' severity of an alert a complaint had raised (a
-- build before 0027 kept only the raised one) as one level lower, and a
-- raise keeps critical critical: a wages_unpaid alert the rules had already
-- made critical (more than wages_unpaid.critical_after_days, 30 by the
-- policy's default, after its pay day) was shown to the contractor as high,
-- so that the one alert of its age not critical named the month a worker
-- complained about (LSIR Art. 9). Its pay day is in its reason (args[2] of
-- the check's message) and holds for the alert's whole history: the
-- alert's own severity is judged as of its last night, each history entry
-- as of its day.
UPDATE alerts SET rule_severity = 'critical'
WHERE rule = 'wages_unpaid' AND severity = 'critical' AND rule_severity = 'high'
    AND last_seen_on - (CASE WHEN reason ~ '^\{"key":"%d worker.*due %s' THEN (reason::jsonb -> 'args' ->> 2) END)::date > 30;

UPDATE alert_events SET rule_severity = 'critical'
WHERE severity = 'critical' AND rule_severity = 'high' AND EXISTS (
    SELECT 1 FROM alerts a WHERE a.project_id = alert_events.project_id AND a.id = alert_events.alert_id AND a.rule = 'wages_unpaid'
        AND alert_events.on_date - (CASE WHEN a.reason ~ '^\{"key":"%d worker.*due %s' THEN (a.reason::jsonb -> 'args' ->> 2) END)::date > 30);

-- The night a complaint raised an alert, or the raise went, a build before
-- 0027 wrote an 'updated' entry although nothing the rules measure had
-- changed; the contractor read it as an update with nothing new, on the
-- day a complaint came or was closed. Such an entry is the inspector-only
-- kind (complaint_raise) that the build writes today: the rules' severity
-- and the amount as the entry before, only the raised severity moved, on a
-- day a complaint about the alert's month was received or being handled.
UPDATE alert_events SET kind = 'complaint_raise'
WHERE kind = 'updated' AND actor = 'check' AND EXISTS (
    SELECT 1 FROM alert_events p
    WHERE p.project_id = alert_events.project_id AND p.alert_id = alert_events.alert_id
        AND p.seq = (SELECT max(q.seq) FROM alert_events q
            WHERE q.project_id = alert_events.project_id AND q.alert_id = alert_events.alert_id AND q.seq < alert_events.seq)
        AND p.amount = alert_events.amount AND p.severity <> alert_events.severity
        AND (CASE WHEN p.rule_severity = '' THEN p.severity ELSE p.rule_severity END)
            = (CASE WHEN alert_events.rule_severity = '' THEN alert_events.severity ELSE alert_events.rule_severity END))
AND EXISTS (
    SELECT 1 FROM alerts a JOIN complaints c ON c.project_id = a.project_id
    WHERE a.project_id = alert_events.project_id AND a.id = alert_events.alert_id AND a.stream = 'arrears'
        AND ',' || c.periods || ',' LIKE '%,' || a.period || ',%'
        AND c.received_on <= alert_events.on_date
        AND (c.enrolment_id = '' OR a.subject = 'enrolment:' || c.enrolment_id OR a.evidence LIKE '%' || c.enrolment_id || '%'));

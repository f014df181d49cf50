-- 0028 shows a contractor an alert the rules had made critical as high
-- when a complaint raised it, and keeps the 'updated' entry of the night a
-- complaint raised an alert or the raise went; see the PostgreSQL
-- migration of the same name.
UPDATE alerts SET rule_severity = 'critical'
WHERE rule = 'wages_unpaid' AND severity = 'critical' AND rule_severity = 'high'
    AND julianday(last_seen_on) - julianday(CASE WHEN json_valid(reason) AND reason LIKE '{"key":"%d worker%due %s%'
        THEN json_extract(reason, '$.args[2]') END) > 30;

UPDATE alert_events SET rule_severity = 'critical'
WHERE severity = 'critical' AND rule_severity = 'high' AND EXISTS (
    SELECT 1 FROM alerts a WHERE a.project_id = alert_events.project_id AND a.id = alert_events.alert_id AND a.rule = 'wages_unpaid'
        AND julianday(alert_events.on_date) - julianday(CASE WHEN json_valid(a.reason) AND a.reason LIKE '{"key":"%d worker%due %s%'
            THEN json_extract(a.reason, '$.args[2]') END) > 30);

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

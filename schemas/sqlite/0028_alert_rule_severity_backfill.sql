-- Alerts and history entries a build before 0027 wrote while a complaint
-- raised them read to a contractor at the rules' severity; see the
-- PostgreSQL migration of the same name.
UPDATE alerts SET rule_severity = CASE severity WHEN 'medium' THEN 'low' WHEN 'high' THEN 'medium' WHEN 'critical' THEN 'high' ELSE severity END
WHERE rule_severity = '' AND evidence LIKE '%"kind":"complaint"%';

UPDATE alert_events SET rule_severity = CASE severity WHEN 'medium' THEN 'low' WHEN 'high' THEN 'medium' WHEN 'critical' THEN 'high' ELSE severity END
WHERE rule_severity = '' AND severity <> '' AND EXISTS (
    SELECT 1 FROM alerts a JOIN complaints c ON c.project_id = a.project_id
    WHERE a.project_id = alert_events.project_id AND a.id = alert_events.alert_id AND a.stream = 'arrears'
        AND ',' || c.periods || ',' LIKE '%,' || a.period || ',%'
        AND c.received_on <= alert_events.on_date
        AND NOT (c.status = 'concluded' AND c.concluded_on <= alert_events.on_date)
        AND NOT (c.status = 'refused' AND c.decided_on <= alert_events.on_date)
        AND (c.enrolment_id = '' OR a.subject = 'enrolment:' || c.enrolment_id OR a.evidence LIKE '%' || c.enrolment_id || '%'));

-- The severity the rules alone give an alert (and each history entry) when
-- a complaint raised it (issue 17): contractors read this one, so that a
-- raise does not tell them someone complained (LSIR Art. 9); inspectors
-- read severity. '' when no complaint raised it (the lead may renumber this
-- migration at merge).
ALTER TABLE alerts ADD COLUMN rule_severity TEXT NOT NULL DEFAULT ''
    CONSTRAINT alerts_rule_severity_check CHECK (rule_severity IN ('', 'low', 'medium', 'high', 'critical'));
ALTER TABLE alert_events ADD COLUMN rule_severity TEXT NOT NULL DEFAULT '';

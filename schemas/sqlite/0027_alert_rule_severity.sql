-- The severity the rules alone give an alert and each history entry when a
-- complaint raised it; see the PostgreSQL migration of the same name.
ALTER TABLE alerts ADD COLUMN rule_severity TEXT NOT NULL DEFAULT ''
    CHECK (rule_severity IN ('', 'low', 'medium', 'high', 'critical'));
ALTER TABLE alert_events ADD COLUMN rule_severity TEXT NOT NULL DEFAULT '';

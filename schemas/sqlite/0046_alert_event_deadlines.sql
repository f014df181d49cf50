-- An alert's history entry's deadline and, for a deadline that moved, the
-- one before it; see the PostgreSQL migration of the same name.
ALTER TABLE alert_events ADD COLUMN deadline TEXT;
ALTER TABLE alert_events ADD COLUMN previous_deadline TEXT;

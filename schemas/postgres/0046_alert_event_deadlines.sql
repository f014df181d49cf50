-- An alert's history entry states the rectification deadline it set as a
-- date, not only inside its note: an order_rectification's (an order to
-- pay's too), and a deadline_moved's new date with the one before it, so
-- that a client reads when an alert was due and how that changed without
-- parsing the note. Entries recorded before this migration have neither
-- (their notes still give the dates).
ALTER TABLE alert_events ADD COLUMN deadline DATE, ADD COLUMN previous_deadline DATE;

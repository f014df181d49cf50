-- The disputes standing through workers' own payslip links (direct = 1),
-- which the inspectors' complaint queue lists on every view
-- (store.DirectDisputes): found by this small index rather than by reading
-- every answer of every project. The literal 'disputed' is the query's, so
-- that the planner may use the index.
CREATE INDEX line_confirmations_direct_disputed_idx ON line_confirmations (project_id, answered_at)
    WHERE direct = 1 AND state = 'disputed';

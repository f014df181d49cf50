-- The disputes standing through workers' own payslip links; see the
-- PostgreSQL migration of the same name.
CREATE INDEX line_confirmations_direct_disputed_idx ON line_confirmations (project_id, answered_at)
    WHERE direct = 1 AND state = 'disputed';

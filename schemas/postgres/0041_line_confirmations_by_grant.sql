-- Issue 17: a payroll line's answer is kept per grant of its worker's
-- payslip link (ledger.DecideLineStanding). direct = 0 is the answer given
-- through the link the contractor issued and prints on the paper payslip,
-- direct = 1 the one given through the link the labour inspectors gave the
-- worker straight. Kept apart, an answer through the printed copy (which
-- the employer may hold) never overwrites the worker's own, and the
-- printed copy's page shows what it showed before the worker was given a
-- link. Rows an earlier build wrote are given the grant of the token that
-- wrote them.
ALTER TABLE line_confirmations ADD COLUMN direct INTEGER NOT NULL DEFAULT 0;
UPDATE line_confirmations c SET direct = 1
    FROM payslip_tokens t WHERE t.project_id = c.project_id AND t.id = c.token_id AND t.direct = 1;
ALTER TABLE line_confirmations DROP CONSTRAINT line_confirmations_pkey;
ALTER TABLE line_confirmations ADD CONSTRAINT line_confirmations_pkey PRIMARY KEY (project_id, payroll_id, line_no, direct);

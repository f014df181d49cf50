-- The nightly check's reads (issue 13's speed target): a batch's payments
-- are read with the second part for guarantee drawdowns only for the
-- projects that have a drawdown's instruction, which this partial index
-- finds without reading the batch's other instructions (the lead may
-- renumber this migration at merge).
CREATE INDEX payment_instructions_drawdown_idx ON payment_instructions (project_id) WHERE paid_from <> '';

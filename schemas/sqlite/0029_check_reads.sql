-- The nightly check's reads; see the PostgreSQL migration of the same name.
CREATE INDEX payment_instructions_drawdown_idx ON payment_instructions (project_id) WHERE paid_from <> '';

-- Complaint receipt codes (their HMAC) and payslip links re-issued straight
-- to the worker; see the PostgreSQL migration of the same name.
ALTER TABLE complaints ADD COLUMN receipt_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX complaints_receipt_idx ON complaints (receipt_hash) WHERE receipt_hash <> '';

ALTER TABLE payslip_tokens ADD COLUMN direct INTEGER NOT NULL DEFAULT 0;

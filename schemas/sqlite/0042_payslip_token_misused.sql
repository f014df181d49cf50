-- A direct payslip link revoked as misused; see the PostgreSQL migration
-- of the same name.
ALTER TABLE payslip_tokens ADD COLUMN misused INTEGER NOT NULL DEFAULT 0;

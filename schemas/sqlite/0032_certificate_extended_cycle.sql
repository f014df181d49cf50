-- The 6-year review cycle of a certificate; see the PostgreSQL migration of
-- the same name.
ALTER TABLE enrolment_certificates ADD COLUMN extended_cycle_consent TEXT NOT NULL DEFAULT '';

-- Work-injury policies voided, and certificates' blind index; see the
-- PostgreSQL migration of the same name.
ALTER TABLE injury_policies ADD COLUMN voided_at TIMESTAMP;
ALTER TABLE injury_policies ADD COLUMN voided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE injury_policies ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE enrolment_certificates ADD COLUMN cert_no_index TEXT NOT NULL DEFAULT '';
CREATE INDEX enrolment_certificates_index_idx ON enrolment_certificates (cert_no_index) WHERE cert_no_index <> '';

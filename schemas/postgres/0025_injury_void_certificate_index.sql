-- Work-injury insurance and certificates, second pass (issue 18 items 3, 4).
--
-- A policy recorded in error (a wrong number, a policy of another site) is
-- voided, never deleted: who voided it, when and why stay on record, and a
-- voided policy no longer covers anyone.
ALTER TABLE injury_policies ADD COLUMN voided_at TIMESTAMPTZ;
ALTER TABLE injury_policies ADD COLUMN voided_by TEXT NOT NULL DEFAULT '';
ALTER TABLE injury_policies ADD COLUMN void_reason TEXT NOT NULL DEFAULT '';

-- A certificate's number is matched across workers by a keyed blind index
-- (as identity numbers are), never by the number itself; '' for the
-- certificates recorded before it.
ALTER TABLE enrolment_certificates ADD COLUMN cert_no_index TEXT NOT NULL DEFAULT '';
CREATE INDEX enrolment_certificates_index_idx ON enrolment_certificates (cert_no_index) WHERE cert_no_index <> '';

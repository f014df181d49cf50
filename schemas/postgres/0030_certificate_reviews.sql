-- Work-injury insurance and certificates, third pass (issue 18 items 3, 4).
--
-- A special-operations certificate is reviewed (复审) every 3 years, the
-- construction kinds every 2 (ledger/certificate_review.go cites the
-- rules): each review passed is recorded against the certificate, and the
-- latest moves the date by which the next is due. Append-only; a day is
-- recorded once per certificate (the same day again is a retry).
CREATE TABLE certificate_reviews (
    project_id     TEXT COLLATE "C" NOT NULL,
    id             TEXT COLLATE "C" NOT NULL,
    enrolment_id   TEXT COLLATE "C" NOT NULL,
    certificate_id TEXT COLLATE "C" NOT NULL,
    reviewed_on    DATE NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL,
    recorded_by    TEXT NOT NULL DEFAULT '',
    CONSTRAINT certificate_reviews_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT certificate_reviews_certificate_fkey FOREIGN KEY (project_id, certificate_id) REFERENCES enrolment_certificates (project_id, id)
);
CREATE UNIQUE INDEX certificate_reviews_day_key ON certificate_reviews (project_id, certificate_id, reviewed_on);

-- The days worked of each month, bit d-1 for day d: the safety rules judge
-- each day worked against the policies and certificates that covered that
-- day, so a record made later covers only the days of its own validity.
-- The sum of distinct powers of two is their OR (a day is one row).
ALTER TABLE attendance_months ADD COLUMN day_mask BIGINT NOT NULL DEFAULT 0;
UPDATE attendance_months m SET day_mask = COALESCE((SELECT SUM(1 << (CAST(substr(CAST(a.work_date AS TEXT), 9, 2) AS INTEGER) - 1))
    FROM attendance a WHERE a.project_id = m.project_id AND a.enrolment_id = m.enrolment_id
    AND substr(CAST(a.work_date AS TEXT), 1, 7) = m.period AND a.centihours > 0), 0);

-- A policy voided as recorded in error no longer holds its number: the
-- policy as it really is (the same insurer and number, the right dates) is
-- recorded after it. Only policies that stand are unique by number.
DROP INDEX injury_policies_number_key;
CREATE UNIQUE INDEX injury_policies_number_key ON injury_policies (project_id, insurer, policy_no) WHERE voided_at IS NULL;

-- Certificate reviews and the days worked of each month; see the
-- PostgreSQL migration of the same name.
CREATE TABLE certificate_reviews (
    project_id     TEXT NOT NULL,
    id             TEXT NOT NULL,
    enrolment_id   TEXT NOT NULL,
    certificate_id TEXT NOT NULL,
    reviewed_on    TEXT NOT NULL,
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    TEXT NOT NULL DEFAULT '',
    CONSTRAINT certificate_reviews_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT certificate_reviews_certificate_fkey FOREIGN KEY (project_id, certificate_id) REFERENCES enrolment_certificates (project_id, id)
);
CREATE UNIQUE INDEX certificate_reviews_day_key ON certificate_reviews (project_id, certificate_id, reviewed_on);

ALTER TABLE attendance_months ADD COLUMN day_mask INTEGER NOT NULL DEFAULT 0;
UPDATE attendance_months SET day_mask = COALESCE((SELECT SUM(1 << (CAST(substr(CAST(a.work_date AS TEXT), 9, 2) AS INTEGER) - 1))
    FROM attendance a WHERE a.project_id = attendance_months.project_id AND a.enrolment_id = attendance_months.enrolment_id
    AND substr(CAST(a.work_date AS TEXT), 1, 7) = attendance_months.period AND a.centihours > 0), 0);

DROP INDEX injury_policies_number_key;
CREATE UNIQUE INDEX injury_policies_number_key ON injury_policies (project_id, insurer, policy_no) WHERE voided_at IS NULL;

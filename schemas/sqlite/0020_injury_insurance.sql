-- Work-injury insurance and special-operations certificates; see the
-- PostgreSQL migration of the same name.

-- The nightly check's four new rules widen the alerts' rule CHECK, edited
-- in place as 0004 and 0009 do (widening changes nothing stored; the CREATE
-- TABLE below changes the schema cookie, so every connection reads it again).
PRAGMA writable_schema = ON;
UPDATE sqlite_master
    SET sql = replace(sql, '''below_minimum_wage'', ''blacklist_candidate'')',
        '''below_minimum_wage'', ''blacklist_candidate'', ''injury_insurance_missing'', ''injury_insurance_expiring'', ''certificate_missing'', ''certificate_expired'')')
    WHERE type = 'table' AND name = 'alerts';
PRAGMA writable_schema = RESET;

CREATE TABLE injury_policies (
    project_id     TEXT NOT NULL REFERENCES projects (id),
    id             TEXT NOT NULL,
    insurer        TEXT NOT NULL,
    policy_no      TEXT NOT NULL,
    valid_from     TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    basis          TEXT NOT NULL CONSTRAINT injury_policies_basis_check CHECK (basis IN ('headcount', 'contract_value')),
    headcount      INTEGER NOT NULL DEFAULT 0 CONSTRAINT injury_policies_headcount_check CHECK (headcount >= 0),
    contract_value INTEGER NOT NULL DEFAULT 0 CONSTRAINT injury_policies_contract_value_check CHECK (contract_value >= 0),
    content_hash   TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    CONSTRAINT injury_policies_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT injury_policies_validity_check CHECK (valid_until >= valid_from)
);
CREATE UNIQUE INDEX injury_policies_number_key ON injury_policies (project_id, insurer, policy_no);
CREATE INDEX injury_policies_validity_idx ON injury_policies (project_id, valid_until);

CREATE TABLE enrolment_certificates (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    enrolment_id TEXT NOT NULL,
    cert_no_enc  TEXT NOT NULL,
    cert_no_masked TEXT NOT NULL,
    kind         TEXT NOT NULL,
    valid_from   TEXT,
    valid_until  TEXT NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    recorded_by  TEXT NOT NULL DEFAULT '',
    CONSTRAINT enrolment_certificates_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT enrolment_certificates_enrolment_fkey FOREIGN KEY (project_id, enrolment_id) REFERENCES enrolments (project_id, id)
);
CREATE INDEX enrolment_certificates_enrolment_idx ON enrolment_certificates (project_id, enrolment_id, recorded_at);

-- Work-injury insurance and special-operations certificates (issue 18, items
-- 3 and 4).
--
-- A project insures its workers per project (按项目参加工伤保险): each policy
-- the general contractor records, with its insurer, number, validity and the
-- basis of the premium (a headcount or the contract value). Idempotent on
-- (project, insurer, policy number): the same content again is a retry,
-- other content a conflict. Never deleted; a renewal is a new policy.
CREATE TABLE injury_policies (
    project_id     TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id             TEXT COLLATE "C" NOT NULL,
    insurer        TEXT NOT NULL,
    policy_no      TEXT COLLATE "C" NOT NULL,
    valid_from     DATE NOT NULL,
    valid_until    DATE NOT NULL,
    basis          TEXT NOT NULL CONSTRAINT injury_policies_basis_check CHECK (basis IN ('headcount', 'contract_value')),
    headcount      INTEGER NOT NULL DEFAULT 0 CONSTRAINT injury_policies_headcount_check CHECK (headcount >= 0),
    contract_value BIGINT NOT NULL DEFAULT 0 CONSTRAINT injury_policies_contract_value_check CHECK (contract_value >= 0),
    content_hash   TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT NOT NULL DEFAULT '',
    CONSTRAINT injury_policies_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT injury_policies_validity_check CHECK (valid_until >= valid_from)
);
CREATE UNIQUE INDEX injury_policies_number_key ON injury_policies (project_id, insurer, policy_no);
-- The statistics read the policies of many projects valid in a period.
CREATE INDEX injury_policies_validity_idx ON injury_policies (project_id, valid_until);

-- A special-operations certificate (特种作业操作证) of an enrolment: its
-- number, kind and validity. The number is often the holder's identity
-- number (T + the 18 characters): it is kept encrypted, as identity numbers
-- are, and shown masked. Append-only: adding a certificate replaces the
-- enrolment's current one (the latest recorded), and the replaced one stays
-- on record.
CREATE TABLE enrolment_certificates (
    project_id   TEXT COLLATE "C" NOT NULL,
    id           TEXT COLLATE "C" NOT NULL,
    enrolment_id TEXT COLLATE "C" NOT NULL,
    cert_no_enc  TEXT NOT NULL,
    cert_no_masked TEXT NOT NULL,
    kind         TEXT NOT NULL,
    valid_from   DATE,
    valid_until  DATE NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    recorded_by  TEXT NOT NULL DEFAULT '',
    CONSTRAINT enrolment_certificates_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT enrolment_certificates_enrolment_fkey FOREIGN KEY (project_id, enrolment_id) REFERENCES enrolments (project_id, id)
);
CREATE INDEX enrolment_certificates_enrolment_idx ON enrolment_certificates (project_id, enrolment_id, recorded_at);

-- The nightly check's four new rules (injury_insurance_missing,
-- injury_insurance_expiring, certificate_missing, certificate_expired).
ALTER TABLE alerts DROP CONSTRAINT alerts_rule_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_rule_check CHECK (rule IN ('wages_unpaid', 'partial_payment',
    'payroll_missing', 'attended_not_paid', 'paid_not_attended', 'payment_failed', 'shared_bank_card', 'allocation_overdue',
    'funds_idle', 'guarantee_missing', 'guarantee_short', 'guarantee_expiring', 'topup_overdue', 'exit_unsettled',
    'below_minimum_wage', 'blacklist_candidate', 'injury_insurance_missing', 'injury_insurance_expiring',
    'certificate_missing', 'certificate_expired'));

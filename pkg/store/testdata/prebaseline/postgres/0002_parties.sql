-- Organisations, projects and their subcontractors, API keys.
-- Organisations and keys are small reference tables; projects are the tenant
-- root (their id is every tenant table's project_id).

CREATE TABLE organizations (
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    uscc        TEXT NOT NULL,
    kind        TEXT NOT NULL CONSTRAINT organizations_kind_check
                CHECK (kind IN ('owner', 'general_contractor', 'subcontractor', 'bank', 'authority')),
    region_code TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT organizations_pkey PRIMARY KEY (id),
    CONSTRAINT organizations_uscc_key UNIQUE (uscc)
);

CREATE TABLE projects (
    id                     TEXT NOT NULL,
    code                   TEXT NOT NULL,
    name                   TEXT NOT NULL,
    region_code            TEXT NOT NULL,
    owner_id               TEXT NOT NULL REFERENCES organizations (id),
    general_contractor_id  TEXT NOT NULL REFERENCES organizations (id),
    contract_amount        BIGINT NOT NULL CONSTRAINT projects_contract_amount_check CHECK (contract_amount > 0),
    started_on             DATE NOT NULL,
    planned_completion_on  DATE NOT NULL,
    completed_on           DATE,
    pay_day                INTEGER NOT NULL CONSTRAINT projects_pay_day_check CHECK (pay_day BETWEEN 1 AND 31),
    labour_cost_cycle_days INTEGER NOT NULL CONSTRAINT projects_cycle_check CHECK (labour_cost_cycle_days BETWEEN 1 AND 30),
    wage_bank_id           TEXT NOT NULL REFERENCES organizations (id),
    wage_account_no        TEXT NOT NULL,
    status                 TEXT NOT NULL DEFAULT 'active',
    created_at             TIMESTAMPTZ NOT NULL,
    CONSTRAINT projects_pkey PRIMARY KEY (id),
    CONSTRAINT projects_code_key UNIQUE (code),
    CONSTRAINT projects_wage_account_key UNIQUE (wage_bank_id, wage_account_no)
);
CREATE INDEX projects_region_idx ON projects (region_code);
CREATE INDEX projects_gc_idx ON projects (general_contractor_id);

CREATE TABLE project_subcontractors (
    project_id      TEXT NOT NULL REFERENCES projects (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    added_at        TIMESTAMPTZ NOT NULL,
    CONSTRAINT project_subcontractors_pkey PRIMARY KEY (project_id, organization_id)
);
CREATE INDEX project_subcontractors_org_idx ON project_subcontractors (organization_id);

-- An API key is stored only as the SHA-256 of its secret part.
CREATE TABLE api_keys (
    id              TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    role            TEXT NOT NULL CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'contractor', 'bank', 'inspector')),
    label           TEXT NOT NULL DEFAULT '',
    secret_hash     TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id)
);
CREATE INDEX api_keys_org_idx ON api_keys (organization_id);

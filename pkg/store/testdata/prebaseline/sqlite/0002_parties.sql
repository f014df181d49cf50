-- Organisations, projects and their subcontractors, API keys.
-- Same tables as postgres/0002_parties.sql; see the comments there.

CREATE TABLE organizations (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL,
    uscc        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('owner', 'general_contractor', 'subcontractor', 'bank', 'authority')),
    region_code TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE projects (
    id                     TEXT NOT NULL PRIMARY KEY,
    code                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    region_code            TEXT NOT NULL,
    owner_id               TEXT NOT NULL REFERENCES organizations (id),
    general_contractor_id  TEXT NOT NULL REFERENCES organizations (id),
    contract_amount        INTEGER NOT NULL CHECK (contract_amount > 0),
    started_on             TEXT NOT NULL,
    planned_completion_on  TEXT NOT NULL,
    completed_on           TEXT,
    pay_day                INTEGER NOT NULL CHECK (pay_day BETWEEN 1 AND 31),
    labour_cost_cycle_days INTEGER NOT NULL CHECK (labour_cost_cycle_days BETWEEN 1 AND 30),
    wage_bank_id           TEXT NOT NULL REFERENCES organizations (id),
    wage_account_no        TEXT NOT NULL,
    status                 TEXT NOT NULL DEFAULT 'active',
    created_at             TIMESTAMP NOT NULL,
    UNIQUE (wage_bank_id, wage_account_no)
);
CREATE INDEX projects_region_idx ON projects (region_code);
CREATE INDEX projects_gc_idx ON projects (general_contractor_id);

CREATE TABLE project_subcontractors (
    project_id      TEXT NOT NULL REFERENCES projects (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    added_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, organization_id)
);
CREATE INDEX project_subcontractors_org_idx ON project_subcontractors (organization_id);

CREATE TABLE api_keys (
    id              TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id),
    role            TEXT NOT NULL CHECK (role IN ('admin', 'contractor', 'bank', 'inspector')),
    label           TEXT NOT NULL DEFAULT '',
    secret_hash     TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP
);
CREATE INDEX api_keys_org_idx ON api_keys (organization_id);

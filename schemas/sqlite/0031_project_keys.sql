-- Issue 19: a project's globally unique keys (its code, its wage account)
-- move into project_keys, which the project row points to; see the
-- PostgreSQL migration of the same name.
--
-- SQLite cannot drop a UNIQUE constraint, so projects is rebuilt as
-- payrolls was in 0006: its rows are set aside, the table is made again
-- under its own name (so every foreign key to it keeps naming it) and
-- refilled. The foreign keys are checked at commit, when every project is
-- back.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE project_keys (
    project_id      TEXT NOT NULL,
    code            TEXT NOT NULL,
    wage_bank_id    TEXT NOT NULL REFERENCES organizations (id),
    wage_account_no TEXT NOT NULL,
    CONSTRAINT project_keys_pkey PRIMARY KEY (project_id),
    CONSTRAINT project_keys_code_key UNIQUE (code),
    CONSTRAINT project_keys_wage_account_key UNIQUE (wage_bank_id, wage_account_no),
    CONSTRAINT project_keys_row_key UNIQUE (project_id, code, wage_bank_id, wage_account_no)
);
INSERT INTO project_keys (project_id, code, wage_bank_id, wage_account_no)
    SELECT id, code, wage_bank_id, wage_account_no FROM projects;

CREATE TABLE projects_set_aside AS SELECT * FROM projects;
DROP TABLE projects;
CREATE TABLE projects (
    id                     TEXT NOT NULL PRIMARY KEY,
    code                   TEXT NOT NULL,
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
    labour_cost_cycle      TEXT NOT NULL DEFAULT 'days'
        CONSTRAINT projects_labour_cost_cycle_check CHECK (labour_cost_cycle IN ('monthly', 'days')),
    pay_month              TEXT NOT NULL DEFAULT 'next'
        CONSTRAINT projects_pay_month_check CHECK (pay_month IN ('current', 'next')),
    category               TEXT NOT NULL DEFAULT '',
    CONSTRAINT projects_keys_fkey FOREIGN KEY (id, code, wage_bank_id, wage_account_no)
        REFERENCES project_keys (project_id, code, wage_bank_id, wage_account_no)
);
INSERT INTO projects (id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
        planned_completion_on, completed_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status,
        created_at, labour_cost_cycle, pay_month, category)
    SELECT id, code, name, region_code, owner_id, general_contractor_id, contract_amount, started_on,
        planned_completion_on, completed_on, pay_day, labour_cost_cycle_days, wage_bank_id, wage_account_no, status,
        created_at, labour_cost_cycle, pay_month, category FROM projects_set_aside;
DROP TABLE projects_set_aside;
CREATE INDEX projects_region_idx ON projects (region_code);
CREATE INDEX projects_gc_idx ON projects (general_contractor_id);
-- A bank's scope reads its projects by wage_bank_id (store.Scope); the
-- dropped wage-account key was the index that served it.
CREATE INDEX projects_wage_bank_idx ON projects (wage_bank_id);

-- Issue 19: the globally unique keys of a project (its code, its wage
-- account at its bank) move out of projects into project_keys, one row per
-- project, which the project row points to. projects is the tenant root and
-- is distributed by its id on a Citus cluster (DESIGN.md, "built to shard"):
-- a unique key there must contain id, and UNIQUE (code) or
-- UNIQUE (wage_bank_id, wage_account_no) do not. project_keys is small and
-- held whole by every node (a Citus reference table), so the two keys stay
-- unique across all projects. The constraints keep the meaning and the
-- messages of projects_code_key and projects_wage_account_key.
ALTER TABLE projects DROP CONSTRAINT projects_code_key;
ALTER TABLE projects DROP CONSTRAINT projects_wage_account_key;

CREATE TABLE project_keys (
    project_id      TEXT COLLATE "C" NOT NULL,
    code            TEXT NOT NULL,
    wage_bank_id    TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    wage_account_no TEXT COLLATE "C" NOT NULL,
    CONSTRAINT project_keys_pkey PRIMARY KEY (project_id),
    CONSTRAINT project_keys_code_key UNIQUE (code),
    CONSTRAINT project_keys_wage_account_key UNIQUE (wage_bank_id, wage_account_no),
    -- What projects_keys_fkey refers to: a project's row names its own keys.
    CONSTRAINT project_keys_row_key UNIQUE (project_id, code, wage_bank_id, wage_account_no)
);
INSERT INTO project_keys (project_id, code, wage_bank_id, wage_account_no)
    SELECT id, code, wage_bank_id, wage_account_no FROM projects;
ALTER TABLE projects ADD CONSTRAINT projects_keys_fkey FOREIGN KEY (id, code, wage_bank_id, wage_account_no)
    REFERENCES project_keys (project_id, code, wage_bank_id, wage_account_no);
-- A bank's scope reads its projects by wage_bank_id (store.Scope); the
-- dropped wage-account key was the index that served it.
CREATE INDEX projects_wage_bank_idx ON projects (wage_bank_id);

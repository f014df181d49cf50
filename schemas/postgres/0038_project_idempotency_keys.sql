-- Issue 19: an Idempotency-Key of a request that names a project (its path's
-- resource, its payslip link, the project_id of its body, a bank's wage
-- account) is kept beside that project's rows, so that on a Citus cluster
-- the write and its key commit on one shard: a tenant table like any other,
-- distributed by project_id with projects. idempotency_keys (by scope) keeps
-- the keys of requests that name no project (a new organisation, key or
-- project; a bank's confirmation batch), and those stored before this
-- migration, which a retry still finds there (store.ClaimKey).
--
-- No foreign key to projects: the key is claimed before the handler has
-- checked the project a body names, and a project that does not exist must
-- answer the handler's 404, not a broken key; the row is rolled back with
-- the refused request anyway.
CREATE TABLE project_idempotency_keys (
    project_id   TEXT COLLATE "C" NOT NULL,
    scope        TEXT COLLATE "C" NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT project_idempotency_keys_pkey PRIMARY KEY (project_id, scope, key)
);

-- Issue 19: the Idempotency-Keys of requests that name a project, kept
-- beside the project's rows; see the PostgreSQL migration of the same name.
CREATE TABLE project_idempotency_keys (
    project_id   TEXT NOT NULL,
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, scope, key)
);

-- Wage guarantees (issue 13); see the PostgreSQL migration of the same name.

-- An insurer issues guarantee insurance policies. SQLite cannot alter a
-- CHECK constraint, and rebuilding organizations would break the foreign
-- keys of every table that references it (they cannot be switched off inside
-- the migration's transaction). Widening a CHECK changes nothing stored, so
-- the table's definition is edited in place, as SQLite's documentation
-- allows for removing or loosening a constraint. RESET makes this connection
-- read the schema again; the CREATE TABLE below changes the schema cookie,
-- which makes every other connection read it again.
PRAGMA writable_schema = ON;
UPDATE sqlite_master
    SET sql = replace(sql, '''bank'', ''authority'')', '''bank'', ''authority'', ''insurer'')')
    WHERE type = 'table' AND name = 'organizations';
PRAGMA writable_schema = RESET;

CREATE TABLE guarantees (
    project_id   TEXT NOT NULL REFERENCES projects (id),
    id           TEXT NOT NULL,
    form         TEXT NOT NULL CONSTRAINT guarantees_form_check CHECK (form IN ('cash', 'bank_letter', 'insurance')),
    issuer_id    TEXT NOT NULL REFERENCES organizations (id),
    reference    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    amount       INTEGER NOT NULL CONSTRAINT guarantees_amount_check CHECK (amount > 0),
    valid_from   TEXT NOT NULL,
    valid_until  TEXT,
    warnings     TEXT NOT NULL DEFAULT '[]',
    entry_id     TEXT,
    drawn        INTEGER NOT NULL DEFAULT 0,
    released_on  TEXT,
    release_entry_id TEXT,
    created_at   TIMESTAMP NOT NULL,
    CONSTRAINT guarantees_pkey PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX guarantees_reference_key ON guarantees (project_id, issuer_id, reference);
CREATE INDEX guarantees_issuer_idx ON guarantees (issuer_id);
-- A path names a guarantee by its ID alone.
CREATE INDEX guarantees_id_idx ON guarantees (id);

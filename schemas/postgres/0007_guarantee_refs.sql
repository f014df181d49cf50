-- An issued instrument is one letter or policy: its issuer's reference names
-- it across every project. guarantees cannot hold that unique key (a tenant
-- table's unique keys begin with project_id, so that it can be distributed by
-- project: TestTenantTablesAreShardable), so this small reference table,
-- like organizations not a tenant table, holds it: one row per (issuer,
-- reference), naming the guarantee lodged under it. Lodging the same
-- reference on another project is refused; on the same project with the same
-- content it is a retry.
CREATE TABLE guarantee_refs (
    issuer_id    TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    reference    TEXT COLLATE "C" NOT NULL,
    guarantee_id TEXT COLLATE "C" NOT NULL,
    CONSTRAINT guarantee_refs_pkey PRIMARY KEY (issuer_id, reference)
);

-- Guarantees lodged before this table: the first lodged under each reference
-- holds it (a reference lodged on several projects before keeps its rows;
-- a new lodging of it is refused from now on).
INSERT INTO guarantee_refs (issuer_id, reference, guarantee_id)
    SELECT DISTINCT ON (issuer_id, reference) issuer_id, reference, id FROM guarantees
    ORDER BY issuer_id, reference, created_at, id;

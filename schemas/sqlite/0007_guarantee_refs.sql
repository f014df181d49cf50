-- The issuer's reference names one instrument across every project: the same
-- table as postgres/0007_guarantee_refs.sql, which says why.
CREATE TABLE guarantee_refs (
    issuer_id    TEXT NOT NULL REFERENCES organizations (id),
    reference    TEXT NOT NULL,
    guarantee_id TEXT NOT NULL,
    CONSTRAINT guarantee_refs_pkey PRIMARY KEY (issuer_id, reference)
);

INSERT INTO guarantee_refs (issuer_id, reference, guarantee_id)
    SELECT g.issuer_id, g.reference, g.id FROM guarantees g
    WHERE NOT EXISTS (SELECT 1 FROM guarantees e WHERE e.issuer_id = g.issuer_id AND e.reference = g.reference
        AND (e.created_at < g.created_at OR (e.created_at = g.created_at AND e.id < g.id)));

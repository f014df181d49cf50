-- Wage guarantees (工资保证金, issue 13): cash held in a bank, a bank letter
-- of guarantee, or a guarantee insurance policy, lodged per project by its
-- general contractor. Cash moves money in the books (guarantee_funding →
-- guarantee/<id>); a letter or policy is an instrument that counts towards
-- the required amount while it is valid and moves nothing until drawn.

-- An insurer issues guarantee insurance policies.
ALTER TABLE organizations DROP CONSTRAINT organizations_kind_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_kind_check
    CHECK (kind IN ('owner', 'general_contractor', 'subcontractor', 'bank', 'authority', 'insurer'));

-- A guarantee is known by its issuer's own reference: lodging it again is a
-- retry (the same content) or a conflict (other content). warnings holds the
-- compliance facts it was accepted with (a letter shorter than a year or
-- than the contract), as JSON [{code, message}].
CREATE TABLE guarantees (
    project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id           TEXT COLLATE "C" NOT NULL,
    form         TEXT NOT NULL CONSTRAINT guarantees_form_check CHECK (form IN ('cash', 'bank_letter', 'insurance')),
    issuer_id    TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    reference    TEXT COLLATE "C" NOT NULL,
    content_hash TEXT NOT NULL,
    amount       BIGINT NOT NULL CONSTRAINT guarantees_amount_check CHECK (amount > 0),
    valid_from   DATE NOT NULL,
    valid_until  DATE,
    warnings     TEXT NOT NULL DEFAULT '[]',
    entry_id     TEXT COLLATE "C",
    drawn        BIGINT NOT NULL DEFAULT 0,
    released_on  DATE,
    release_entry_id TEXT COLLATE "C",
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT guarantees_pkey PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX guarantees_reference_key ON guarantees (project_id, issuer_id, reference);
-- A bank lists the guarantees it holds across projects.
CREATE INDEX guarantees_issuer_idx ON guarantees (issuer_id);
-- A path names a guarantee by its ID alone.
CREATE INDEX guarantees_id_idx ON guarantees (id);

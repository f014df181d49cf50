-- What the nightly check decided each project's night from, as a digest
-- (issue 14, "a re-run of the same night under 2x the scan"): a later run
-- of the same night whose inputs digest the same skips the project and
-- reports the findings kept here. Kept only when the night left the
-- project's alerts as a run of the same night again would leave them (the
-- lead may renumber this migration at merge).
CREATE TABLE check_inputs (
    project_id TEXT NOT NULL REFERENCES projects (id),
    as_of      TEXT NOT NULL,
    digest     TEXT NOT NULL,
    found      TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT check_inputs_pkey PRIMARY KEY (project_id, as_of)
);

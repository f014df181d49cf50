-- Placeholder for the 0039 of another branch of this session (this branch,
-- citus19, adds 0041): drop this file at merge, when that branch's 0039 lands.
SELECT 1;

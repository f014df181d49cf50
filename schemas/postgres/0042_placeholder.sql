-- Placeholder for the 0042 of another branch of this session (this branch,
-- voice17i, adds 0043): drop this file at merge, when that branch's 0042 lands.
SELECT 1;

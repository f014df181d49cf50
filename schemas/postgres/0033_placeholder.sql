-- Placeholder for the 0033 of another branch of session 8 (this branch
-- adds 0034): drop this file at merge, when that branch's 0033 lands.
SELECT 1;

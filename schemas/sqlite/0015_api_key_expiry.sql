-- Issue 12: an API key may carry an expiry; past it the key is refused
-- (the lead may renumber this migration at merge).
ALTER TABLE api_keys ADD COLUMN expires_at TIMESTAMP;

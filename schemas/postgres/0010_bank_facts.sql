-- Issue 11: every bank fact that names something is kept (the lead may
-- renumber this migration at merge).

-- A result file row that cannot be applied is kept even when it carries no
-- date (a pending row normally has none) or a value that cannot be read:
-- raw keeps the row's columns as the bank wrote them (a JSON object,
-- heading → text), bank_error_code the bank's own error code verbatim
-- (CMB errcod, ICBC instrRetCode).
ALTER TABLE unmatched_confirmations ALTER COLUMN settled_on DROP NOT NULL;
ALTER TABLE unmatched_confirmations ADD COLUMN bank_error_code TEXT NOT NULL DEFAULT '';
ALTER TABLE unmatched_confirmations ADD COLUMN raw TEXT NOT NULL DEFAULT '';

-- An applied confirmation keeps the bank's own error code verbatim too
-- (a failed row's errcod or instrRetCode; '' when it gave none).
ALTER TABLE bank_confirmations ADD COLUMN bank_error_code TEXT NOT NULL DEFAULT '';

-- A bank organisation's PBOC bank category code (102 ICBC, 308 CMB): its
-- result files are read by that bank's status table ('' for other kinds,
-- or a bank that has not given it).
ALTER TABLE organizations ADD COLUMN bank_code TEXT NOT NULL DEFAULT '';

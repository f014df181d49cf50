-- The complaints' own rule and the worker's payslip grant beside the
-- contractor's; see the PostgreSQL migration of the same name.

-- complaint_open widens the alerts' rule CHECK, edited in place as 0020
-- does (widening changes nothing stored; the index below changes the
-- schema cookie, so every connection reads it again).
PRAGMA writable_schema = ON;
UPDATE sqlite_master
    SET sql = replace(sql, '''certificate_missing'', ''certificate_expired'')',
        '''certificate_missing'', ''certificate_expired'', ''complaint_open'')')
    WHERE type = 'table' AND name = 'alerts';
PRAGMA writable_schema = RESET;

DROP INDEX payslip_tokens_live_key;
CREATE UNIQUE INDEX payslip_tokens_live_key ON payslip_tokens (project_id, enrolment_id, period, direct) WHERE revoked_at IS NULL;

-- Issue 17, two gaps.
--
-- 1. A complaint being handled is a finding of its own in the nightly check
-- (ledger/complaint_rule.go): the rule complaint_open widens the alerts'
-- rule CHECK. Its alerts are the inspectors' alone (store: inspectorsOnly).
ALTER TABLE alerts DROP CONSTRAINT alerts_rule_check;
ALTER TABLE alerts ADD CONSTRAINT alerts_rule_check CHECK (rule IN ('wages_unpaid', 'partial_payment',
    'payroll_missing', 'attended_not_paid', 'paid_not_attended', 'payment_failed', 'shared_bank_card', 'allocation_overdue',
    'funds_idle', 'guarantee_missing', 'guarantee_short', 'guarantee_expiring', 'topup_overdue', 'exit_unsettled',
    'below_minimum_wage', 'blacklist_candidate', 'injury_insurance_missing', 'injury_insurance_expiring',
    'certificate_missing', 'certificate_expired', 'complaint_open'));

-- 2. A payslip link an inspector re-issues straight to the worker (direct)
-- is a grant of its own beside the contractor's link, no longer its
-- replacement: the contractor's link stays as it was (live, printable,
-- revocable by the contractor alone), so that nothing the contractor reads
-- tells it which worker went to the inspectors (LSIR Art. 9). One live
-- link per worker, month and grant: the live key takes the grant in. It
-- keeps project_id first, as every unique key of a table distributed by
-- project must on a Citus cluster (store.CitusLayout; TestTenantTablesAreShardable).
-- Links a build before this one revoked when it re-issued stay revoked:
-- the contractor has read them so already, and opening again a link an
-- inspector closed would undo the inspector's decision.
DROP INDEX payslip_tokens_live_key;
CREATE UNIQUE INDEX payslip_tokens_live_key ON payslip_tokens (project_id, enrolment_id, period, direct) WHERE revoked_at IS NULL;

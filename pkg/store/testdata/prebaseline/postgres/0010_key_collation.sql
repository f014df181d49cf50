-- Identifiers, codes and hashes are compared byte by byte. Under a
-- database collation such as C.UTF-8 or en_US.UTF-8, PostgreSQL 15 compares
-- every key through the C library's strcoll: a profile of a 100,000-payment
-- bank file showed a fifth of the database's time in text comparison inside
-- index lookups and inserts. Key columns hold ASCII identifiers (and
-- hashes), whose order is the same byte by byte, so they use the "C"
-- collation whatever the database's default. Free text (names, teams,
-- project codes) keeps the database's collation.
DROP VIEW instructions;

ALTER TABLE api_keys
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN organization_id TYPE TEXT COLLATE "C";
ALTER TABLE attendance
    ALTER COLUMN enrolment_id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE attendance_revisions
    ALTER COLUMN enrolment_id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE audit_heads
    ALTER COLUMN chain TYPE TEXT COLLATE "C";
ALTER TABLE audit_log
    ALTER COLUMN chain TYPE TEXT COLLATE "C",
    ALTER COLUMN subject TYPE TEXT COLLATE "C";
ALTER TABLE audit_queue
    ALTER COLUMN chain TYPE TEXT COLLATE "C",
    ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE bank_confirmations
    ALTER COLUMN bank_id TYPE TEXT COLLATE "C",
    ALTER COLUMN bank_ref TYPE TEXT COLLATE "C",
    ALTER COLUMN instruction_id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE bank_inflows
    ALTER COLUMN bank_id TYPE TEXT COLLATE "C",
    ALTER COLUMN bank_ref TYPE TEXT COLLATE "C",
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE enrolment_details
    ALTER COLUMN enrolment_id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE enrolments
    ALTER COLUMN bank_card_index TYPE TEXT COLLATE "C",
    ALTER COLUMN employer_id TYPE TEXT COLLATE "C",
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C",
    ALTER COLUMN worker_id TYPE TEXT COLLATE "C";
ALTER TABLE idempotency_keys
    ALTER COLUMN key TYPE TEXT COLLATE "C",
    ALTER COLUMN scope TYPE TEXT COLLATE "C";
ALTER TABLE instruction_states
    ALTER COLUMN instruction_id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C",
    ALTER COLUMN status TYPE TEXT COLLATE "C",
    ALTER COLUMN wage_bank_id TYPE TEXT COLLATE "C";
ALTER TABLE ledger_balances
    ALTER COLUMN account_kind TYPE TEXT COLLATE "C",
    ALTER COLUMN account_ref TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE ledger_entries
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C",
    ALTER COLUMN reverses_id TYPE TEXT COLLATE "C";
ALTER TABLE ledger_postings
    ALTER COLUMN account_kind TYPE TEXT COLLATE "C",
    ALTER COLUMN account_ref TYPE TEXT COLLATE "C",
    ALTER COLUMN entry_id TYPE TEXT COLLATE "C",
    ALTER COLUMN period TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE organizations
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN uscc TYPE TEXT COLLATE "C";
ALTER TABLE payment_instructions
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN payroll_id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE payroll_lines
    ALTER COLUMN enrolment_id TYPE TEXT COLLATE "C",
    ALTER COLUMN payroll_id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE payrolls
    ALTER COLUMN employer_id TYPE TEXT COLLATE "C",
    ALTER COLUMN file_sha256 TYPE TEXT COLLATE "C",
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN period TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE project_subcontractors
    ALTER COLUMN organization_id TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE projects
    ALTER COLUMN general_contractor_id TYPE TEXT COLLATE "C",
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN region_code TYPE TEXT COLLATE "C",
    ALTER COLUMN wage_account_no TYPE TEXT COLLATE "C",
    ALTER COLUMN wage_bank_id TYPE TEXT COLLATE "C";
ALTER TABLE unmatched_confirmations
    ALTER COLUMN bank_id TYPE TEXT COLLATE "C",
    ALTER COLUMN bank_ref TYPE TEXT COLLATE "C",
    ALTER COLUMN content_hash TYPE TEXT COLLATE "C",
    ALTER COLUMN project_id TYPE TEXT COLLATE "C";
ALTER TABLE uploads
    ALTER COLUMN project_id TYPE TEXT COLLATE "C",
    ALTER COLUMN sha256 TYPE TEXT COLLATE "C";
ALTER TABLE worker_identities
    ALTER COLUMN id TYPE TEXT COLLATE "C",
    ALTER COLUMN id_number_index TYPE TEXT COLLATE "C";
ALTER TABLE pending_instructions
    ALTER COLUMN project_id TYPE TEXT COLLATE "C",
    ALTER COLUMN instruction_id TYPE TEXT COLLATE "C",
    ALTER COLUMN wage_bank_id TYPE TEXT COLLATE "C";

CREATE VIEW instructions AS
    SELECT i.project_id, i.id, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount, i.payee_name, i.payee_card_enc,
        i.payee_card_index, i.payee_card_masked, i.payee_bank_id, s.wage_bank_id, i.wage_account_no, s.status, s.paid_amount,
        i.created_at, i.reissue_of
    FROM payment_instructions i JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id;

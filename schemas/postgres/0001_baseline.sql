-- wageguard's schema as of its first release: one baseline that replaces the
-- development migrations 0001_books … 0010_key_collation, squashed into the
-- tables as they ended up. A database migrated by those ten is at this
-- baseline already; `wageguard migrate` recognises it and records it so.
--
-- Tenant tables put project_id first in every key (DESIGN.md, "built to
-- shard"). Identifiers, codes and hashes are compared byte by byte: under a
-- database collation such as C.UTF-8 or en_US.UTF-8, PostgreSQL 15 compares
-- every key through the C library's strcoll, and a profile of a 100,000-payment
-- bank file showed a fifth of the database's time in text comparison inside
-- index lookups and inserts. Key columns hold ASCII identifiers (and hashes),
-- whose order is the same byte by byte, so they use the "C" collation whatever
-- the database's default. Free text (names, teams, project codes) keeps the
-- database's collation.

-- The double-entry books ----------------------------------------------------

CREATE TABLE ledger_entries (
    project_id   TEXT COLLATE "C" NOT NULL,
    id           TEXT COLLATE "C" NOT NULL,
    kind         TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    reverses_id  TEXT COLLATE "C",
    effective_on DATE NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT ledger_entries_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT ledger_entries_reverses_fkey FOREIGN KEY (project_id, reverses_id) REFERENCES ledger_entries (project_id, id)
);
-- An entry is reversed at most once.
CREATE UNIQUE INDEX ledger_entries_reverses_key ON ledger_entries (project_id, reverses_id) WHERE reverses_id IS NOT NULL;

-- Postings carry no foreign key to their entry: bulk approval writes
-- hundreds of thousands of them in one statement right after their entries,
-- and a key's per-row trigger doubled its cost. `ledger verify` proves the
-- link instead (a posting whose entry is missing is a discrepancy).
CREATE TABLE ledger_postings (
    project_id   TEXT COLLATE "C" NOT NULL,
    entry_id     TEXT COLLATE "C" NOT NULL,
    seq          INTEGER NOT NULL,
    account_kind TEXT COLLATE "C" NOT NULL,
    account_ref  TEXT COLLATE "C" NOT NULL DEFAULT '',
    period       TEXT COLLATE "C" NOT NULL,
    amount       BIGINT NOT NULL CONSTRAINT ledger_postings_amount_check CHECK (amount <> 0),
    CONSTRAINT ledger_postings_pkey PRIMARY KEY (project_id, entry_id, seq)
);
CREATE INDEX ledger_postings_account_idx ON ledger_postings (project_id, account_kind, account_ref, period);

-- Cached balance per account, debit-positive, kept in the same transaction as
-- the postings; `wageguard ledger verify` recomputes it from them.
--
-- A project-level account (its wage account above all) keeps its cached
-- balance in up to 32 slots, so that single confirmations from many clients
-- do not queue on one row: a transaction adds its sum to one slot and a
-- reader adds the slots up. Per-worker accounts keep one slot (0).
--
-- A balance row is updated in place many times: leaving room on its page lets
-- PostgreSQL keep the new version there without touching the index (a HOT
-- update), which a batch of 10,000 payments does 10,000 times.
CREATE TABLE ledger_balances (
    project_id   TEXT COLLATE "C" NOT NULL,
    account_kind TEXT COLLATE "C" NOT NULL,
    account_ref  TEXT COLLATE "C" NOT NULL DEFAULT '',
    balance      BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    slot         SMALLINT NOT NULL DEFAULT 0,
    CONSTRAINT ledger_balances_pkey PRIMARY KEY (project_id, account_kind, account_ref, slot)
) WITH (fillfactor = 70);

-- The audit trail -----------------------------------------------------------

-- One hash chain per project, plus the chain 'org' for changes that belong to
-- no project. audit_heads holds each chain's last record; updating it
-- serialises appends to one chain and no other.
CREATE TABLE audit_log (
    chain        TEXT COLLATE "C" NOT NULL,
    seq          BIGINT NOT NULL,
    id           TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT COLLATE "C" NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (chain, seq)
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject);

CREATE TABLE audit_heads (
    chain TEXT COLLATE "C" NOT NULL,
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL,
    CONSTRAINT audit_heads_pkey PRIMARY KEY (chain)
);

-- An audit record is written, inside the transaction that makes the change,
-- to audit_queue; the sealer then links queued records into their chain
-- (sequence number, previous hash, hash) in its own short transaction, so no
-- request holds a chain head until it commits.
CREATE TABLE audit_queue (
    chain        TEXT COLLATE "C" NOT NULL,
    id           TEXT COLLATE "C" NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    ord          INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    -- The sealer takes a chain's records in this order.
    CONSTRAINT audit_queue_pkey PRIMARY KEY (chain, at, ord, id)
);

-- Idempotency-Key: the request hash and the response are stored in the same
-- transaction as the change they answer.
CREATE TABLE idempotency_keys (
    scope        TEXT COLLATE "C" NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, key)
);

-- Entries, postings and the audit trail are append-only: a correction is a new
-- record. The triggers stop an accidental UPDATE or DELETE from any client.
CREATE FUNCTION wageguard_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'wageguard: % is append-only; post a reversing entry instead', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION wageguard_append_only();
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION wageguard_append_only();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION wageguard_append_only();

-- Organisations, projects, API keys -----------------------------------------

-- Organisations and keys are small reference tables; projects are the tenant
-- root (their id is every tenant table's project_id).
CREATE TABLE organizations (
    id          TEXT COLLATE "C" NOT NULL,
    name        TEXT NOT NULL,
    uscc        TEXT COLLATE "C" NOT NULL,
    kind        TEXT NOT NULL CONSTRAINT organizations_kind_check
                CHECK (kind IN ('owner', 'general_contractor', 'subcontractor', 'bank', 'authority')),
    region_code TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT organizations_pkey PRIMARY KEY (id),
    CONSTRAINT organizations_uscc_key UNIQUE (uscc)
);

CREATE TABLE projects (
    id                     TEXT COLLATE "C" NOT NULL,
    code                   TEXT NOT NULL,
    name                   TEXT NOT NULL,
    region_code            TEXT COLLATE "C" NOT NULL,
    owner_id               TEXT NOT NULL REFERENCES organizations (id),
    general_contractor_id  TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    contract_amount        BIGINT NOT NULL CONSTRAINT projects_contract_amount_check CHECK (contract_amount > 0),
    started_on             DATE NOT NULL,
    planned_completion_on  DATE NOT NULL,
    completed_on           DATE,
    pay_day                INTEGER NOT NULL CONSTRAINT projects_pay_day_check CHECK (pay_day BETWEEN 1 AND 31),
    labour_cost_cycle_days INTEGER NOT NULL CONSTRAINT projects_cycle_check CHECK (labour_cost_cycle_days BETWEEN 1 AND 30),
    wage_bank_id           TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    wage_account_no        TEXT COLLATE "C" NOT NULL,
    status                 TEXT NOT NULL DEFAULT 'active',
    created_at             TIMESTAMPTZ NOT NULL,
    CONSTRAINT projects_pkey PRIMARY KEY (id),
    CONSTRAINT projects_code_key UNIQUE (code),
    CONSTRAINT projects_wage_account_key UNIQUE (wage_bank_id, wage_account_no)
);
CREATE INDEX projects_region_idx ON projects (region_code);
CREATE INDEX projects_gc_idx ON projects (general_contractor_id);

CREATE TABLE project_subcontractors (
    project_id      TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    added_at        TIMESTAMPTZ NOT NULL,
    CONSTRAINT project_subcontractors_pkey PRIMARY KEY (project_id, organization_id)
);
CREATE INDEX project_subcontractors_org_idx ON project_subcontractors (organization_id);

-- An API key is stored only as the SHA-256 of its secret part.
CREATE TABLE api_keys (
    id              TEXT COLLATE "C" NOT NULL,
    organization_id TEXT COLLATE "C" REFERENCES organizations (id),
    role            TEXT NOT NULL CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'contractor', 'bank', 'inspector')),
    label           TEXT NOT NULL DEFAULT '',
    secret_hash     TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id)
);
CREATE INDEX api_keys_org_idx ON api_keys (organization_id);

-- The real-name registry ----------------------------------------------------

-- One identity per person (global, found by a blind index), enrolments of
-- people on projects (tenant), the history of their cards and phones,
-- attendance, and the files uploaded.
CREATE TABLE worker_identities (
    id               TEXT COLLATE "C" NOT NULL,
    id_number_index  TEXT COLLATE "C" NOT NULL,   -- HMAC-SHA256 blind index of the normalised number
    id_number_enc    TEXT NOT NULL,   -- AES-256-GCM, "<key id>:<base64>"
    id_number_masked TEXT NOT NULL,
    name             TEXT NOT NULL,
    gender           TEXT NOT NULL,
    birth_date       DATE NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT worker_identities_pkey PRIMARY KEY (id),
    CONSTRAINT worker_identities_index_key UNIQUE (id_number_index)
);

CREATE TABLE enrolments (
    project_id         TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id                 TEXT COLLATE "C" NOT NULL,
    worker_id          TEXT COLLATE "C" NOT NULL REFERENCES worker_identities (id),
    name               TEXT NOT NULL,   -- copied from the identity for hot paths
    id_number_masked   TEXT NOT NULL,
    employer_id        TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    team               TEXT NOT NULL DEFAULT '',
    trade              TEXT NOT NULL,
    contract_kind      TEXT NOT NULL CONSTRAINT enrolments_contract_kind_check CHECK (contract_kind IN ('labour_contract', 'written_agreement')),
    contract_signed_on DATE NOT NULL,
    entered_on         DATE NOT NULL,
    exited_on          DATE,
    bank_card_enc      TEXT NOT NULL,
    bank_card_index    TEXT COLLATE "C" NOT NULL,
    bank_card_masked   TEXT NOT NULL,
    bank_id            TEXT NOT NULL REFERENCES organizations (id),
    phone_enc          TEXT NOT NULL DEFAULT '',
    phone_masked       TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    CONSTRAINT enrolments_pkey PRIMARY KEY (project_id, id),
    CONSTRAINT enrolments_exit_check CHECK (exited_on IS NULL OR exited_on >= entered_on)
);
-- One open enrolment per person per project; re-entry opens a new one.
CREATE UNIQUE INDEX enrolments_open_key ON enrolments (project_id, worker_id) WHERE exited_on IS NULL;
CREATE INDEX enrolments_worker_idx ON enrolments (project_id, worker_id);
CREATE INDEX enrolments_card_idx ON enrolments (project_id, bank_card_index);
CREATE INDEX enrolments_employer_idx ON enrolments (project_id, employer_id, team);
-- GET /workers/{enrolment_id}/statement names an enrolment without its project.
CREATE INDEX enrolments_id_idx ON enrolments (id);

-- Every card and phone an enrolment has had, with when it was valid.
CREATE TABLE enrolment_details (
    project_id   TEXT COLLATE "C" NOT NULL,
    enrolment_id TEXT COLLATE "C" NOT NULL,
    seq          INTEGER NOT NULL,
    field        TEXT NOT NULL CONSTRAINT enrolment_details_field_check CHECK (field IN ('bank_card', 'phone')),
    value_enc    TEXT NOT NULL,
    value_index  TEXT NOT NULL DEFAULT '',
    value_masked TEXT NOT NULL,
    bank_id      TEXT,
    valid_from   TIMESTAMPTZ NOT NULL,
    valid_until  TIMESTAMPTZ,
    CONSTRAINT enrolment_details_pkey PRIMARY KEY (project_id, enrolment_id, seq),
    CONSTRAINT enrolment_details_enrolment_fkey FOREIGN KEY (project_id, enrolment_id) REFERENCES enrolments (project_id, id)
);

-- Hours are kept in hundredths of an hour (8.5 h = 850), never as a float.
CREATE TABLE attendance (
    project_id   TEXT COLLATE "C" NOT NULL,
    enrolment_id TEXT COLLATE "C" NOT NULL,
    work_date    DATE NOT NULL,
    centihours   INTEGER NOT NULL CONSTRAINT attendance_hours_check CHECK (centihours BETWEEN 0 AND 2400),
    source       TEXT NOT NULL DEFAULT '',
    recorded_at  TIMESTAMPTZ NOT NULL,
    CONSTRAINT attendance_pkey PRIMARY KEY (project_id, enrolment_id, work_date),
    CONSTRAINT attendance_enrolment_fkey FOREIGN KEY (project_id, enrolment_id) REFERENCES enrolments (project_id, id)
);

-- A day re-sent replaces the earlier record; the earlier hours are kept here.
CREATE TABLE attendance_revisions (
    project_id      TEXT COLLATE "C" NOT NULL,
    enrolment_id    TEXT COLLATE "C" NOT NULL,
    work_date       DATE NOT NULL,
    revised_at      TIMESTAMPTZ NOT NULL,
    old_centihours  INTEGER NOT NULL,
    new_centihours  INTEGER NOT NULL,
    source          TEXT NOT NULL DEFAULT '',
    CONSTRAINT attendance_revisions_pkey PRIMARY KEY (project_id, enrolment_id, work_date, revised_at)
);

-- Uploaded files by SHA-256: the same file sent again returns the first result.
CREATE TABLE uploads (
    project_id TEXT COLLATE "C" NOT NULL,
    kind       TEXT NOT NULL,
    sha256     TEXT COLLATE "C" NOT NULL,
    result     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT uploads_pkey PRIMARY KEY (project_id, kind, sha256)
);

-- Payrolls and payment instructions -----------------------------------------

-- Payrolls (工资支付表), their lines, and the payment instructions that
-- approval creates. Amounts are fen; days are hundredths of a day.
--
-- Lines and instructions are written only by set-based statements that
-- derive them from the rows they refer to (the validated enrolment, the
-- stored line), in the same transaction. A foreign key there adds a trigger
-- query per row and no protection, so these tables reference their payroll
-- but not the enrolment or line they were derived from.
CREATE TABLE payrolls (
    project_id        TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id                TEXT COLLATE "C" NOT NULL,
    employer_id       TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
    period            TEXT COLLATE "C" NOT NULL,
    kind              TEXT NOT NULL CONSTRAINT payrolls_kind_check CHECK (kind IN ('regular', 'supplementary')),
    status            TEXT NOT NULL CONSTRAINT payrolls_status_check CHECK (status IN ('submitted', 'approved', 'rejected', 'superseded')),
    file_sha256       TEXT COLLATE "C" NOT NULL,
    source            TEXT NOT NULL DEFAULT '',
    line_count        INTEGER NOT NULL,
    gross_total       BIGINT NOT NULL,
    deductions_total  BIGINT NOT NULL,
    net_total         BIGINT NOT NULL,
    warnings          INTEGER NOT NULL DEFAULT 0,
    submitted_at      TIMESTAMPTZ NOT NULL,
    submitted_by      TEXT NOT NULL,
    decided_at        TIMESTAMPTZ,
    decided_by        TEXT NOT NULL DEFAULT '',
    reject_reason     TEXT NOT NULL DEFAULT '',
    CONSTRAINT payrolls_pkey PRIMARY KEY (project_id, id)
);
-- One live regular payroll per employer and month.
CREATE UNIQUE INDEX payrolls_regular_key ON payrolls (project_id, employer_id, period) WHERE kind = 'regular' AND status IN ('submitted', 'approved');
CREATE INDEX payrolls_file_idx ON payrolls (project_id, file_sha256);
-- /payrolls/{id} names a payroll without its project.
CREATE INDEX payrolls_id_idx ON payrolls (id);

CREATE TABLE payroll_lines (
    project_id        TEXT COLLATE "C" NOT NULL,
    payroll_id        TEXT COLLATE "C" NOT NULL,
    line_no           INTEGER NOT NULL,
    source_row        INTEGER NOT NULL,
    enrolment_id      TEXT COLLATE "C" NOT NULL,
    worker_id         TEXT NOT NULL,
    name              TEXT NOT NULL,
    id_number_masked  TEXT NOT NULL,
    centidays         INTEGER NOT NULL,
    gross             BIGINT NOT NULL,
    deductions        BIGINT NOT NULL,
    net               BIGINT NOT NULL CONSTRAINT payroll_lines_net_check CHECK (net >= 0 AND net = gross - deductions),
    bank_card_masked  TEXT NOT NULL,
    confirmed         INTEGER NOT NULL,
    warnings          TEXT NOT NULL DEFAULT '',
    CONSTRAINT payroll_lines_pkey PRIMARY KEY (project_id, payroll_id, line_no),
    CONSTRAINT payroll_lines_payroll_fkey FOREIGN KEY (project_id, payroll_id) REFERENCES payrolls (project_id, id)
);
CREATE INDEX payroll_lines_enrolment_idx ON payroll_lines (project_id, enrolment_id);

-- What the bank is told to pay: net pay from the project's wage account into
-- the worker's registered card, as it was at approval. An instruction as
-- issued never changes. A failed instruction re-issued to the worker's
-- corrected card names the instruction it replaces (reissue_of); the failed
-- one stays on record.
CREATE TABLE payment_instructions (
    project_id        TEXT COLLATE "C" NOT NULL,
    id                TEXT COLLATE "C" NOT NULL,
    payroll_id        TEXT COLLATE "C" NOT NULL,
    line_no           INTEGER NOT NULL,
    enrolment_id      TEXT NOT NULL,
    period            TEXT NOT NULL,
    amount            BIGINT NOT NULL CONSTRAINT payment_instructions_amount_check CHECK (amount > 0),
    payee_name        TEXT NOT NULL,
    payee_card_enc    TEXT NOT NULL,
    payee_card_index  TEXT NOT NULL,
    payee_card_masked TEXT NOT NULL,
    payee_bank_id     TEXT NOT NULL,
    wage_bank_id      TEXT NOT NULL,
    wage_account_no   TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    reissue_of        TEXT,
    CONSTRAINT payment_instructions_pkey PRIMARY KEY (project_id, id)
);
CREATE INDEX payment_instructions_line_idx ON payment_instructions (project_id, payroll_id, line_no);
-- Banks confirm by instruction ID alone.
CREATE INDEX payment_instructions_id_idx ON payment_instructions (id);

-- How far an instruction has been paid changes with every bank result. That
-- state lives in a narrow table of its own, with no index on what changes,
-- so that PostgreSQL rewrites a state in place on its page without touching
-- any index (a HOT update): updating a 450-byte instruction row with four
-- indexes cost about 23 µs per payment. Each page leaves room for the new
-- version of a state. The view instructions joins the two for readers;
-- writers write the table they mean.
CREATE TABLE instruction_states (
    project_id     TEXT COLLATE "C" NOT NULL,
    instruction_id TEXT COLLATE "C" NOT NULL,
    wage_bank_id   TEXT COLLATE "C" NOT NULL,
    status         TEXT COLLATE "C" NOT NULL DEFAULT 'pending'
        CONSTRAINT instruction_states_status_check CHECK (status IN ('pending', 'paid', 'partly_paid', 'failed', 'returned', 'reissued')),
    paid_amount    BIGINT NOT NULL DEFAULT 0 CONSTRAINT instruction_states_paid_check CHECK (paid_amount >= 0),
    CONSTRAINT instruction_states_pkey PRIMARY KEY (project_id, instruction_id)
) WITH (fillfactor = 70);
-- GET /bank/instructions?status=…, in ID order.
CREATE INDEX instruction_states_bank_idx ON instruction_states (wage_bank_id, instruction_id);

-- The instructions still waiting for the bank, which it polls for: a row
-- from issue (approval, re-issue) until the bank's first result. Deleting a
-- row touches no index, where an index on the status would take two new
-- entries with every payment.
CREATE TABLE pending_instructions (
    project_id     TEXT COLLATE "C" NOT NULL,
    instruction_id TEXT COLLATE "C" NOT NULL,
    wage_bank_id   TEXT COLLATE "C" NOT NULL,
    CONSTRAINT pending_instructions_pkey PRIMARY KEY (project_id, instruction_id)
);
CREATE INDEX pending_instructions_bank_idx ON pending_instructions (wage_bank_id, instruction_id);

CREATE VIEW instructions AS
    SELECT i.project_id, i.id, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount, i.payee_name, i.payee_card_enc,
        i.payee_card_index, i.payee_card_masked, i.payee_bank_id, s.wage_bank_id, i.wage_account_no, s.status, s.paid_amount,
        i.created_at, i.reissue_of
    FROM payment_instructions i JOIN instruction_states s ON s.project_id = i.project_id AND s.instruction_id = i.id;

-- The bank's facts ----------------------------------------------------------

-- Labour-cost allocations into wage accounts, and the result of each payment
-- instruction. Each is idempotent on the bank's own reference; a fact is
-- never thrown away, even one that looks wrong.
CREATE TABLE bank_inflows (
    project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    id           TEXT COLLATE "C" NOT NULL,
    bank_id      TEXT COLLATE "C" NOT NULL,
    bank_ref     TEXT COLLATE "C" NOT NULL,
    content_hash TEXT NOT NULL,
    account_no   TEXT NOT NULL,
    amount       BIGINT NOT NULL CONSTRAINT bank_inflows_amount_check CHECK (amount > 0),
    received_on  DATE NOT NULL,
    payer        TEXT NOT NULL DEFAULT '',
    entry_id     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT bank_inflows_pkey PRIMARY KEY (project_id, id)
);
CREATE UNIQUE INDEX bank_inflows_ref_key ON bank_inflows (project_id, bank_id, bank_ref);
CREATE INDEX bank_inflows_received_idx ON bank_inflows (project_id, received_on);

-- A bank's confirmation is known, and looked up, by its bank reference. A
-- separate key on its random ID cost every confirmation one more index entry
-- and was used only to remove or mark confirmations the same transaction had
-- just written, which the reference does as well.
CREATE TABLE bank_confirmations (
    project_id     TEXT COLLATE "C" NOT NULL,
    id             TEXT NOT NULL,
    bank_id        TEXT COLLATE "C" NOT NULL,
    bank_ref       TEXT COLLATE "C" NOT NULL,
    content_hash   TEXT NOT NULL,
    instruction_id TEXT COLLATE "C" NOT NULL,
    status         TEXT NOT NULL CONSTRAINT bank_confirmations_status_check CHECK (status IN ('paid', 'failed', 'returned')),
    amount         BIGINT NOT NULL DEFAULT 0,
    settled_on     DATE NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    entry_id       TEXT,
    exception      TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    CONSTRAINT bank_confirmations_pkey PRIMARY KEY (project_id, bank_id, bank_ref)
);
CREATE INDEX bank_confirmations_instruction_idx ON bank_confirmations (project_id, instruction_id);

-- A confirmation that cannot be applied — its instruction is unknown at this
-- bank, it pays more than the instruction or another account than the
-- instruction's card, it returns money never paid, or it repeats a bank
-- reference with other content — is refused to the bank and kept here. The
-- reconciliation of the instruction's project lists it as an unmatched
-- confirmation; one naming no instruction of the bank's projects has
-- project_id '' and is listed to the bank alone.
CREATE TABLE unmatched_confirmations (
    project_id     TEXT COLLATE "C" NOT NULL,
    bank_id        TEXT COLLATE "C" NOT NULL,
    bank_ref       TEXT COLLATE "C" NOT NULL,
    content_hash   TEXT COLLATE "C" NOT NULL,
    instruction_id TEXT NOT NULL,
    status         TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    settled_on     DATE NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    problem_code   TEXT NOT NULL,
    problem        TEXT NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    -- The same refused fact sent again is the same record.
    CONSTRAINT unmatched_confirmations_pkey PRIMARY KEY (project_id, bank_id, bank_ref, content_hash)
);
CREATE INDEX unmatched_confirmations_bank_idx ON unmatched_confirmations (bank_id, received_at);

-- The double-entry books, the audit trail and idempotency keys.
-- Tenant tables put project_id first in every key (DESIGN.md, "built to shard").

CREATE TABLE ledger_entries (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    reverses_id  TEXT,
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
    project_id   TEXT NOT NULL,
    entry_id     TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    account_kind TEXT NOT NULL,
    account_ref  TEXT NOT NULL DEFAULT '',
    period       TEXT NOT NULL,
    amount       BIGINT NOT NULL CONSTRAINT ledger_postings_amount_check CHECK (amount <> 0),
    CONSTRAINT ledger_postings_pkey PRIMARY KEY (project_id, entry_id, seq)
);
CREATE INDEX ledger_postings_account_idx ON ledger_postings (project_id, account_kind, account_ref, period);

-- Cached balance per account, debit-positive, kept in the same transaction as
-- the postings; `wageguard ledger verify` recomputes it from them.
CREATE TABLE ledger_balances (
    project_id   TEXT NOT NULL,
    account_kind TEXT NOT NULL,
    account_ref  TEXT NOT NULL DEFAULT '',
    balance      BIGINT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT ledger_balances_pkey PRIMARY KEY (project_id, account_kind, account_ref)
);

-- The audit trail: one hash chain per project, plus the chain 'org' for
-- changes that belong to no project. audit_heads holds each chain's last
-- record; updating it serialises appends to one chain and no other.
CREATE TABLE audit_log (
    chain        TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    id           TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (chain, seq)
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject);

CREATE TABLE audit_heads (
    chain TEXT NOT NULL,
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL,
    CONSTRAINT audit_heads_pkey PRIMARY KEY (chain)
);

-- Idempotency-Key: the request hash and the response are stored in the same
-- transaction as the change they answer.
CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
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

-- The double-entry books, the audit trail and idempotency keys.
-- Same tables as postgres/0001_books.sql; see the comments there.

CREATE TABLE ledger_entries (
    project_id   TEXT NOT NULL,
    id           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    reverses_id  TEXT,
    effective_on TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, reverses_id) REFERENCES ledger_entries (project_id, id)
);
CREATE UNIQUE INDEX ledger_entries_reverses_key ON ledger_entries (project_id, reverses_id) WHERE reverses_id IS NOT NULL;

CREATE TABLE ledger_postings (
    project_id   TEXT NOT NULL,
    entry_id     TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    account_kind TEXT NOT NULL,
    account_ref  TEXT NOT NULL DEFAULT '',
    period       TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (project_id, entry_id, seq)
);
CREATE INDEX ledger_postings_account_idx ON ledger_postings (project_id, account_kind, account_ref, period);

CREATE TABLE ledger_balances (
    project_id   TEXT NOT NULL,
    account_kind TEXT NOT NULL,
    account_ref  TEXT NOT NULL DEFAULT '',
    balance      INTEGER NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, account_kind, account_ref)
);

CREATE TABLE audit_log (
    chain        TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    id           TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject);

CREATE TABLE audit_heads (
    chain TEXT NOT NULL PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);

CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'wageguard: ledger_entries is append-only; post a reversing entry instead'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'wageguard: ledger_entries is append-only; post a reversing entry instead'); END;
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'wageguard: ledger_postings is append-only; post a reversing entry instead'); END;
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'wageguard: ledger_postings is append-only; post a reversing entry instead'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'wageguard: audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'wageguard: audit_log is append-only'); END;

-- Issue 16 (helper secrets; the lead may renumber this migration at merge).

-- The audit trail is keyed with the secret key file (ledger/audit_keys.go).
-- A queued record carries the seal its writing transaction made ('' for
-- one queued before this migration: see README, "The audit trail"); the
-- sealer links only records whose seal holds, and moves any other here,
-- where `audit verify` names it.
ALTER TABLE audit_queue ADD COLUMN seal TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_quarantine (
    chain        TEXT COLLATE "C" NOT NULL,
    id           TEXT COLLATE "C" NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    ord          INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    seal         TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL,
    found_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (chain, at, ord, id)
);

-- The audit key of a secret version a rotation retired, sealed under the
-- version that replaced it, so that records keyed with it still verify
-- when the key file no longer holds it.
CREATE TABLE audit_keys (
    version    INTEGER NOT NULL PRIMARY KEY,
    sealed     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Chains linked before the trail was keyed keep their bare hashes (their
-- legacy prefix). On the upgrade, or a new database's first key, each such
-- chain's head is attested with a keyed MAC: an unkeyed record verifies
-- only up to its chain's attested record, so a keyed chain cannot be
-- rewritten as an unkeyed one.
CREATE TABLE audit_legacy (
    chain       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    seq         BIGINT NOT NULL,
    hash        TEXT NOT NULL,
    mac         TEXT NOT NULL,
    attested_at TIMESTAMPTZ NOT NULL
);

-- A person's birth date and sex beside the masked number (first four and
-- last four characters) left about nine candidates for the whole number.
-- The statistics keep the birth year-month, the sex and the region code; the
-- full birth date is read, for those allowed to see it, from the encrypted
-- number. region_code is filled from the encrypted numbers by the run that
-- applies this migration (it needs the key file).
ALTER TABLE worker_identities ADD COLUMN birth_month TEXT NOT NULL DEFAULT '';
ALTER TABLE worker_identities ADD COLUMN region_code TEXT NOT NULL DEFAULT '';
UPDATE worker_identities SET birth_month = to_char(birth_date, 'YYYY-MM');
ALTER TABLE worker_identities DROP COLUMN birth_date;

package store

// constraintMessages maps database constraints to messages for users: pg is
// the PostgreSQL constraint name, sqlite the "table.column" SQLite reports.
// Keep one row per unique or check constraint that a user can hit.
var constraintMessages = []struct {
	pg, sqlite, message string
}{
	{"ledger_entries_pkey", "ledger_entries.project_id, ledger_entries.id", "an entry with this ID already exists"},
	{"ledger_entries_reverses_key", "ledger_entries.project_id, ledger_entries.reverses_id", "this entry has already been reversed"},
	{"idempotency_keys_pkey", "idempotency_keys.scope, idempotency_keys.key", "this Idempotency-Key is already in use"},
}

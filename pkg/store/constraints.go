package store

// constraintMessages maps database constraints to messages for users: pg is
// the PostgreSQL constraint name, sqlite the "table.column" SQLite reports
// (or the index name for a partial index). Keep one row per unique or check
// constraint that a user can hit.
var constraintMessages = []struct {
	pg, sqlite, message string
}{
	{"ledger_entries_pkey", "ledger_entries.project_id, ledger_entries.id", "an entry with this ID already exists"},
	{"ledger_entries_reverses_key", "ledger_entries.project_id, ledger_entries.reverses_id", "this entry has already been reversed"},
	{"idempotency_keys_pkey", "idempotency_keys.scope, idempotency_keys.key", "this Idempotency-Key is already in use"},
	{"project_idempotency_keys_pkey", "project_idempotency_keys.project_id, project_idempotency_keys.scope, project_idempotency_keys.key", "this Idempotency-Key is already in use"},
	{"organizations_uscc_key", "organizations.uscc", "an organisation with this unified social credit code already exists"},
	{"project_keys_code_key", "project_keys.code", "a project with this code already exists"},
	{"project_keys_wage_account_key", "project_keys.wage_bank_id, project_keys.wage_account_no", "this wage account is already registered to another project"},
	{"project_subcontractors_pkey", "project_subcontractors.project_id, project_subcontractors.organization_id", "this subcontractor is already on the project"},
	{"worker_identities_index_key", "worker_identities.id_number_index", "this identity number is already registered"},
	{"enrolments_open_key", "enrolments_open_key", "the worker is already enrolled on this project"},
	{"enrolments_exit_check", "enrolments_exit_check", "the exit date is before the entry date"},
	{"blacklist_listings_open_key", "blacklist_listings.project_id, blacklist_listings.employer_id", "a proposal to list this unit is already awaiting a decision"},
	{"attendance_hours_check", "attendance_hours_check", "hours must be between 0 and 24"},
	{"pay_orders_live_key", "pay_orders_live_key", "the alert has a live order to pay already"},
	{"pay_order_decisions_step_key", "pay_order_decisions.project_id, pay_order_decisions.order_id, pay_order_decisions.step", "this step was decided on the order already"},
}

package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// ProjectByWageAccount finds the project whose wage account is accountNo at
// bankID, through project_keys, whose unique key on the account is what
// finds it (projects has none since 0031; on Citus a project's row is on one
// of many nodes, and project_keys on every node).
func ProjectByWageAccount(q Querier, bankID, accountNo string) (*ledger.Project, error) {
	id, err := ProjectIDOfWageAccount(q, bankID, accountNo)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, ledger.Errorf(ledger.ENotFound, "no wage account %s is held at this bank", accountNo)
	}
	return GetProject(q, id)
}

// ProjectIDOfWageAccount is the ID of the project whose wage account
// accountNo at bank bankID is, "" when none (project_keys: a reference
// table on a Citus cluster, read on any node).
func ProjectIDOfWageAccount(q Querier, bankID, accountNo string) (string, error) {
	var ids []string
	if err := q.Select(&ids, `SELECT project_id FROM project_keys WHERE wage_bank_id = ? AND wage_account_no = ?`, bankID, accountNo); err != nil {
		return "", fmt.Errorf("store: unable to find wage account: %w", err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	return ids[0], nil
}

// Inflow is a recorded allocation.
type Inflow struct {
	ID          string       `db:"id"`
	ProjectID   string       `db:"project_id"`
	BankRef     string       `db:"bank_ref"`
	ContentHash string       `db:"content_hash"`
	AccountNo   string       `db:"account_no"`
	Amount      ledger.Money `db:"amount"`
	ReceivedOn  ledger.Date  `db:"received_on"`
	Payer       string       `db:"payer"`
	EntryID     string       `db:"entry_id"`
	// AllocatedOn is the day the owner allocated it (zero when not given);
	// LabourCostShare the labour-cost share of its progress payment (0 when not given).
	AllocatedOn     ledger.Date  `db:"allocated_on"`
	LabourCostShare ledger.Share `db:"labour_cost_share"`
}

// InsertInflow records an inflow unless the bank's reference is already on
// record; it reports whether it inserted.
func InsertInflow(tx *Tx, bankID string, in *Inflow) (bool, error) {
	res, err := tx.Exec(`INSERT INTO bank_inflows (project_id, id, bank_id, bank_ref, content_hash, account_no, amount, received_on, payer, entry_id, created_at,
			allocated_on, labour_cost_share)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, bank_id, bank_ref) DO NOTHING`,
		in.ProjectID, in.ID, bankID, in.BankRef, in.ContentHash, in.AccountNo, int64(in.Amount), in.ReceivedOn, in.Payer, in.EntryID, tx.Now,
		in.AllocatedOn, int64(in.LabourCostShare))
	if err != nil {
		return false, fmt.Errorf("store: unable to record inflow: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// InflowByRef reads the inflow a bank recorded under ref.
func InflowByRef(q Querier, projectID, bankID, ref string) (*Inflow, error) {
	var in Inflow
	if err := q.Get(&in, `SELECT id, project_id, bank_ref, content_hash, account_no, amount, received_on, payer, entry_id, allocated_on, labour_cost_share FROM bank_inflows
		WHERE project_id = ? AND bank_id = ? AND bank_ref = ?`, projectID, bankID, ref); err != nil {
		return nil, fmt.Errorf("store: unable to read inflow: %w", err)
	}
	return &in, nil
}

// Confirmation is a bank's recorded result for an instruction.
type Confirmation struct {
	ID            string                    `db:"id"`
	ProjectID     string                    `db:"project_id"`
	BankRef       string                    `db:"bank_ref"`
	ContentHash   string                    `db:"content_hash"`
	InstructionID string                    `db:"instruction_id"`
	Status        ledger.ConfirmationStatus `db:"status"`
	Amount        ledger.Money              `db:"amount"`
	SettledOn     ledger.Date               `db:"settled_on"`
	Reason        string                    `db:"reason"`
	EntryID       *string                   `db:"entry_id"`
	Exception     string                    `db:"exception"`
	BankErrorCode string                    `db:"-"` // the bank's own error code verbatim; written, not read back
}

// ConfirmationException marks one recorded confirmation of a bank.
type ConfirmationException struct {
	ProjectID, BankRef, Exception string
}

// SetConfirmationExceptions marks recorded confirmations with their
// exceptions, in one statement (several on SQLite, under its parameter limit).
func SetConfirmationExceptions(tx *Tx, bankID string, marks []ConfirmationException) error {
	per := tx.d.rowsPerSource(3, len(marks))
	for start := 0; start < len(marks); start += per {
		chunk := marks[start:min(start+per, len(marks))]
		rows, projects := make([][]any, len(chunk)), make([]string, len(chunk))
		for i, m := range chunk {
			rows[i], projects[i] = []any{m.ProjectID, m.BankRef, m.Exception}, m.ProjectID
		}
		from, args := tx.d.rowsSource([]string{"project_id", "bank_ref", "exception"}, []string{"text", "text", "text"}, rows)
		shard, shardArgs := tx.d.onOneShard("bank_confirmations.project_id", projects)
		if _, err := tx.Exec(`UPDATE bank_confirmations SET exception = v.exception FROM `+from+`
			WHERE bank_confirmations.project_id = v.project_id AND bank_confirmations.bank_id = ? AND bank_confirmations.bank_ref = v.bank_ref`+shard,
			append(append(args, bankID), shardArgs...)...); err != nil {
			return fmt.Errorf("store: unable to flag confirmations: %w", err)
		}
	}
	return nil
}

// InsertConfirmations records confirmations in bulk, skipping any whose
// bank reference is already on record; it returns the IDs it inserted.
//
// A big batch goes first by COPY (on PostgreSQL; copyConfirmations), which
// writes a new batch in about half the time: the service decides a batch as
// if every reference were new, so most batches are. One reference already on
// record fails the whole COPY, which is then undone and the batch inserted
// here as before, skipping what is on record.
func InsertConfirmations(tx *Tx, bankID string, cs []*Confirmation) (map[string]bool, error) {
	inserted := make(map[string]bool, len(cs))
	copied, err := copyConfirmations(tx, bankID, cs)
	if err != nil {
		return nil, err
	}
	if copied {
		for _, c := range cs {
			inserted[c.ID] = true
		}
		return inserted, nil
	}
	per := tx.d.rowsPerSource(12, len(cs))
	for start := 0; start < len(cs); start += per {
		chunk := cs[start:min(start+per, len(cs))]
		rows := make([][]any, len(chunk))
		for i, c := range chunk {
			entry := ""
			if c.EntryID != nil {
				entry = *c.EntryID
			}
			rows[i] = []any{c.ProjectID, c.ID, c.BankRef, c.ContentHash, c.InstructionID, string(c.Status), int64(c.Amount), c.SettledOn, c.Reason, entry, c.Exception, c.BankErrorCode}
		}
		if tx.d.insertsAsValues() {
			if err := insertConfirmationValues(tx, bankID, rows, inserted); err != nil {
				return nil, err
			}
			continue
		}
		from, args := tx.d.rowsSource(
			[]string{"project_id", "id", "bank_ref", "content_hash", "instruction_id", "status", "amount", "settled_on", "reason", "entry_id", "exception", "bank_error_code"},
			[]string{"text", "text", "text", "text", "text", "text", "bigint", "date", "text", "text", "text", "text"}, rows)
		var ids []string
		// WHERE 1 = 1 keeps SQLite from reading ON CONFLICT as a join's ON.
		if err := tx.Select(&ids, `INSERT INTO bank_confirmations (project_id, id, bank_id, bank_ref, content_hash, instruction_id, status, amount,
			settled_on, reason, entry_id, exception, bank_error_code, created_at)
			SELECT v.project_id, v.id, ?, v.bank_ref, v.content_hash, v.instruction_id, v.status, v.amount, v.settled_on, v.reason,
				NULLIF(v.entry_id, ''), v.exception, v.bank_error_code, ? FROM `+from+` WHERE 1 = 1
			ON CONFLICT (project_id, bank_id, bank_ref) DO NOTHING RETURNING id`, append([]any{bankID, tx.Now}, args...)...); err != nil {
			return nil, fmt.Errorf("store: unable to record confirmations: %w", err)
		}
		for _, id := range ids {
			inserted[id] = true
		}
	}
	return inserted, nil
}

// confirmationCopyColumns are the columns copyConfirmations writes, in its rows' order.
var confirmationCopyColumns = []string{"project_id", "id", "bank_id", "bank_ref", "content_hash", "instruction_id", "status", "amount",
	"settled_on", "reason", "entry_id", "exception", "bank_error_code", "created_at"}

// copyConfirmations writes a batch of confirmations with COPY where the
// database has it and the batch is big enough to pay for it, and reports
// whether it did; if any of them is on record already, it writes none and
// reports false (copyOrRollBack).
func copyConfirmations(tx *Tx, bankID string, cs []*Confirmation) (bool, error) {
	if !tx.d.copiesUnlessConflict(len(cs)) {
		return false, nil
	}
	rows := make([][]any, len(cs))
	for i, c := range cs {
		var entry any // NULL when the fact posts no entry, as the INSERT's NULLIF writes it
		if c.EntryID != nil && *c.EntryID != "" {
			entry = *c.EntryID
		}
		rows[i] = []any{c.ProjectID, c.ID, bankID, c.BankRef, c.ContentHash, c.InstructionID, string(c.Status), int64(c.Amount),
			c.SettledOn, c.Reason, entry, c.Exception, c.BankErrorCode, tx.Now}
	}
	return tx.d.copyOrRollBack(tx, "bank_confirmations", confirmationCopyColumns, rows)
}

// insertConfirmationValues is InsertConfirmations' statement on a Citus
// cluster: the rows as a VALUES list (valuesList), so that a project's
// confirmations go straight to its shard.
func insertConfirmationValues(tx *Tx, bankID string, rows [][]any, inserted map[string]bool) error {
	for i, r := range rows {
		var entry any
		if r[9] != "" {
			entry = r[9]
		}
		rows[i] = append(append(append([]any{}, r[:9]...), entry), r[10], r[11], bankID, tx.Now)
	}
	per := maxParams / 14
	for start := 0; start < len(rows); start += per {
		values, args := valuesList(rows[start:min(start+per, len(rows))])
		var ids []string
		if err := tx.Select(&ids, `INSERT INTO bank_confirmations (project_id, id, bank_ref, content_hash, instruction_id, status, amount,
			settled_on, reason, entry_id, exception, bank_error_code, bank_id, created_at) VALUES `+values+`
			ON CONFLICT (project_id, bank_id, bank_ref) DO NOTHING RETURNING id`, args...); err != nil {
			return fmt.Errorf("store: unable to record confirmations: %w", err)
		}
		for _, id := range ids {
			inserted[id] = true
		}
	}
	return nil
}

// ConfirmationsByRef reads recorded confirmations of a project by bank reference.
func ConfirmationsByRef(q Querier, projectID, bankID string, refs []string) (map[string]*Confirmation, error) {
	out := map[string]*Confirmation{}
	for start := 0; start < len(refs); start += 5000 {
		chunk := refs[start:min(start+5000, len(refs))]
		var rows []Confirmation
		if err := q.Select(&rows, `SELECT id, project_id, bank_ref, content_hash, instruction_id, status, amount, settled_on, reason, entry_id, exception
			FROM bank_confirmations WHERE project_id = ? AND bank_id = ? AND bank_ref IN (`+placeholders(len(chunk))+`)`,
			append([]any{projectID, bankID}, anys(chunk)...)...); err != nil {
			return nil, fmt.Errorf("store: unable to read confirmations: %w", err)
		}
		for i := range rows {
			out[rows[i].BankRef] = &rows[i]
		}
	}
	return out, nil
}

// DiscardConfirmations removes confirmations inserted in this transaction
// whose effect was refused.
func DiscardConfirmations(tx *Tx, projectID, bankID string, refs []string) error {
	for start := 0; start < len(refs); start += 5000 {
		chunk := refs[start:min(start+5000, len(refs))]
		if _, err := tx.Exec(`DELETE FROM bank_confirmations WHERE project_id = ? AND bank_id = ? AND bank_ref IN (`+placeholders(len(chunk))+`)`,
			append([]any{projectID, bankID}, anys(chunk)...)...); err != nil {
			return fmt.Errorf("store: unable to discard refused confirmations: %w", err)
		}
	}
	return nil
}

// LastAllocations reads, for each of the projects that has one, the day of
// its latest labour-cost allocation: the day the owner allocated it, or the
// day the bank credited it when that is not known.
func LastAllocations(q Querier, projectIDs []string) (map[string]ledger.Date, error) {
	out := map[string]ledger.Date{}
	if len(projectIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(projectIDs))
	for i, id := range projectIDs {
		args[i] = id
	}
	var rows []struct {
		ProjectID string      `db:"project_id"`
		Last      ledger.Date `db:"last_on"`
	}
	if err := q.Select(&rows, `SELECT project_id, MAX(COALESCE(allocated_on, received_on)) AS last_on FROM bank_inflows
		WHERE project_id IN (`+placeholders(len(args))+`) GROUP BY project_id`, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read the last allocations: %w", err)
	}
	for _, r := range rows {
		out[r.ProjectID] = r.Last
	}
	return out, nil
}

package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// ProjectByWageAccount finds the project whose wage account is accountNo at bankID.
func ProjectByWageAccount(q Querier, bankID, accountNo string) (*ledger.Project, error) {
	var ids []string
	if err := q.Select(&ids, `SELECT id FROM projects WHERE wage_bank_id = ? AND wage_account_no = ?`, bankID, accountNo); err != nil {
		return nil, fmt.Errorf("store: unable to find wage account: %w", err)
	}
	if len(ids) == 0 {
		return nil, ledger.Errorf(ledger.ENotFound, "no wage account %s is held at this bank", accountNo)
	}
	return GetProject(q, ids[0])
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
}

// InsertInflow records an inflow unless the bank's reference is already on
// record; it reports whether it inserted.
func InsertInflow(tx *Tx, bankID string, in *Inflow) (bool, error) {
	res, err := tx.Exec(`INSERT INTO bank_inflows (project_id, id, bank_id, bank_ref, content_hash, account_no, amount, received_on, payer, entry_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, bank_id, bank_ref) DO NOTHING`,
		in.ProjectID, in.ID, bankID, in.BankRef, in.ContentHash, in.AccountNo, int64(in.Amount), in.ReceivedOn, in.Payer, in.EntryID, tx.Now)
	if err != nil {
		return false, fmt.Errorf("store: unable to record inflow: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// InflowByRef reads the inflow a bank recorded under ref.
func InflowByRef(q Querier, projectID, bankID, ref string) (*Inflow, error) {
	var in Inflow
	if err := q.Get(&in, `SELECT id, project_id, bank_ref, content_hash, account_no, amount, received_on, payer, entry_id FROM bank_inflows
		WHERE project_id = ? AND bank_id = ? AND bank_ref = ?`, projectID, bankID, ref); err != nil {
		return nil, fmt.Errorf("store: unable to read inflow: %w", err)
	}
	return &in, nil
}

// GetInstruction reads an instruction by its ID alone (banks confirm by it).
func GetInstruction(q Querier, id string) (*Instruction, error) {
	rows, err := selectInstructions(q, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, notFound("instruction", id)
	}
	return &rows[0], nil
}

// Confirmation is a bank's recorded result for an instruction.
type Confirmation struct {
	ID            string       `db:"id"`
	ProjectID     string       `db:"project_id"`
	BankRef       string       `db:"bank_ref"`
	ContentHash   string       `db:"content_hash"`
	InstructionID string       `db:"instruction_id"`
	Status        string       `db:"status"`
	Amount        ledger.Money `db:"amount"`
	SettledOn     ledger.Date  `db:"settled_on"`
	Reason        string       `db:"reason"`
	EntryID       *string      `db:"entry_id"`
	Exception     string       `db:"exception"`
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
		rows := make([][]any, len(chunk))
		for i, m := range chunk {
			rows[i] = []any{m.ProjectID, m.BankRef, m.Exception}
		}
		from, args := tx.d.rowsSource([]string{"project_id", "bank_ref", "exception"}, []string{"text", "text", "text"}, rows)
		if _, err := tx.Exec(`UPDATE bank_confirmations SET exception = v.exception FROM `+from+`
			WHERE bank_confirmations.project_id = v.project_id AND bank_confirmations.bank_id = ? AND bank_confirmations.bank_ref = v.bank_ref`,
			append(args, bankID)...); err != nil {
			return fmt.Errorf("store: unable to flag confirmations: %w", err)
		}
	}
	return nil
}

// BankInstructions lists instructions on wage accounts at a bank.
func BankInstructions(q Querier, bankID, status, after string, limit int) ([]Instruction, error) {
	n := clampLimit(limit)
	if status == ledger.InstructionPending {
		// What the bank polls for: a page of pending_instructions, however
		// many instructions the bank has settled before.
		where := `wage_bank_id = ?`
		args := []any{bankID}
		if after != "" {
			where += " AND instruction_id > ?"
			args = append(args, after)
		}
		return selectInstructions(q, fmt.Sprintf(`(project_id, id) IN (SELECT project_id, instruction_id FROM pending_instructions
			WHERE %s ORDER BY instruction_id LIMIT %d) ORDER BY id`, where, n), args...)
	}
	where := `wage_bank_id = ?`
	args := []any{bankID}
	if status != "" {
		where += " AND status = ?"
		args = append(args, status)
	}
	if after != "" {
		where += " AND id > ?"
		args = append(args, after)
	}
	return selectInstructions(q, where+fmt.Sprintf(" ORDER BY id LIMIT %d", n), args...)
}

// ReissueInstruction marks a failed (or returned) instruction re-issued and
// creates its replacement to the enrolment's current card.
func ReissueInstruction(tx *Tx, old *Instruction, newID string) error {
	res, err := tx.Exec(`UPDATE instruction_states SET status = 'reissued' WHERE project_id = ? AND instruction_id = ? AND status IN ('failed', 'returned')`,
		old.ProjectID, old.ID)
	if err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ledger.Errorf(ledger.EConflict, "instruction %s is not failed or returned: only those are re-issued", old.ID)
	}
	if _, err := tx.Exec(`INSERT INTO payment_instructions (project_id, id, payroll_id, line_no, enrolment_id, period, amount, payee_name,
		payee_card_enc, payee_card_index, payee_card_masked, payee_account_kind, payee_bank_id, wage_bank_id, wage_account_no, created_at, reissue_of)
		SELECT i.project_id, ?, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount - i.paid_amount, e.name,
			e.bank_card_enc, e.bank_card_index, e.bank_card_masked, e.account_kind, e.bank_id, i.wage_bank_id, i.wage_account_no, ?, i.id
		FROM instructions i JOIN enrolments e ON e.project_id = i.project_id AND e.id = i.enrolment_id
		WHERE i.project_id = ? AND i.id = ?`, newID, tx.Now, old.ProjectID, old.ID); err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO instruction_states (project_id, instruction_id, wage_bank_id, status, paid_amount) VALUES (?, ?, ?, 'pending', 0)`,
		old.ProjectID, newID, old.WageBankID); err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO pending_instructions (project_id, instruction_id, wage_bank_id) VALUES (?, ?, ?)`,
		old.ProjectID, newID, old.WageBankID); err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	return nil
}

// InstructionState is what applying a bank's result needs of an instruction.
type InstructionState struct {
	ProjectID      string        `db:"project_id"`
	ID             string        `db:"id"`
	EnrolmentID    string        `db:"enrolment_id"`
	Period         ledger.Period `db:"period"`
	Amount         ledger.Money  `db:"amount"`
	PaidAmount     ledger.Money  `db:"paid_amount"`
	Status         string        `db:"status"`
	WageBankID     string        `db:"wage_bank_id"`
	PayeeCardIndex string        `db:"payee_card_index"`
}

// InstructionStates reads many instructions' states by ID (banks confirm by
// ID alone), 5,000 to a statement. Only the columns a confirmation needs are
// read: a 10,000-item batch spent a tenth of its time reading the rest. Call
// tx.PreferKeyLookups first.
func InstructionStates(tx *Tx, ids []string) (map[string]*InstructionState, error) {
	out := make(map[string]*InstructionState, len(ids))
	for start := 0; start < len(ids); start += 5000 {
		chunk := ids[start:min(start+5000, len(ids))]
		cond, args := tx.d.inStrings("id", chunk)
		rows := make([]InstructionState, 0, len(chunk)) // sqlx appends: no regrowing
		if err := tx.Select(&rows, `SELECT project_id, id, enrolment_id, period, amount, paid_amount, status, wage_bank_id, payee_card_index
			FROM instructions WHERE `+cond, args...); err != nil {
			return nil, fmt.Errorf("store: unable to read instructions: %w", err)
		}
		for i := range rows {
			out[rows[i].ID] = &rows[i]
		}
	}
	return out, nil
}

// InsertConfirmations records confirmations in bulk, skipping any whose
// bank reference is already on record; it returns the IDs it inserted.
func InsertConfirmations(tx *Tx, bankID string, cs []*Confirmation) (map[string]bool, error) {
	inserted := make(map[string]bool, len(cs))
	per := tx.d.rowsPerSource(11, len(cs))
	for start := 0; start < len(cs); start += per {
		chunk := cs[start:min(start+per, len(cs))]
		rows := make([][]any, len(chunk))
		for i, c := range chunk {
			entry := ""
			if c.EntryID != nil {
				entry = *c.EntryID
			}
			rows[i] = []any{c.ProjectID, c.ID, c.BankRef, c.ContentHash, c.InstructionID, c.Status, int64(c.Amount), c.SettledOn, c.Reason, entry, c.Exception}
		}
		from, args := tx.d.rowsSource(
			[]string{"project_id", "id", "bank_ref", "content_hash", "instruction_id", "status", "amount", "settled_on", "reason", "entry_id", "exception"},
			[]string{"text", "text", "text", "text", "text", "text", "bigint", "date", "text", "text", "text"}, rows)
		var ids []string
		// WHERE 1 = 1 keeps SQLite from reading ON CONFLICT as a join's ON.
		if err := tx.Select(&ids, `INSERT INTO bank_confirmations (project_id, id, bank_id, bank_ref, content_hash, instruction_id, status, amount,
			settled_on, reason, entry_id, exception, created_at)
			SELECT v.project_id, v.id, ?, v.bank_ref, v.content_hash, v.instruction_id, v.status, v.amount, v.settled_on, v.reason,
				NULLIF(v.entry_id, ''), v.exception, ? FROM `+from+` WHERE 1 = 1
			ON CONFLICT (project_id, bank_id, bank_ref) DO NOTHING RETURNING id`, append([]any{bankID, tx.Now}, args...)...); err != nil {
			return nil, fmt.Errorf("store: unable to record confirmations: %w", err)
		}
		for _, id := range ids {
			inserted[id] = true
		}
	}
	return inserted, nil
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

// InstructionChange moves one instruction from the state it was read in to a new one.
type InstructionChange struct {
	ProjectID, ID        string
	OldPaid, NewPaid     ledger.Money
	OldStatus, NewStatus string
}

// ApplyInstructionChanges writes many instruction changes with one
// statement per thousand, each applied only if the instruction is still in
// the state it was read in. It returns how many applied: fewer than asked
// means another transaction changed one meanwhile, and the caller retries.
func ApplyInstructionChanges(tx *Tx, changes []InstructionChange) (int, error) {
	total := 0
	per := tx.d.rowsPerSource(6, len(changes))
	for start := 0; start < len(changes); start += per {
		chunk := changes[start:min(start+per, len(changes))]
		rows := make([][]any, len(chunk))
		for i, c := range chunk {
			rows[i] = []any{c.ProjectID, c.ID, int64(c.OldPaid), int64(c.NewPaid), c.OldStatus, c.NewStatus}
		}
		from, args := tx.d.rowsSource([]string{"project_id", "id", "old_paid", "new_paid", "old_status", "new_status"},
			[]string{"text", "text", "bigint", "bigint", "text", "text"}, rows)
		res, err := tx.Exec(`UPDATE instruction_states SET paid_amount = v.new_paid, status = v.new_status FROM `+from+`
			WHERE instruction_states.project_id = v.project_id AND instruction_states.instruction_id = v.id
			AND instruction_states.paid_amount = v.old_paid AND instruction_states.status = v.old_status`, args...)
		if err != nil {
			return total, fmt.Errorf("store: unable to update instructions: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		var left [][]any // instructions leaving pending: no longer waiting for the bank
		for _, c := range chunk {
			if c.OldStatus == ledger.InstructionPending && c.NewStatus != ledger.InstructionPending {
				left = append(left, []any{c.ProjectID, c.ID})
			}
		}
		if len(left) > 0 {
			from, args := tx.d.rowsSource([]string{"project_id", "id"}, []string{"text", "text"}, left)
			if _, err := tx.Exec(`DELETE FROM pending_instructions WHERE (project_id, instruction_id) IN (SELECT v.project_id, v.id FROM `+from+`)`, args...); err != nil {
				return total, fmt.Errorf("store: unable to update pending instructions: %w", err)
			}
		}
	}
	return total, nil
}

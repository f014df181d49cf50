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
	ID          string       `json:"id" db:"id"`
	ProjectID   string       `json:"project_id" db:"project_id"`
	BankRef     string       `json:"bank_ref" db:"bank_ref"`
	ContentHash string       `json:"-" db:"content_hash"`
	AccountNo   string       `json:"account_no" db:"account_no"`
	Amount      ledger.Money `json:"amount" db:"amount"`
	ReceivedOn  ledger.Date  `json:"received_on" db:"received_on"`
	Payer       string       `json:"payer" db:"payer"`
	EntryID     string       `json:"entry_id" db:"entry_id"`
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
	var rows []Instruction
	if err := q.Select(&rows, `SELECT `+instructionColumns+` FROM payment_instructions WHERE id = ?`, id); err != nil {
		return nil, fmt.Errorf("store: unable to read instruction: %w", err)
	}
	if len(rows) == 0 {
		return nil, notFound("instruction", id)
	}
	rows[0].CreatedAt = rows[0].Created.Time
	return &rows[0], nil
}

// Confirmation is a bank's recorded result for an instruction.
type Confirmation struct {
	ID            string       `json:"id" db:"id"`
	ProjectID     string       `json:"project_id" db:"project_id"`
	BankRef       string       `json:"bank_ref" db:"bank_ref"`
	ContentHash   string       `json:"-" db:"content_hash"`
	InstructionID string       `json:"instruction_id" db:"instruction_id"`
	Status        string       `json:"status" db:"status"`
	Amount        ledger.Money `json:"amount" db:"amount"`
	SettledOn     ledger.Date  `json:"settled_on" db:"settled_on"`
	Reason        string       `json:"reason,omitempty" db:"reason"`
	EntryID       *string      `json:"entry_id,omitempty" db:"entry_id"`
	Exception     string       `json:"exception,omitempty" db:"exception"`
}

// InsertConfirmation records a confirmation unless the bank's reference is
// already on record; it reports whether it inserted.
func InsertConfirmation(tx *Tx, bankID string, c *Confirmation) (bool, error) {
	res, err := tx.Exec(`INSERT INTO bank_confirmations (project_id, id, bank_id, bank_ref, content_hash, instruction_id, status, amount,
		settled_on, reason, entry_id, exception, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (project_id, bank_id, bank_ref) DO NOTHING`,
		c.ProjectID, c.ID, bankID, c.BankRef, c.ContentHash, c.InstructionID, c.Status, int64(c.Amount), c.SettledOn, c.Reason, c.EntryID, c.Exception, tx.Now)
	if err != nil {
		return false, fmt.Errorf("store: unable to record confirmation: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ConfirmationByRef reads the confirmation a bank recorded under ref.
func ConfirmationByRef(q Querier, projectID, bankID, ref string) (*Confirmation, error) {
	var c Confirmation
	if err := q.Get(&c, `SELECT id, project_id, bank_ref, content_hash, instruction_id, status, amount, settled_on, reason, entry_id, exception
		FROM bank_confirmations WHERE project_id = ? AND bank_id = ? AND bank_ref = ?`, projectID, bankID, ref); err != nil {
		return nil, fmt.Errorf("store: unable to read confirmation: %w", err)
	}
	return &c, nil
}

// DiscardConfirmation removes a confirmation inserted in this transaction
// whose effect was refused (the refusal is reported to the bank instead).
func DiscardConfirmation(tx *Tx, projectID, id string) error {
	_, err := tx.Exec(`DELETE FROM bank_confirmations WHERE project_id = ? AND id = ?`, projectID, id)
	return err
}

// SetConfirmationException marks a recorded confirmation with an exception.
func SetConfirmationException(tx *Tx, projectID, id, exception string) error {
	_, err := tx.Exec(`UPDATE bank_confirmations SET exception = ? WHERE project_id = ? AND id = ?`, exception, projectID, id)
	return err
}

// AddPayment adds amount to what was paid on an instruction, atomically and
// only while the total stays within the instruction (a concurrent payment
// of the same instruction waits on the row and then sees the new total).
// It reports whether the payment fitted.
func AddPayment(tx *Tx, projectID, id string, amount ledger.Money) (bool, error) {
	res, err := tx.Exec(`UPDATE payment_instructions SET paid_amount = paid_amount + ?,
		status = CASE WHEN paid_amount + ? = amount THEN 'paid' ELSE 'partly_paid' END
		WHERE project_id = ? AND id = ? AND status IN ('pending', 'partly_paid', 'failed', 'returned') AND paid_amount + ? <= amount`,
		int64(amount), int64(amount), projectID, id, int64(amount))
	if err != nil {
		return false, fmt.Errorf("store: unable to record payment: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ReturnPayment takes a returned amount back off what was paid.
func ReturnPayment(tx *Tx, projectID, id string, amount ledger.Money) (bool, error) {
	res, err := tx.Exec(`UPDATE payment_instructions SET paid_amount = paid_amount - ?,
		status = CASE WHEN paid_amount - ? = 0 THEN 'returned' ELSE 'partly_paid' END
		WHERE project_id = ? AND id = ? AND paid_amount >= ? AND status IN ('paid', 'partly_paid')`,
		int64(amount), int64(amount), projectID, id, int64(amount))
	if err != nil {
		return false, fmt.Errorf("store: unable to record return: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// FailInstruction records a failed payment; an instruction partly paid
// stays partly paid (what was paid stands).
func FailInstruction(tx *Tx, projectID, id string) (bool, error) {
	res, err := tx.Exec(`UPDATE payment_instructions SET status = CASE WHEN paid_amount > 0 THEN 'partly_paid' ELSE 'failed' END
		WHERE project_id = ? AND id = ? AND status IN ('pending', 'partly_paid', 'failed', 'returned')`, projectID, id)
	if err != nil {
		return false, fmt.Errorf("store: unable to record failure: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// BankInstructions lists instructions on wage accounts at a bank.
func BankInstructions(q Querier, bankID, status, after string, limit int) ([]Instruction, error) {
	qs := `SELECT ` + instructionColumns + ` FROM payment_instructions WHERE wage_bank_id = ?`
	args := []any{bankID}
	if status != "" {
		qs += " AND status = ?"
		args = append(args, status)
	}
	if after != "" {
		qs += " AND id > ?"
		args = append(args, after)
	}
	qs += fmt.Sprintf(" ORDER BY id LIMIT %d", clampLimit(limit))
	var rows []Instruction
	if err := q.Select(&rows, qs, args...); err != nil {
		return nil, fmt.Errorf("store: unable to list instructions: %w", err)
	}
	for i := range rows {
		rows[i].CreatedAt = rows[i].Created.Time
	}
	return rows, nil
}

// ReissueInstruction marks a failed (or returned) instruction re-issued and
// creates its replacement to the enrolment's current card.
func ReissueInstruction(tx *Tx, old *Instruction, newID string) error {
	res, err := tx.Exec(`UPDATE payment_instructions SET status = 'reissued' WHERE project_id = ? AND id = ? AND status IN ('failed', 'returned')`,
		old.ProjectID, old.ID)
	if err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ledger.Errorf(ledger.EConflict, "instruction %s is not failed or returned: only those are re-issued", old.ID)
	}
	if _, err := tx.Exec(`INSERT INTO payment_instructions (project_id, id, payroll_id, line_no, enrolment_id, period, amount, payee_name,
		payee_card_enc, payee_card_index, payee_card_masked, payee_bank_id, wage_bank_id, wage_account_no, status, paid_amount, created_at, reissue_of)
		SELECT i.project_id, ?, i.payroll_id, i.line_no, i.enrolment_id, i.period, i.amount - i.paid_amount, e.name,
			e.bank_card_enc, e.bank_card_index, e.bank_card_masked, e.bank_id, i.wage_bank_id, i.wage_account_no, 'pending', 0, ?, i.id
		FROM payment_instructions i JOIN enrolments e ON e.project_id = i.project_id AND e.id = i.enrolment_id
		WHERE i.project_id = ? AND i.id = ?`, newID, tx.Now, old.ProjectID, old.ID); err != nil {
		return fmt.Errorf("store: unable to re-issue: %w", err)
	}
	return nil
}

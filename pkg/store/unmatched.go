package store

import (
	"fmt"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// Unmatched is a bank's confirmation that could not be applied, kept
// because a bank fact is never thrown away.
type Unmatched struct {
	ProjectID     string                    `db:"project_id"` // "" when no project of the bank has the instruction
	BankRef       string                    `db:"bank_ref"`
	ContentHash   string                    `db:"content_hash"`
	InstructionID string                    `db:"instruction_id"`
	Status        ledger.ConfirmationStatus `db:"status"`
	Amount        ledger.Money              `db:"amount"`
	SettledOn     ledger.Date               `db:"settled_on"`
	Reason        string                    `db:"reason"`
	ProblemCode   ledger.Refusal            `db:"problem_code"`
	Problem       string                    `db:"problem"`
	BankStatus    string                    `db:"bank_status"`     // a result file row's status verbatim ("" for a request's item)
	BankErrorCode string                    `db:"bank_error_code"` // the bank's own error code verbatim (errcod, instrRetCode)
	Raw           string                    `db:"raw"`             // a result file row's columns as written (JSON), "" for a request's item
	ReceivedAt    time.Time                 `db:"-"`
	Received      timeColumn                `db:"received_at"`
}

// Cursor is where a listing of a bank's unmatched confirmations goes on after this one.
func (u Unmatched) Cursor() string { return u.BankRef + "\x1f" + u.ContentHash }

// KeepUnmatched records refused confirmations; one already kept (the same
// bank reference with the same content) is kept once.
func KeepUnmatched(tx *Tx, bankID string, us []Unmatched) error {
	per := tx.d.rowsPerSource(13, len(us))
	for start := 0; start < len(us); start += per {
		chunk := us[start:min(start+per, len(us))]
		rows := make([][]any, len(chunk))
		for i, u := range chunk {
			rows[i] = []any{u.ProjectID, u.BankRef, u.ContentHash, u.InstructionID, string(u.Status), int64(u.Amount), u.SettledOn, u.Reason, string(u.ProblemCode), u.Problem, u.BankStatus, u.BankErrorCode, u.Raw}
		}
		from, args := tx.d.rowsSource(
			[]string{"project_id", "bank_ref", "content_hash", "instruction_id", "status", "amount", "settled_on", "reason", "problem_code", "problem", "bank_status", "bank_error_code", "raw"},
			[]string{"text", "text", "text", "text", "text", "bigint", "date", "text", "text", "text", "text", "text", "text"}, rows)
		if _, err := tx.Exec(`INSERT INTO unmatched_confirmations (project_id, bank_id, bank_ref, content_hash, instruction_id, status, amount,
			settled_on, reason, problem_code, problem, bank_status, bank_error_code, raw, received_at)
			SELECT v.project_id, ?, v.bank_ref, v.content_hash, v.instruction_id, v.status, v.amount, v.settled_on, v.reason, v.problem_code, v.problem,
			v.bank_status, v.bank_error_code, v.raw, ?
			FROM `+from+` WHERE 1 = 1
			ON CONFLICT (project_id, bank_id, bank_ref, content_hash) DO NOTHING`, append([]any{bankID, tx.Now}, args...)...); err != nil {
			return fmt.Errorf("store: unable to keep unmatched confirmations: %w", err)
		}
	}
	return nil
}

const unmatchedColumns = `u.project_id, u.bank_ref, u.content_hash, u.instruction_id, u.status, u.amount, u.settled_on, u.reason,
	u.problem_code, u.problem, u.bank_status, u.bank_error_code, u.raw, u.received_at`

func selectUnmatched(q Querier, query string, args ...any) ([]Unmatched, error) {
	var rows []Unmatched
	if err := q.Select(&rows, query, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read unmatched confirmations: %w", err)
	}
	for i := range rows {
		rows[i].ReceivedAt = rows[i].Received.Time
	}
	return rows, nil
}

// BankUnmatched lists a bank's unmatched confirmations by bank reference.
func BankUnmatched(q Querier, bankID, after string, limit int) ([]Unmatched, error) {
	where, args := "u.bank_id = ?", []any{bankID}
	if after != "" {
		ref, hash, _ := strings.Cut(after, "\x1f")
		where += " AND (u.bank_ref > ? OR (u.bank_ref = ? AND u.content_hash > ?))"
		args = append(args, ref, ref, hash)
	}
	return selectUnmatched(q, `SELECT `+unmatchedColumns+` FROM unmatched_confirmations u WHERE `+where+
		fmt.Sprintf(` ORDER BY u.bank_ref, u.content_hash LIMIT %d`, clampLimit(limit)), args...)
}

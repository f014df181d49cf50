package store

import (
	"fmt"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// Drawdown is a recorded drawdown of a guarantee, with its deadlines.
type Drawdown struct {
	ProjectID    string       `db:"project_id"`
	ID           string       `db:"id"`
	GuaranteeID  string       `db:"guarantee_id"`
	DecisionRef  string       `db:"decision_ref"`
	AlertID      string       `db:"alert_id"`
	ContentHash  string       `db:"content_hash"`
	Amount       ledger.Money `db:"amount"`
	DrawnOn      ledger.Date  `db:"drawn_on"`
	PayBy        ledger.Date  `db:"pay_by"`
	TopUpBy      ledger.Date  `db:"top_up_by"`
	DeadlineNote string       `db:"deadline_note"`
	CreatedAt    time.Time    `db:"-"`
	Created      timeColumn   `db:"created_at"`
}

const drawdownColumns = "project_id, id, guarantee_id, decision_ref, alert_id, content_hash, amount, drawn_on, pay_by, top_up_by, deadline_note, created_at"

// InsertDrawdown records a drawdown unless its decision is already on record
// for the guarantee; it reports whether it inserted.
func InsertDrawdown(tx *Tx, d *Drawdown) (bool, error) {
	d.CreatedAt = tx.Now
	res, err := tx.Exec(`INSERT INTO guarantee_drawdowns (`+drawdownColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (project_id, guarantee_id, decision_ref) DO NOTHING`,
		d.ProjectID, d.ID, d.GuaranteeID, d.DecisionRef, d.AlertID, d.ContentHash, int64(d.Amount), d.DrawnOn, d.PayBy, d.TopUpBy, d.DeadlineNote, tx.Now)
	if err != nil {
		return false, fmt.Errorf("store: unable to record drawdown %q: %w", d.DecisionRef, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DrawdownByDecision reads the drawdown of a guarantee under a decision.
func DrawdownByDecision(q Querier, projectID, guaranteeID, decisionRef string) (*Drawdown, error) {
	var rows []Drawdown
	if err := q.Select(&rows, `SELECT `+drawdownColumns+` FROM guarantee_drawdowns WHERE project_id = ? AND guarantee_id = ? AND decision_ref = ?`,
		projectID, guaranteeID, decisionRef); err != nil {
		return nil, fmt.Errorf("store: unable to read drawdown: %w", err)
	}
	if len(rows) == 0 {
		return nil, notFound("resource.drawdown", decisionRef)
	}
	rows[0].CreatedAt = rows[0].Created.Time
	return &rows[0], nil
}

// DrawdownInstructions returns a drawdown's current instructions by line.
func DrawdownInstructions(q Querier, projectID, drawdownID string) ([]Instruction, error) {
	return PayrollInstructions(q, projectID, drawdownID)
}

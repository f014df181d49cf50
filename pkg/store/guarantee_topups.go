package store

import (
	"fmt"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// TopUp is a recorded top-up of a guarantee: cash paid in (EntryID names
// its entry) or a letter or policy amended to a higher amount.
type TopUp struct {
	ProjectID   string       `db:"project_id"`
	ID          string       `db:"id"`
	GuaranteeID string       `db:"guarantee_id"`
	Reference   string       `db:"reference"`
	ContentHash string       `db:"content_hash"`
	Amount      ledger.Money `db:"amount"`
	ToppedUpOn  ledger.Date  `db:"topped_up_on"`
	EntryID     *string      `db:"entry_id"`
	CreatedAt   time.Time    `db:"-"`
	Created     timeColumn   `db:"created_at"`
}

const topUpColumns = "project_id, id, guarantee_id, reference, content_hash, amount, topped_up_on, entry_id, created_at"

// InsertTopUp records a top-up unless its reference is already on record
// for the guarantee; it reports whether it inserted.
func InsertTopUp(tx *Tx, t *TopUp) (bool, error) {
	t.CreatedAt = tx.Now
	res, err := tx.Exec(`INSERT INTO guarantee_topups (`+topUpColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (project_id, guarantee_id, reference) DO NOTHING`,
		t.ProjectID, t.ID, t.GuaranteeID, t.Reference, t.ContentHash, int64(t.Amount), t.ToppedUpOn, t.EntryID, tx.Now)
	if err != nil {
		return false, fmt.Errorf("store: unable to record top-up %q: %w", t.Reference, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// TopUpByRef reads the top-up of a guarantee under a reference.
func TopUpByRef(q Querier, projectID, guaranteeID, reference string) (*TopUp, error) {
	var rows []TopUp
	if err := q.Select(&rows, `SELECT `+topUpColumns+` FROM guarantee_topups WHERE project_id = ? AND guarantee_id = ? AND reference = ?`,
		projectID, guaranteeID, reference); err != nil {
		return nil, fmt.Errorf("store: unable to read top-up: %w", err)
	}
	if len(rows) == 0 {
		return nil, notFound("resource.top_up", reference)
	}
	rows[0].CreatedAt = rows[0].Created.Time
	return &rows[0], nil
}

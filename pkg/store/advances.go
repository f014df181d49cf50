package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// AdvanceOutstanding reads, in one statement, what the books say of each
// enrolment's wages for period before an advance pays them: whether an
// approved line owes them, what is still owed, and what live instructions
// still carry to the bank: pending ones, and the unpaid rest of partly paid
// ones (the bank still holds it, and may pay it yet).
func AdvanceOutstanding(q Querier, d *Dialect, projectID string, period ledger.Period, enrolmentIDs []string) (map[string]ledger.Outstanding, error) {
	out := make(map[string]ledger.Outstanding, len(enrolmentIDs))
	if len(enrolmentIDs) == 0 {
		return out, nil
	}
	inCond, inArgs := d.inStrings("e.id", enrolmentIDs)
	var rows []struct {
		ID       string `db:"id"`
		Approved int    `db:"approved"`
		Owed     int64  `db:"owed"`
		InFlight int64  `db:"in_flight"`
	}
	args := append([]any{string(ledger.PayrollApproved), string(ledger.AdvanceOwed), period, string(ledger.WagesPayable), period,
		period, ledger.InstructionPending, ledger.InstructionPartlyPaid, projectID}, inArgs...)
	if err := q.Select(&rows, `SELECT e.id,
		(SELECT COUNT(*) FROM payroll_lines l JOIN payrolls p ON p.project_id = l.project_id AND p.id = l.payroll_id
			WHERE l.project_id = e.project_id AND l.enrolment_id = e.id AND p.status = ? AND l.advance_of <> ? AND l.net > 0 AND p.period = ?) AS approved,
		COALESCE((SELECT -SUM(amount) FROM ledger_postings WHERE project_id = e.project_id AND account_kind = ? AND account_ref = e.id AND period = ?), 0) AS owed,
		COALESCE((SELECT SUM(amount - paid_amount - superseded_amount) FROM instructions i WHERE i.project_id = e.project_id AND i.enrolment_id = e.id AND i.period = ?
			AND i.status IN (?, ?)), 0) AS in_flight
		FROM enrolments e WHERE e.project_id = ? AND `+inCond, args...); err != nil {
		return nil, fmt.Errorf("store: unable to read what is owed before an advance: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = ledger.Outstanding{Approved: r.Approved > 0, Owed: ledger.Money(r.Owed), InFlight: ledger.Money(r.InFlight)}
	}
	return out, nil
}

// AdvanceLine is one line of an advance payroll as its approval re-checks it.
type AdvanceLine struct {
	LineNo      int              `db:"line_no"`
	EnrolmentID string           `db:"enrolment_id"`
	Net         ledger.Money     `db:"net"`
	AdvanceOf   ledger.AdvanceOf `db:"advance_of"`
}

// AdvanceLines reads an advance payroll's lines with something to pay.
func AdvanceLines(q Querier, projectID, payrollID string) ([]AdvanceLine, error) {
	var rows []AdvanceLine
	if err := q.Select(&rows, `SELECT line_no, enrolment_id, net, advance_of FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0
		ORDER BY line_no`, projectID, payrollID); err != nil {
		return nil, fmt.Errorf("store: unable to read the advance's lines: %w", err)
	}
	return rows, nil
}

// PostAdvance posts an approved advance, set-based: one entry per line with
// something to pay, the general contractor's labour_cost debited and the
// subcontractor's advances account credited (what it now owes the general
// contractor), for the payroll's period; each balance moves once.
func PostAdvance(tx *Tx, p *ledger.Payroll, on ledger.Date) error {
	batch := ledger.NewEntryBatch()
	base := []any{p.ProjectID, p.ID}
	if _, err := tx.Exec(`INSERT INTO ledger_entries (project_id, id, kind, memo, reverses_id, effective_on, created_at)
		SELECT project_id, `+lineEntryID+`, ?, ?, NULL, ?, ? FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`,
		append([]any{string(batch), string(ledger.EntryAdvance), "advance " + p.ID + " by " + p.PayerID + " for " + p.EmployerID, on, tx.Now}, base...)...); err != nil {
		return fmt.Errorf("store: unable to post the advance (entries): %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO ledger_postings (project_id, entry_id, seq, account_kind, account_ref, period, amount)
		SELECT project_id, `+lineEntryID+`, 1, ?, ?, ?, net FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0
		UNION ALL
		SELECT project_id, `+lineEntryID+`, 2, ?, ?, ?, -net FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`,
		append(append([]any{string(batch), string(ledger.LabourCost), p.PayerID, p.Period}, base...),
			append([]any{string(batch), string(ledger.Advances), p.EmployerID, p.Period}, base...)...)...); err != nil {
		return fmt.Errorf("store: unable to post the advance (postings): %w", err)
	}
	var sum int64
	if err := tx.Get(&sum, `SELECT COALESCE(SUM(net), 0) FROM payroll_lines WHERE project_id = ? AND payroll_id = ? AND net > 0`, base...); err != nil {
		return fmt.Errorf("store: unable to post the advance: %w", err)
	}
	return addToBalances(tx, map[ledger.Account]ledger.Money{
		{ProjectID: p.ProjectID, Kind: ledger.LabourCost, Ref: p.PayerID}:  ledger.Money(sum),
		{ProjectID: p.ProjectID, Kind: ledger.Advances, Ref: p.EmployerID}: -ledger.Money(sum),
	})
}

// AdvancedLines reads, in one statement, the lines with something to pay of
// payroll payrollID whose worker an approved advance of the same period
// already paid for new work: one row per line and advance.
func AdvancedLines(q Querier, projectID, payrollID string, period ledger.Period) ([]ledger.AdvancedLine, error) {
	var rows []struct {
		LineNo    int    `db:"line_no"`
		AdvanceID string `db:"advance_id"`
		Advanced  int64  `db:"advanced"`
	}
	if err := q.Select(&rows, `SELECT l.line_no, a.payroll_id AS advance_id, SUM(a.net) AS advanced
		FROM payroll_lines l
		JOIN payroll_lines a ON a.project_id = l.project_id AND a.enrolment_id = l.enrolment_id AND a.advance_of = ? AND a.net > 0
		JOIN payrolls ap ON ap.project_id = a.project_id AND ap.id = a.payroll_id AND ap.kind = ? AND ap.status = ? AND ap.period = ?
		WHERE l.project_id = ? AND l.payroll_id = ? AND l.net > 0
		GROUP BY l.line_no, a.payroll_id ORDER BY l.line_no, a.payroll_id`,
		string(ledger.AdvanceNewWork), string(ledger.PayrollAdvance), string(ledger.PayrollApproved), period, projectID, payrollID); err != nil {
		return nil, fmt.Errorf("store: unable to read the advances of the payroll's workers: %w", err)
	}
	out := make([]ledger.AdvancedLine, len(rows))
	for i, r := range rows {
		out[i] = ledger.AdvancedLine{LineNo: r.LineNo, AdvanceID: r.AdvanceID, Advanced: ledger.Money(r.Advanced)}
	}
	return out, nil
}

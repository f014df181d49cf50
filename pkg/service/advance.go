package service

import (
	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
)

// The general contractor pays first (先行清偿, REG Art. 30): an advance
// payroll is checked line by line against what the books still owe each of
// the subcontractor's workers when it is submitted (payroll_lines.go), and
// again when it is approved, since wages may have been approved, paid or
// sent to the bank in between.

// recheckAdvance refuses to approve an advance whose lines no longer pay
// what they paid when it was submitted: more than is still owed, or new
// work that an approved payroll now covers.
func (s *Service) recheckAdvance(tx *store.Tx, pay *ledger.Payroll) error {
	if pay.Kind != ledger.PayrollAdvance {
		return nil
	}
	lines, err := store.AdvanceLines(tx, pay.ProjectID, pay.ID)
	if err != nil {
		return err
	}
	ids := make([]string, len(lines))
	for i, l := range lines {
		ids[i] = l.EnrolmentID
	}
	owed, err := store.AdvanceOutstanding(tx, s.DB.Dialect, pay.ProjectID, pay.Period, ids)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if err := ledger.CheckAdvanceStands(l.LineNo, l.Net, l.AdvanceOf, owed[l.EnrolmentID]); err != nil {
			return err
		}
	}
	return nil
}

// checkNotAdvanced refuses a regular or supplementary payroll paying a
// worker whose wages for the period an approved advance already paid for
// new work (ledger.CheckNotAdvanced): the worker is not paid twice.
func checkNotAdvanced(tx *store.Tx, pay *ledger.Payroll) error {
	if pay.Kind == ledger.PayrollAdvance {
		return nil
	}
	lines, err := store.AdvancedLines(tx, pay.ProjectID, pay.ID, pay.Period)
	if err != nil {
		return err
	}
	return ledger.CheckNotAdvanced(lines)
}

// postAdvance posts an approved advance and records it in the audit trail:
// the subcontractor now owes the general contractor what it paid.
func postAdvance(tx *store.Tx, pay *ledger.Payroll) error {
	if pay.Kind != ledger.PayrollAdvance {
		return nil
	}
	if err := store.PostAdvance(tx, pay, ledger.DateOf(tx.Now)); err != nil {
		return err
	}
	return audit(tx, pay.ProjectID, "payroll.advance", pay.ID, ledger.M("%s pays %s's workers first (先行清偿): %s for %s", pay.PayerID, pay.EmployerID,
		pay.Totals.Net, pay.Period), map[string]string{"payer": pay.PayerID, "subcontractor": pay.EmployerID, "amount": pay.Totals.Net.String()})
}

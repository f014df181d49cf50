package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/demo"
)

// wantPlanted checks that each planted problem shows up as its rule's
// alert, on the subject it was planted on, and that the drawdown resolved
// the arrears it paid: named, not only through the golden file.
func wantPlanted(t *testing.T, l *loaded, j *demo.Journal) {
	t.Helper()
	alerts := j.Alerts()
	find := func(rule ledger.Rule, subject string) []ledger.Alert {
		var out []ledger.Alert
		for key, a := range alerts {
			if f := strings.Fields(key); len(f) >= 2 && f[0] == string(rule) && strings.HasPrefix(f[1], subject) {
				out = append(out, a)
			}
		}
		return out
	}
	for _, want := range []struct {
		problem, subject string
		rule             ledger.Rule
		open             bool // still open after the last night
	}{
		{"owner late with allocations", "P2", ledger.RuleAllocationOverdue, true},
		{"subcontractor that stopped paying", "sub4", ledger.RulePayrollMissing, true},
		{"failed card never re-issued", "gc1", ledger.RulePaymentFailed, true},
		{"shared card", "P1/sub1#", ledger.RuleSharedBankCard, true},
		{"ghost worker paid without attendance", "P1/sub2#", ledger.RulePaidNotAttended, true},
		{"expiring bank letter", "P4-LETTER", ledger.RuleGuaranteeExpiring, true},
		{"worker who left unpaid", "P3/sub4#", ledger.RuleExitUnsettled, true},
		{"guarantee lodged late", "P3", ledger.RuleGuaranteeMissing, false},
		{"drawn guarantee topped up late", "P2", ledger.RuleTopupOverdue, false},
		{"worker left off a payroll, paid by a supplementary one", "sub5", ledger.RuleAttendedNotPaid, false},
		{"full month paid below the minimum wage", "P4/sub5#", ledger.RuleBelowMinimumWage, true},
		{"payment the bank made only in half", "gc3", ledger.RulePartialPayment, true},
		{"order to pay lapsed at the criminal threshold", "sub3", ledger.RuleBlacklistCandidate, true},
		{"work-injury policy running out", "P3", ledger.RuleInjuryInsuranceExpiring, false}, // resolved when it lapsed…
		{"work-injury policy not renewed", "P3", ledger.RuleInjuryInsuranceMissing, true},   // …into this one
		{"scaffolder without an operation certificate", "P2/gc2#", ledger.RuleCertificateMissing, true},
		{"electrician whose certificate expired", "P4/gc3#", ledger.RuleCertificateExpired, true},
	} {
		found := find(want.rule, want.subject)
		if len(found) == 0 {
			t.Errorf("%s: no %s alert on %s", want.problem, want.rule, want.subject)
			continue
		}
		if open := found[0].Status != ledger.AlertResolved; open != want.open {
			t.Errorf("%s: %s alert on %s is %s", want.problem, want.rule, want.subject, found[0].Status)
		}
	}
	// The drawdown paid gc2's oldest unpaid month on P2: that month's
	// wages_unpaid alert is resolved, by the drawdown's payments.
	var drawn []string
	if err := l.db.Select(context.Background(), &drawn, `SELECT c.id FROM bank_confirmations c JOIN instructions i
		ON i.project_id = c.project_id AND i.id = c.instruction_id WHERE i.paid_from <> '' AND c.project_id = ?`, l.res.ProjectIDs["P2"]); err != nil {
		t.Fatal(err)
	}
	if len(drawn) == 0 {
		t.Fatal("no drawdown was paid on P2")
	}
	settled := 0
	for _, a := range find(ledger.RuleWagesUnpaid, "gc2") {
		if a.Status == ledger.AlertResolved && strings.Contains(a.ResolutionText().String(), drawn[0]) {
			settled++
		}
	}
	if settled != 1 {
		t.Errorf("the drawdown settled %d wages_unpaid alerts of gc2, want 1 (drawdown confirmations %v)", settled, drawn)
	}
}

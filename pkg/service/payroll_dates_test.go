package service_test

import (
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// exportedValueDate approves a payroll and returns its bank file's value date.
func exportedValueDate(t *testing.T, s *site, id string) ledger.Date {
	t.Helper()
	if _, err := s.svc.ApprovePayroll(s.ctx, id); err != nil {
		t.Fatal(err)
	}
	b, err := s.svc.ExportInstructions(s.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return b.ValueDate
}

// A supplement of June 2025 approved in March 2026 cannot ask the bank to pay
// on 15 July 2025: its value date is the next working day after approval
// (issue 11, item 4; main gave 2025-07-15).
func TestLateSupplementIsPaidAfterApproval(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)) // Monday 2 March, 10:00 in Shanghai
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.enrol(t, 1)
		res, _, err := s.trySubmit(service.PayrollSubmission{Period: "2025-06", Kind: "supplementary"}, "sha-supp", line(0, "800.00"))
		if err != nil {
			t.Fatal(err)
		}
		if got := exportedValueDate(t, s, res.ID); got.String() != "2026-03-03" {
			t.Errorf("value date %s, want 2026-03-03 (the next working day after approval)", got)
		}
		// A month approved before its pay day is still paid on the pay day.
		on := s.submit(t, "2026-02", line(0, "5000.00"))
		if got := exportedValueDate(t, s, on.ID); got.String() != "2026-03-13" {
			t.Errorf("value date %s, want 2026-03-13 (15 March 2026 is a Sunday)", got)
		}
	}, store.WithClock(clock.Now))
}

// A project paying in the period's own month (当期, REG Art. 14) has June's
// wages paid on its pay day in June, and due then in its reconciliation and
// statements (issue 11, item 6; main paid in July and showed no due date).
func TestPayRuleOfTheCurrentMonth(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 6, 5, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSiteWith(t, db, func(p *ledger.Project) { p.PayMonth = ledger.PayCurrentMonth })
		p, err := s.svc.GetProject(s.ctx, s.project)
		if err != nil || p.PayRuleOf() != (ledger.PayRule{Month: ledger.PayCurrentMonth, Day: 15}) {
			t.Fatalf("stored pay rule %+v (%v)", p, err)
		}
		enr := s.enrol(t, 1)
		pay := s.submit(t, "2026-06", line(0, "5000.00"))
		if got := exportedValueDate(t, s, pay.ID); got.String() != "2026-06-15" {
			t.Errorf("value date %s, want 2026-06-15", got)
		}
		// Reconciliation and the worker's statement say when the month's wages are due.
		rec, err := s.svc.Reconcile(s.ctx, s.project, "2026-06")
		if err != nil || rec.Due.Date.String() != "2026-06-15" || rec.Due.Provisional {
			t.Errorf("reconciliation due %+v (%v), want 2026-06-15", rec.Due, err)
		}
		st, err := s.svc.WorkerStatement(s.ctx, s.project, enr[0])
		if err != nil || len(st.Periods) != 1 || st.Periods[0].Due.Date.String() != "2026-06-15" {
			t.Errorf("statement %+v (%v), want June due on 2026-06-15", st, err)
		}
	}, store.WithClock(clock.Now))
}

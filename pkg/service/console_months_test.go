package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The console's project chart counts wages a guarantee drawdown paid, in
// a series of their own: the month's figures left them out (a drawdown's
// instructions belong to the drawdown, not to a payroll).
func TestProjectMonthsCountDrawdownPayments(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		g := s.lodge(t, "CASH-1", required, "2025-01-10", "")
		clock.Advance(10 * 24 * time.Hour)
		inspector := service.WithCaller(context.Background(), service.Caller{KeyID: "key_inspector", Role: ledger.RoleInspector, RegionCode: "110105"})
		res, err := s.svc.DrawGuarantee(inspector, g, ledger.DrawdownInput{Amount: ledger.MustMoney("11000"), DecisionRef: "京人社监 2025-7",
			Payees: []ledger.DrawdownPayee{{EnrolmentID: s.ins[0].EnrolmentID, Amount: ledger.MustMoney("5000")},
				{EnrolmentID: s.ins[1].EnrolmentID, Amount: ledger.MustMoney("6000")}}})
		if err != nil || len(res.Instructions) != 2 {
			t.Fatalf("drawdown: %+v, %v", res, err)
		}
		bank := service.WithCaller(context.Background(), service.Caller{KeyID: "key_bank", OrgID: s.bank, Role: ledger.RoleBank})
		var items []ledger.ConfirmationItem
		for i, in := range res.Instructions {
			items = append(items, ledger.ConfirmationItem{InstructionID: in.ID, Status: ledger.ConfirmPaid, Amount: in.Amount,
				BankRef: "DRAW-" + string(rune('A'+i)), SettledOn: day("2025-07-22")})
		}
		clock.Advance(2 * 24 * time.Hour)
		if out, err := s.svc.RecordConfirmations(bank, s.bank, items); err != nil || out[0].Result != ledger.Applied {
			t.Fatalf("confirmations: %+v, %v", out, err)
		}
		months, err := s.svc.ProjectMonths(service.WithCaller(context.Background(), service.System), s.project, 3)
		if err != nil {
			t.Fatal(err)
		}
		var paid, drawn ledger.Money
		for _, m := range months {
			paid += m.Paid
			drawn += m.PaidByGuarantee
			if m.Period == s.ins[0].Period && m.PaidByGuarantee != ledger.MustMoney("11000") {
				t.Errorf("%s: %s paid from the guarantee, want 11000.00", m.Period, m.PaidByGuarantee)
			}
		}
		if paid != 0 || drawn != ledger.MustMoney("11000") {
			t.Errorf("paid %s from the wage account and %s from the guarantee: %+v", paid, drawn, months)
		}
	})
}

package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// A drawdown settles the arrears it pays: once its issuer confirms the
// payments, the wages_unpaid alert of the lines it took over resolves,
// naming them; and the top-up that restores the guarantee clears
// topup_overdue (both were missing from the nightly check's facts).
func TestCheckDrawdownSettlesArrearsAndTopUpClears(t *testing.T) {
	eachWithClock(t, time.Date(2025, 7, 10, 2, 0, 0, 0, time.UTC), func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		s := newCheckSite(t, db, clock)
		g := s.lodge(t, "CASH-1", required, "2025-01-10", "")
		clock.Advance(10 * 24 * time.Hour) // 20 July: nothing paid since the pay day
		s.run(t, "2025-07-16")
		s.one(t, ledger.RuleWagesUnpaid, ledger.SeverityHigh, "11000.00")
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
		clock.Advance(2 * 24 * time.Hour) // 22 July: the bank pays the drawdown
		if out, err := s.svc.RecordConfirmations(bank, s.bank, items); err != nil || out[0].Result != ledger.Applied || out[1].Result != ledger.Applied {
			t.Fatalf("confirmations: %+v, %v", out, err)
		}
		s.run(t, "2025-07-21") // the night before the payments: still owed
		s.one(t, ledger.RuleWagesUnpaid, ledger.SeverityHigh, "11000.00")
		s.run(t, "2025-07-22")
		s.quiet(t, ledger.RuleWagesUnpaid)
		a := s.alert(t, ledger.RuleWagesUnpaid)
		if a.Status != ledger.AlertResolved || !strings.Contains(a.ResolutionText().String(), "paid in full") {
			t.Fatalf("wages_unpaid after the drawdown: %+v", a)
		}
		topUpBy := res.Drawdown.TopUpBy
		clock.Advance(30 * 24 * time.Hour)
		s.run(t, topUpBy.AddDays(1).String())
		s.one(t, ledger.RuleTopupOverdue, ledger.SeverityHigh, "11000.00")
		on := topUpBy.AddDays(2)
		if _, err := s.svc.TopUpGuarantee(bank, g, ledger.TopUpInput{Amount: ledger.MustMoney("11000"), Reference: "TOPUP-1", On: on}); err != nil {
			t.Fatal(err)
		}
		s.run(t, on.String())
		s.quiet(t, ledger.RuleTopupOverdue)
	})
}

package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// eachOrderSite runs f on each database with its own clock, starting on
// orderToday, over a payslip site whose October payroll is approved and
// found unpaid on the night of 20 Nov.
func eachOrderSite(t *testing.T, f func(t *testing.T, s *payslipSite, clock *storetest.Clock)) {
	eachOrderSiteWith(t, nil, f)
}

// eachOrderSiteWith is eachOrderSite with setup run before the approval.
func eachOrderSiteWith(t *testing.T, setup func(t *testing.T, s *payslipSite), f func(t *testing.T, s *payslipSite, clock *storetest.Clock)) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(orderToday)
			s := newPayslipSite(t, storetest.New(t, dialect, store.WithClock(clock.Now)))
			if setup != nil {
				setup(t, s)
			}
			s.must(200, "POST", "/api/v1/payrolls/"+s.payroll+"/approve", s.gcKey, nil)
			s.checkAsOf(s.inspector, "2026-11-20")
			f(t, s, clock)
		})
	}
}

// payAll confirms every instruction of the site's payroll paid, settled on day.
func (s *payslipSite) payAll(t *testing.T, day, ref string) {
	var items []any
	for _, it := range s.must(200, "GET", "/api/v1/payrolls/"+s.payroll+"/instructions", s.gcKey, nil).json(t)["items"].([]any) {
		m := it.(map[string]any)
		items = append(items, paidOn(m["id"].(string), m["amount"].(string), ref+m["enrolment_id"].(string), day))
	}
	s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": items})
}

// An order is judged by the day the bank settled, not by the night the
// books are read: wages the bank paid the day after the deadline leave the
// order lapsed (the day after its deadline) and settled, with the extra
// compensation on what the deadline left unpaid, however late the check
// runs after the confirmation arrived.
func TestOrderJudgedBySettlementDay(t *testing.T) {
	eachOrderSite(t, func(t *testing.T, s *payslipSite, clock *storetest.Clock) {
		alert := s.alertOf(s.project, "wages_unpaid")
		ord := s.must(201, "POST", "/api/v1/alerts/"+alert+"/orders", s.inspector, map[string]any{"deadline": "2026-11-25", "note": "限期支付"}).str(t, "id")
		clock.Advance(8 * 24 * time.Hour) // Saturday 28 Nov
		s.payAll(t, "2026-11-26", "BR-LATE-")
		s.checkAsOf(s.inspector, "2026-11-26")
		s.checkAsOf(s.inspector, "2026-11-27")
		o := s.must(200, "GET", "/api/v1/orders/"+ord, s.inspector, nil).json(t)
		if o["status"] != "settled" || o["lapsed_on"] != "2026-11-26" || o["unpaid_at_lapse"] != "11001.00" || o["unpaid"] != "0.00" {
			t.Fatalf("an order paid the day after its deadline: %v", o)
		}
		next := s.must(200, "GET", "/api/v1/orders/"+ord+"/next-steps", s.inspector, nil).json(t)
		if steps := available(next); steps != "extra_compensation" {
			t.Fatalf("steps: %s", steps)
		}
		if comp := next["items"].([]any)[1].(map[string]any); comp["amount"] != "11001.00" || comp["min_amount"] != "5500.50" {
			t.Fatalf("compensation: %v", comp)
		}
		s.auditHas(t, ord, "order.lapsed", "order.settled")
	})
}

// Paid on the deadline day itself, read nights later: complied.
func TestOrderPaidOnDeadlineReadLater(t *testing.T) {
	eachOrderSite(t, func(t *testing.T, s *payslipSite, clock *storetest.Clock) {
		alert := s.alertOf(s.project, "wages_unpaid")
		ord := s.must(201, "POST", "/api/v1/alerts/"+alert+"/orders", s.inspector, map[string]any{"deadline": "2026-11-25", "note": "限期支付"}).str(t, "id")
		clock.Advance(8 * 24 * time.Hour)
		s.checkAsOf(s.inspector, "2026-11-26") // the confirmation has not arrived: lapsed
		if o := s.must(200, "GET", "/api/v1/orders/"+ord, s.inspector, nil).json(t); o["status"] != "lapsed" {
			t.Fatalf("before the confirmation: %v", o)
		}
		s.payAll(t, "2026-11-25", "BR-ONTIME-")
		s.checkAsOf(s.inspector, "2026-11-27")
		if o := s.must(200, "GET", "/api/v1/orders/"+ord, s.inspector, nil).json(t); o["status"] != "complied" {
			t.Fatalf("paid on its deadline: %v", o)
		}
	})
}

// lapsedOrder issues an order on the site's October alert due 25 Nov and
// lets it lapse (the night of 26 Nov, read on 28 Nov), with a cash
// guarantee of amount lodged; it returns the order and the guarantee.
func (s *payslipSite) lapsedOrder(t *testing.T, clock *storetest.Clock, amount string) (string, string) {
	var alert string
	for _, it := range s.must(200, "GET", "/api/v1/alerts?rule=wages_unpaid&project_id="+s.project, s.inspector, nil).json(t)["items"].([]any) {
		if m := it.(map[string]any); m["period"] == "2026-10" {
			alert = m["id"].(string)
		}
	}
	ord := s.must(201, "POST", "/api/v1/alerts/"+alert+"/orders", s.inspector, map[string]any{"deadline": "2026-11-25", "note": "限期支付"}).str(t, "id")
	clock.Advance(8 * 24 * time.Hour) // Saturday 28 Nov
	s.checkAsOf(s.inspector, "2026-11-26")
	gua := s.must(201, "POST", "/api/v1/guarantees", s.bankKey, map[string]any{"project_id": s.project, "form": "cash", "amount": amount,
		"reference": "G-" + amount, "valid_from": "2026-03-05"}).str(t, "id")
	return ord, gua
}

// A guarantee that covers less than the order leaves unpaid: the drawdown
// proposes its cover and draws it, shared among the workers; more than it
// covers is refused naming amount; a subcontractor's order names the
// general contractor it binds to pay first.
func TestOrderPartialDrawdown(t *testing.T) {
	eachOrderSite(t, func(t *testing.T, s *payslipSite, clock *storetest.Clock) {
		ord, gua := s.lapsedOrder(t, clock, "5000.00")
		if o := s.must(200, "GET", "/api/v1/orders/"+ord, s.subKey, nil).json(t); o["general_contractor_id"] != s.gc || o["employer_id"] != s.sub {
			t.Fatalf("the order does not bind the general contractor: %v", o)
		}
		next := s.must(200, "GET", "/api/v1/orders/"+ord+"/next-steps", s.inspector, nil).json(t)
		draw := next["items"].([]any)[0].(map[string]any)
		if draw["available"] != true || draw["amount"] != "5000.00" || draw["guarantee_id"] != gua || draw["guarantee_cover"] != "5000.00" || len(draw["guarantees"].([]any)) != 1 {
			t.Fatalf("the drawdown proposed: %v", draw)
		}
		bad := s.must(422, "POST", "/api/v1/orders/"+ord+"/decisions", s.inspector, map[string]any{"step": "guarantee_drawdown", "amount": "5000.01",
			"decision_ref": "令1号", "note": "动用"})
		if e := errorsOf(t, bad); len(e) != 1 || !strings.Contains(e[0], "amount") {
			t.Fatalf("more than the cover: %v", e)
		}
		decided := s.must(201, "POST", "/api/v1/orders/"+ord+"/decisions", s.inspector, map[string]any{"step": "guarantee_drawdown",
			"decision_ref": "令1号", "note": "动用保证金"}).json(t)
		d := decided["drawdown"].(map[string]any)
		var sum ledger.Money
		for _, it := range d["instructions"].([]any) {
			sum += ledger.MustMoney(it.(map[string]any)["amount"].(string))
		}
		if d["amount"] != "5000.00" || sum != ledger.MustMoney("5000.00") || len(d["instructions"].([]any)) != 2 || decided["decision"].(map[string]any)["amount"] != "5000.00" {
			t.Fatalf("the partial drawdown: %v", decided)
		}
	})
}

// A worker who also owes an older month outside the order: the drawdown
// through the order pays the order's month, and once the bank pays it the
// order is settled.
func TestOrderDrawdownPaysTheOrdersMonths(t *testing.T) {
	setup := func(t *testing.T, s *payslipSite) {
		sep := s.must(201, "POST", s.path("/payrolls"), s.subKey, map[string]any{"employer_id": s.sub, "period": "2026-09",
			"lines": []any{payLine(s.enrs[0], "3000.00", "0.00", "3000.00")}}).str(t, "id")
		s.must(200, "POST", "/api/v1/payrolls/"+sep+"/approve", s.gcKey, nil)
	}
	eachOrderSiteWith(t, setup, func(t *testing.T, s *payslipSite, clock *storetest.Clock) {
		ord, _ := s.lapsedOrder(t, clock, "50000.00")
		decided := s.must(201, "POST", "/api/v1/orders/"+ord+"/decisions", s.inspector, map[string]any{"step": "guarantee_drawdown",
			"decision_ref": "令2号", "note": "动用保证金"}).json(t)
		var items []any
		for i, it := range decided["drawdown"].(map[string]any)["instructions"].([]any) {
			m := it.(map[string]any)
			if m["period"] != "2026-10" {
				t.Fatalf("the drawdown pays a month outside the order: %v", m)
			}
			items = append(items, paidOn(m["id"].(string), m["amount"].(string), "BR-GUA-"+itoa(i+1), "2026-11-28"))
		}
		s.must(200, "POST", "/api/v1/bank/confirmations", s.bankKey, map[string]any{"items": items})
		s.checkAsOf(s.inspector, "2026-11-28")
		if o := s.must(200, "GET", "/api/v1/orders/"+ord, s.inspector, nil).json(t); o["status"] != "settled" || o["unpaid"] != "0.00" {
			t.Fatalf("after the drawdown paid: %v", o)
		}
	})
}

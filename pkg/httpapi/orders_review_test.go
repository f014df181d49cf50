package httpapi_test

import (
	"testing"
	"time"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// eachOrderSite runs f on each database with its own clock, starting on
// orderToday, over a payslip site whose October payroll is approved and
// found unpaid on the night of 20 Nov.
func eachOrderSite(t *testing.T, f func(t *testing.T, s *payslipSite, clock *storetest.Clock)) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			clock := storetest.NewClock(orderToday)
			s := newPayslipSite(t, storetest.New(t, dialect, store.WithClock(clock.Now)))
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

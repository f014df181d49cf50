package httpapi_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestComplaintIsAFindingOfItsOwn: the nightly check raises complaint_open
// for every complaint being handled — high for one whose month the books
// show unpaid for its worker, medium for one the books do not bear out —
// counts it per rule, and resolves it when the complaint is concluded,
// saying so. Only inspectors and administrators read it: to the general
// contractor, its subcontractor and the bank it does not exist (not
// listed, not counted, 404), and their alert lists read byte for byte as
// before anyone complained. It is never given an order to rectify, an
// escalation or a resolve by hand.
func TestComplaintIsAFindingOfItsOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.runCheck(w.admin)
		contractorReads := func() [][]byte {
			var out [][]byte
			for _, who := range []string{"gc1", "sub1"} {
				for _, q := range []string{"", "?rule=complaint_open", "?stream=compliance", "?sort=severity"} {
					out = append(out, w.must(200, "GET", "/api/v1/alerts"+q, w.keys[who], nil).Body)
				}
			}
			return out
		}
		before := contractorReads()
		unpaid := w.complaintOn(w.p1, "district") // enr1's October, unpaid in the books
		unborne := w.must(201, "POST", "/api/v1/complaints", w.keys["district"], map[string]any{"project_id": w.p1, "complainant_name": "赵六", "consent": true,
			"summary": "九月工资未发", "periods": []string{"2026-09"}, "workers": 2, "amount_claimed": "9000.00"}).str(t, "id")
		run := w.runCheck(w.keys["district"])
		if c := run["counts"].(map[string]any)["complaint_open"].(map[string]any); c["found"].(float64) != 2 || c["opened"].(float64) != 2 {
			t.Fatalf("the run's complaint_open counts: %v", c)
		}
		alerts := map[string]map[string]any{}
		for _, it := range w.must(200, "GET", "/api/v1/alerts?rule=complaint_open", w.keys["district"], nil).json(t)["items"].([]any) {
			a := it.(map[string]any)
			alerts[strings.TrimPrefix(a["subject"].(string), "complaint:")] = a
		}
		hi, med := alerts[unpaid], alerts[unborne]
		if hi == nil || med == nil || hi["severity"] != "high" || med["severity"] != "medium" || hi["stream"] != "compliance" ||
			hi["period"] != "" || hi["headcount"].(float64) != 3 || med["headcount"].(float64) != 2 || hi["amount_at_risk"] != "0.00" || hi["complaint_raise"] != nil {
			t.Fatalf("complaint_open alerts: %v", alerts)
		}
		one := w.must(200, "GET", "/api/v1/alerts/"+hi["id"].(string), w.keys["district"], nil)
		if body := string(one.Body); !strings.Contains(body, `"ref":"`+unpaid+`"`) || strings.Contains(body, w.enr1) {
			t.Fatalf("the alert's evidence is not the complaint alone: %s", one.Body)
		}
		// Nobody but the inspectors and administrators knows it exists.
		if after := contractorReads(); !slicesEqualBytes(before, after) {
			t.Fatalf("a contractor's alert lists changed with the complaints:\nbefore %s\nafter  %s", bytes.Join(before, nil), bytes.Join(after, nil))
		}
		for _, who := range []string{"gc1", "sub1", "bank1", "gc2"} {
			w.must(404, "GET", "/api/v1/alerts/"+hi["id"].(string), w.keys[who], nil)
		}
		for _, who := range []string{"city", "admin"} {
			w.must(200, "GET", "/api/v1/alerts/"+hi["id"].(string), w.keys[who], nil)
		}
		// The inspectors act on the complaint, not on its alert.
		if r := w.must(409, "POST", "/api/v1/alerts/"+hi["id"].(string)+"/actions", w.keys["district"],
			map[string]string{"action": "order_rectification", "deadline": inAMonth()}); !strings.Contains(string(r.Body), "complaint") {
			t.Fatalf("order on a complaint's alert: %s", r.Body)
		}
		w.must(409, "POST", "/api/v1/alerts/"+hi["id"].(string)+"/actions", w.keys["district"], map[string]string{"action": "escalate", "note": "x"})
		// Nor resolved by hand: it follows the complaint, which closes it.
		if r := w.must(409, "POST", "/api/v1/alerts/"+hi["id"].(string)+"/actions", w.keys["district"],
			map[string]string{"action": "resolve", "note": "已电话回复"}); !strings.Contains(string(r.Body), "complaint") {
			t.Fatalf("resolve on a complaint's alert: %s", r.Body)
		}
		w.must(200, "POST", "/api/v1/alerts/"+hi["id"].(string)+"/actions", w.keys["district"], map[string]string{"action": "acknowledge"})
		// Concluded, it clears at the next run; the other stays.
		w.must(200, "POST", "/api/v1/complaints/"+unpaid+"/actions", w.keys["district"], map[string]string{"action": "accept"})
		w.must(200, "POST", "/api/v1/complaints/"+unpaid+"/actions", w.keys["district"], map[string]string{"action": "conclude", "note": "已责令限期支付"})
		run = w.runCheck(w.keys["district"])
		if c := run["counts"].(map[string]any)["complaint_open"].(map[string]any); c["resolved"].(float64) != 1 || c["found"].(float64) != 1 {
			t.Fatalf("the run's complaint_open counts after the conclusion: %v", c)
		}
		done := w.must(200, "GET", "/api/v1/alerts/"+hi["id"].(string), w.keys["district"], nil).json(t)
		if done["status"] != "resolved" || !strings.Contains(done["resolution"].(string), unpaid) || done["resolved_by"] != ledger.ResolvedByCheck {
			t.Fatalf("the concluded complaint's alert: %v", done)
		}
		if still := w.must(200, "GET", "/api/v1/alerts/"+med["id"].(string), w.keys["district"], nil).json(t); still["status"] != "open" {
			t.Fatalf("the complaint still handled: %v", still)
		}
	})
}

// A night is judged by the complaint's deadline in force on it: an
// extension is decided at the latest on the deadline's day (a later one is
// refused), and a night before it, checked again after it, still reads the
// original deadline, while the night of the extension reads the extended
// one.
func TestComplaintNightReadsTheDeadlineInForce(t *testing.T) {
	eachOrderSite(t, func(t *testing.T, s *payslipSite, clock *storetest.Clock) {
		cmp := s.must(201, "POST", "/api/v1/complaints", s.inspector, map[string]any{"project_id": s.project, "complainant_name": "赵六", "consent": true,
			"summary": "九月工资未发", "periods": []string{"2026-09"}, "workers": 1}).str(t, "id")
		due := s.must(200, "POST", "/api/v1/complaints/"+cmp+"/actions", s.inspector, map[string]string{"action": "accept"}).str(t, "conclude_by")
		dueOn, err := time.Parse(time.DateOnly, due)
		if err != nil {
			t.Fatal(err)
		}
		before := dueOn.AddDate(0, 0, -1).Format(time.DateOnly)
		clock.Advance(dueOn.Sub(orderToday.Truncate(24 * time.Hour)))
		severity := func(night string) (string, string) {
			s.checkAsOf(s.inspector, night)
			a := s.must(200, "GET", "/api/v1/alerts/"+s.alertOf(s.project, ledger.RuleComplaintOpen), s.inspector, nil).json(t)
			return a["severity"].(string), a["reason"].(string)
		}
		if sev, why := severity(before); sev != "medium" || !strings.Contains(why, due) {
			t.Fatalf("the night before the deadline %s: %s, %s", due, sev, why)
		}
		ext := s.must(200, "POST", "/api/v1/complaints/"+cmp+"/actions", s.inspector, map[string]string{"action": "extend", "note": "需调取银行流水"}).str(t, "conclude_by")
		if ext == due {
			t.Fatalf("the extension left the deadline at %s", due)
		}
		if sev, why := severity(before); sev != "medium" || !strings.Contains(why, due) || strings.Contains(why, ext) {
			t.Fatalf("the night before, checked again after the extension to %s: %s, %s", ext, sev, why)
		}
		if sev, why := severity(due); sev != "medium" || !strings.Contains(why, ext) {
			t.Fatalf("the night of the extension to %s: %s, %s", ext, sev, why)
		}
	})
}

func slicesEqualBytes(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

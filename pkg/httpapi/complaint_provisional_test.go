package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/httpapi"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// TestComplaintDeadlineAcrossTheYear: a complaint received on 28 December
// 2026 is to be accepted by a day of 2027, whose State Council notice the
// calendar lacks: the API marks the deadline provisional. Once the server
// runs with the notice loaded (a made-up one that bridges Monday 4 January,
// to show the deadline move), the deadline is counted again, audited, and
// no longer provisional; counting again moves nothing more. One received
// in early December stays as it was.
func TestComplaintDeadlineAcrossTheYear(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 12, 28, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
		// The calendar as it stood in 2026, whatever notices the default
		// calendar holds by now: the test keeps its meaning and runs.
		s.svc.Calendar = ledger.CalendarBefore(2027)
		file := func() string {
			return s.must(201, "POST", "/api/v1/complaints", s.inspector, map[string]any{"project_id": s.project, "complainant_name": "赵六", "consent": true,
				"summary": "十二月工资未发", "periods": []string{"2026-11"}, "workers": 1}).str(t, "id")
		}
		read := func(id string) map[string]any {
			return s.must(200, "GET", "/api/v1/complaints/"+id, s.inspector, nil).json(t)
		}
		cmp := file()
		if c := read(cmp); c["accept_by"] != "2027-01-05" || c["next_deadline"] != "2027-01-05" || c["deadline_provisional"] != true {
			t.Fatalf("received on 28 December: %v", c)
		}
		// The worker's receipt says so too, as an answer and as a page.
		receipt := s.must(200, "POST", "/api/v1/complaints/"+cmp+"/receipt", s.inspector, map[string]string{"note": "电话告知工人"}).Header.Get(httpapi.ReceiptHeader)
		if r := s.must(200, "GET", "/api/v1/complaints/receipts/"+receipt, "", nil).json(t); r["deadline_provisional"] != true {
			t.Errorf("the receipt: %v", r)
		}
		if page := string(s.must(200, "GET", "/w/receipts/"+receipt, "", nil, "Accept-Language", "").Body); !strings.Contains(page, `id="receipt-provisional"`) || !strings.Contains(page, "暂定") {
			t.Errorf("the receipt page does not say the deadline is provisional:\n%s", page)
		}
		// The contractor reads the deadline as provisional too.
		if c := s.must(200, "GET", "/api/v1/complaints/"+cmp, s.gcKey, nil).json(t); c["deadline_provisional"] != true {
			t.Errorf("the contractor's view: %v", c)
		}

		loaded := ledger.CalendarBefore(2027)
		loaded.AddNotice(ledger.Notice{Year: 2027, Source: "test: a made-up notice", DaysOff: [][2]string{{"2027-01-01", "2027-01-04"}}})
		s.svc.Calendar = loaded
		ctx := service.WithCaller(t.Context(), service.System)
		if n, err := s.svc.RecomputeDeadlines(ctx); err != nil || n < 1 {
			t.Fatalf("counted again: %d, %v", n, err)
		}
		if c := read(cmp); c["accept_by"] != "2027-01-06" || c["deadline_provisional"] != nil {
			t.Errorf("with 2027's notice loaded: %v", c)
		}
		if page := string(s.must(200, "GET", "/w/receipts/"+receipt, "", nil, "Accept-Language", "").Body); strings.Contains(page, `id="receipt-provisional"`) || !strings.Contains(page, "2027-01-06") {
			t.Errorf("the receipt page with 2027's notice loaded:\n%s", page)
		}
		if _, err := s.svc.RecomputeDeadlines(ctx); err != nil {
			t.Fatal(err)
		}
		var audited []string
		if err := db.Select(t.Context(), &audited, `SELECT action FROM audit_queue WHERE subject = ? AND action = ? UNION ALL SELECT action FROM audit_log WHERE subject = ? AND action = ?`,
			cmp, "complaint.deadlines", cmp, "complaint.deadlines"); err != nil {
			t.Fatal(err)
		}
		if c := read(cmp); len(audited) != 1 || c["accept_by"] != "2027-01-06" {
			t.Errorf("counted again twice: audited %v, %v", audited, c)
		}
		// Accepted now, its deadline to conclude is counted on the loaded
		// calendar and is not provisional.
		if c := s.must(200, "POST", "/api/v1/complaints/"+cmp+"/actions", s.inspector, map[string]string{"action": "accept"}).json(t); c["deadline_provisional"] != nil {
			t.Errorf("accepted: %v", c)
		}
	}, store.WithClock(clock.Now))
}

package httpapi_test

import (
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
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
	if ledger.DefaultCalendar().Notices[2027] {
		t.Skip("the default calendar holds 2027's notice")
	}
	clock := storetest.NewClock(time.Date(2026, 12, 28, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newPayslipSite(t, db)
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
		// The contractor reads the deadline as provisional too.
		if c := s.must(200, "GET", "/api/v1/complaints/"+cmp, s.gcKey, nil).json(t); c["deadline_provisional"] != true {
			t.Errorf("the contractor's view: %v", c)
		}

		loaded := ledger.DefaultCalendar()
		loaded.AddNotice(ledger.Notice{Year: 2027, Source: "test: a made-up notice", DaysOff: [][2]string{{"2027-01-01", "2027-01-04"}}})
		s.svc.Calendar = loaded
		ctx := service.WithCaller(t.Context(), service.System)
		if n, err := s.svc.RecomputeComplaintDeadlines(ctx); err != nil || n < 1 {
			t.Fatalf("counted again: %d, %v", n, err)
		}
		if c := read(cmp); c["accept_by"] != "2027-01-06" || c["deadline_provisional"] != nil {
			t.Errorf("with 2027's notice loaded: %v", c)
		}
		if _, err := s.svc.RecomputeComplaintDeadlines(ctx); err != nil {
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

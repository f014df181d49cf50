package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func TestAttendance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, "110105")
		w1 := workerBody(1, s.sub, s.bank)
		w2 := workerBody(2, s.gc, s.bank)
		e1 := s.must(201, "POST", s.path("/workers"), s.subKey, w1).str(t, "id")
		e2 := s.must(201, "POST", s.path("/workers"), s.gcKey, w2).str(t, "id")
		id1 := w1["id_number"].(string)
		// JSON records by ID number or enrolment.
		recs := []map[string]any{
			{"id_number": id1, "date": "2026-03-02", "hours": "8"},
			{"id_number": id1, "date": "2026-03-03", "hours": "8.5"},
			{"enrolment_id": e2, "date": "2026-03-02", "hours": 10},
		}
		r := s.must(201, "POST", s.path("/attendance"), s.gcKey, recs)
		if m := r.json(t); m["created"].(float64) != 3 || m["rows"].(float64) != 3 {
			t.Fatalf("attendance: %s", r.Body)
		}
		// A day re-sent replaces the earlier record; the old hours are kept and the change audited.
		csv := "身份证号,日期,工时\n" + id1 + ",2026-03-03,6\n" + id1 + ",2026-03-02,8\n"
		r = s.upload(s.path("/attendance"), s.subKey, "att.csv", []byte(csv))
		if m := r.json(t); r.Status != 201 || m["replaced"].(float64) != 1 || m["unchanged"].(float64) != 1 {
			t.Fatalf("re-send: %d %s", r.Status, r.Body)
		}
		var hours, old int
		db.Get(context.Background(), &hours, "SELECT centihours FROM attendance WHERE enrolment_id = ? AND work_date = ?", e1, "2026-03-03")
		db.Get(context.Background(), &old, "SELECT old_centihours FROM attendance_revisions WHERE enrolment_id = ?", e1)
		if hours != 600 || old != 850 {
			t.Fatalf("replaced hours %d, kept old %d", hours, old)
		}
		audit := s.must(200, "GET", "/api/v1/audit?chain="+s.project+"&limit=1000", s.admin, nil)
		if !strings.Contains(string(audit.Body), "1 replaced") {
			t.Errorf("replacement not audited: %s", audit.Body)
		}
		// Refused rows: not enrolled, before entry, future, bad hours, the same day twice; nothing stored.
		before := s.count("attendance")
		stranger := workerBody(99, s.gc, s.bank)["id_number"].(string)
		bad := "身份证号,日期,工时\n" +
			stranger + ",2026-03-05,8\n" + // row 2: not enrolled
			id1 + ",2026-03-01,8\n" + // row 3: before entry (2026-03-02)
			id1 + ",2099-01-01,8\n" + // row 4: future
			id1 + ",2026-03-10,25\n" + // row 5: hours
			id1 + ",2026-03-11,8\n" + id1 + ",2026-03-11,4\n" // rows 6, 7: twice
		r = s.upload(s.path("/attendance"), s.gcKey, "bad.csv", []byte(bad))
		got := strings.Join(errorsOf(t, r), " ")
		want := "2:id_number:not_enrolled 3:date:outside_enrolment 4:date:future 5:hours:range 7:date:duplicate"
		if r.Status != 422 || got != want {
			t.Fatalf("bad attendance: %d %s\n got  %s\n want %s", r.Status, r.Body, got, want)
		}
		if !strings.Contains(string(r.Body), "without a real-name registration") {
			t.Errorf("not-enrolled message: %s", r.Body)
		}
		if s.count("attendance") != before {
			t.Fatal("a bad file stored rows")
		}
		// After exit, days after the exit date are refused.
		s.must(200, "POST", s.path("/workers/"+e1+"/exit"), s.subKey, map[string]string{"exited_on": "2026-03-20"})
		r = s.must(422, "POST", s.path("/attendance"), s.gcKey, []map[string]any{{"enrolment_id": e1, "date": "2026-03-21", "hours": "8"}})
		if !strings.Contains(string(r.Body), "after the worker left the site") {
			t.Errorf("after exit: %s", r.Body)
		}
		// A subcontractor records only its own workers: told the worker is another employer's.
		r = s.must(422, "POST", s.path("/attendance"), s.subKey, []map[string]any{{"enrolment_id": e2, "date": "2026-03-04", "hours": "8"}})
		if !strings.Contains(string(r.Body), "other_employer") {
			t.Errorf("subcontractor recording the GC's worker: %s", r.Body)
		}
		// Dry run stores nothing; the same file twice is one result.
		dry := fmt.Sprintf("enrolment_id,date,hours\n%s,2026-03-05,8\n", e2)
		r = s.upload(s.path("/attendance?dry_run=true"), s.gcKey, "a.csv", []byte(dry))
		if r.Status != 200 || s.count("attendance") != before {
			t.Fatalf("dry run: %d %s", r.Status, r.Body)
		}
		s.upload(s.path("/attendance"), s.gcKey, "a.csv", []byte(dry))
		r = s.upload(s.path("/attendance"), s.gcKey, "a.csv", []byte(dry))
		if r.Header.Get("Idempotency-Hit") != "true" || s.count("attendance") != before+1 {
			t.Fatalf("replay: %s", r.Body)
		}
	})
}

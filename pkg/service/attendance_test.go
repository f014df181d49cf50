package service_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

func attendanceCSV(rows ...string) []byte {
	return []byte("enrolment_id,id_number,date,hours\n" + strings.Join(rows, "\n") + "\n")
}

// One bad row anywhere refuses the file: nothing is stored (not even the
// good rows staged before it), every bad row is named, nothing is audited.
func TestRecordAttendanceIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		enrs := s.enrol(t, 8)
		var rows []string // more good rows than one staged batch, then two bad ones
		for d := range 650 {
			for _, e := range enrs {
				rows = append(rows, fmt.Sprintf("%s,,%s,8", e, ledger.NewDate(2025, 2, 1).AddDays(d)))
			}
		}
		rows = append(rows, fmt.Sprintf(",%s,2025-03-01,25", workerID(1)), fmt.Sprintf("%s,,2025-02-01,8", enrs[0]))
		_, _, err := s.svc.RecordAttendance(s.ctx, s.project, upload(attendanceCSV(rows...), "a.csv"), false)
		wantCode(t, err, ledger.EInvalid, "range")
		f := ledger.ErrorFields(err)
		if len(f) != 2 || f[0].Row != 5202 || f[1].Row != 5203 || f[1].Code != string(ledger.RefuseDuplicate) {
			t.Errorf("refusals %+v, want the hours of row 5202 and the duplicate of row 5203", f)
		}
		if n := s.count(t, "attendance"); n != 0 {
			t.Errorf("%d attendance rows stored from a refused file", n)
		}
		s.wantAudit(t, "attendance.record", 0)
	})
}

// A good file is recorded once with its audit record; the same file again
// is a replay; a corrected day is replaced with the old hours kept.
func TestRecordAttendanceRecordsAndReplays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		enrs := s.enrol(t, 2)
		file := attendanceCSV(enrs[0]+",,2025-02-03,8", ","+workerID(1)+",2025-02-03,7.5")
		res, replayed, err := s.svc.RecordAttendance(s.ctx, s.project, upload(file, "a.csv"), false)
		if err != nil || replayed || res.Rows != 2 || res.Created != 2 {
			t.Fatalf("record: %+v, replayed %v, %v", res, replayed, err)
		}
		again, replayed, err := s.svc.RecordAttendance(s.ctx, s.project, upload(file, "a.csv"), false)
		if err != nil || !replayed || again.Created != 2 {
			t.Fatalf("replay: %+v, replayed %v, %v", again, replayed, err)
		}
		fix, _, err := s.svc.RecordAttendance(s.ctx, s.project, upload(attendanceCSV(enrs[0]+",,2025-02-03,6"), "fix.csv"), false)
		if err != nil || fix.Replaced != 1 {
			t.Fatalf("correction: %+v, %v", fix, err)
		}
		if n := s.count(t, "attendance"); n != 2 {
			t.Errorf("%d attendance rows, want 2", n)
		}
		if n := s.count(t, "attendance_revisions"); n != 1 {
			t.Errorf("%d revisions kept, want 1", n)
		}
		s.wantAudit(t, "attendance.record", 2)
		dry, _, err := s.svc.RecordAttendance(s.ctx, s.project, upload(attendanceCSV(enrs[1]+",,2025-02-04,8"), "dry.csv"), true)
		if err != nil || !dry.DryRun || dry.Created != 1 {
			t.Fatalf("dry run: %+v, %v", dry, err)
		}
		if n := s.count(t, "attendance"); n != 2 {
			t.Errorf("a dry run stored rows: %d", n)
		}
		s.wantAudit(t, "attendance.record", 2)
	})
}

package service_test

import (
	"encoding/json"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/service"
	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// The results of worker imports and attendance uploads are stored as JSON in
// the uploads table and decoded from there when the same file comes again:
// their JSON is a storage format. A renamed field or tag would silently
// empty the replay of every file stored before, so the shape is pinned here;
// change it only with a way to read the rows already stored.
func TestStoredUploadResultsShape(t *testing.T) {
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"worker import", service.ImportResult{DryRun: true, FileSHA256: "ab12", Encoding: "gbk", Rows: 2,
			Enrolments: []service.ImportedWorker{{Row: 2, EnrolmentID: "enr_1", Name: "张三"}},
			Warnings:   []ledger.FieldError{{Row: 3, Field: "birth_date", Code: "age", Message: "over the site age limit"}}},
			`{"dry_run":true,"file_sha256":"ab12","encoding":"gbk","rows":2,"enrolments":[{"row":2,"enrolment_id":"enr_1","name":"张三"}],` +
				`"warnings":[{"row":3,"field":"birth_date","code":"age","message":"over the site age limit"}]}`},
		{"attendance", service.AttendanceResult{DryRun: false, FileSHA256: "cd34", Rows: 6,
			AttendanceCounts: store.AttendanceCounts{Created: 3, Replaced: 2, Unchanged: 1}},
			`{"dry_run":false,"file_sha256":"cd34","rows":6,"Created":3,"Replaced":2,"Unchanged":1}`},
	} {
		got, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Errorf("a stored %s result is\n  %s\nwant\n  %s", c.name, got, c.want)
		}
	}
}

// An attendance result stored before the counts lost their json tags has
// lower-case keys; the same file sent again still replays its counts.
func TestOldStoredAttendanceResultReplays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		enrs := s.enrol(t, 1)
		file := upload(attendanceCSV(enrs[0]+",,2025-02-03,8"), "old.csv")
		old := `{"dry_run":false,"file_sha256":"` + file.SHA256 + `","rows":4,"created":2,"replaced":1,"unchanged":1}`
		if err := db.ExecRaw(s.ctx, `INSERT INTO uploads (project_id, kind, sha256, result, created_at) VALUES (?, 'attendance', ?, ?, ?)`,
			s.project, file.SHA256, old, db.Now()); err != nil {
			t.Fatal(err)
		}
		res, replayed, err := s.svc.RecordAttendance(s.ctx, s.project, file, false)
		if err != nil || !replayed {
			t.Fatalf("the file stored by an earlier build: replayed %v, %v", replayed, err)
		}
		want := service.AttendanceResult{FileSHA256: file.SHA256, Rows: 4, AttendanceCounts: store.AttendanceCounts{Created: 2, Replaced: 1, Unchanged: 1}}
		if *res != want {
			t.Errorf("replayed %+v, want %+v", *res, want)
		}
		if n := s.count(t, "attendance"); n != 0 {
			t.Errorf("%d attendance rows: the replay recorded the file again", n)
		}
	})
}

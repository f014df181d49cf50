package service

import (
	"context"
	"encoding/json"
	"errors"
	"io"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/store"
)

// AttendanceResult is the answer to an attendance upload. Its json tags are
// a storage format, not the wire's: the result is kept as JSON in the uploads
// table and decoded from there when the same file is sent again, so a
// renamed tag would silently empty the replay of every file stored before;
// TestStoredUploadResultsShape pins the shape. The embedded counts have no
// tags (a storage row carries db tags only): they are stored as Created,
// Replaced and Unchanged, and rows stored with the lower-case keys of
// earlier builds decode because encoding/json matches keys regardless of
// case (TestOldStoredAttendanceResultReplays).
type AttendanceResult struct {
	DryRun     bool   `json:"dry_run"`
	FileSHA256 string `json:"file_sha256"`
	Rows       int    `json:"rows"`
	store.AttendanceCounts
}

// attendanceBatch is how many rows are staged per COPY while the file
// streams; memory stays bounded by it, not by the file.
const attendanceBatch = 5000

// RecordAttendance records a file of attendance rows atomically: any bad row
// (a person not enrolled, a date outside their enrolment or in the future,
// hours outside 0–24, the same day twice) stores nothing, and every bad row
// is reported. A day already on record is replaced and the old hours kept.
func (s *Service) RecordAttendance(ctx context.Context, projectID string, up Upload, dryRun bool) (*AttendanceResult, bool, error) {
	if !dryRun {
		if r, ok, err := recordedUpload[AttendanceResult](s, ctx, projectID, "attendance", up.SHA256); ok || err != nil {
			return r, ok, err
		}
	}
	rd, err := openFile(up, &payrollfile.Attendance)
	if err != nil {
		return nil, false, err
	}
	defer rd.Close()
	res := &AttendanceResult{DryRun: dryRun, FileSHA256: up.SHA256}
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		rules, err := s.attendanceRules(tx, projectID)
		if err != nil {
			return err
		}
		if err := stageAttendance(tx, rd, rules, res); err != nil {
			return err
		}
		if res.AttendanceCounts, err = store.MergeAttendance(tx, projectID, up.SHA256); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		b, _ := json.Marshal(res)
		if err := store.SaveUpload(tx, projectID, "attendance", up.SHA256, string(b)); err != nil {
			return err
		}
		return audit(tx, projectID, "attendance.record", up.SHA256,
			ledger.M("%d {row|rows}: %d new, %d replaced, %d unchanged", res.Rows, res.Created, res.Replaced, res.Unchanged), map[string]string{"sha256": up.SHA256})
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return replayOnConflict[AttendanceResult](s, ctx, projectID, "attendance", up.SHA256, dryRun, err)
	}
	return res, false, nil
}

// attendanceRules reads the stays the caller may record attendance for (a
// subcontractor only its own workers) into the rules that check each row.
func (s *Service) attendanceRules(tx *store.Tx, projectID string) (*ledger.AttendanceRules, error) {
	_, only, err := projectFor(tx, tx.Ctx(), projectID)
	if err != nil {
		return nil, err
	}
	enrolments, err := store.ProjectEnrolments(tx, projectID)
	if err != nil {
		return nil, err
	}
	r := &ledger.AttendanceRules{Today: ledger.DateOf(tx.Now), ByID: map[string]*ledger.Stay{}, ByPerson: map[string][]*ledger.Stay{},
		PersonOf: func(n string) string { return s.Identity.Index("id_number", n) },
		Explain:  func(raw string) *ledger.FieldError { return payrollfile.Damage("id_number", raw) }}
	stays := make([]ledger.Stay, len(enrolments))
	r.OthersByID, r.OthersByPerson = map[string]bool{}, map[string]bool{}
	for i := range enrolments {
		e := &enrolments[i]
		if !ledger.SeesEmployer(only, e.EmployerID) {
			r.OthersByID[e.ID], r.OthersByPerson[e.IDNumberIndex] = true, true
			continue // a subcontractor records only its own workers
		}
		stays[i] = ledger.Stay{EnrolmentID: e.ID, EnteredOn: e.EnteredOn, ExitedOn: e.ExitedOn}
		r.ByID[e.ID] = &stays[i]
		r.ByPerson[e.IDNumberIndex] = append(r.ByPerson[e.IDNumberIndex], &stays[i])
	}
	return r, nil
}

// stageAttendance streams a file's rows through the rules into the staging
// table, a batch at a time; once a row is refused it stops staging and keeps
// checking, and at the end it refuses the file with every bad row.
func stageAttendance(tx *store.Tx, rd *payrollfile.Reader, rules *ledger.AttendanceRules, res *AttendanceResult) error {
	f := &payrollfile.Attendance
	iEnr, iID, iDate, iHours := f.FieldIndex("enrolment_id"), f.FieldIndex("id_number"), f.FieldIndex("date"), f.FieldIndex("hours")
	if err := store.StartAttendance(tx); err != nil {
		return err
	}
	bad := rowErrors{heading: rd.Heading}
	batch := make([]store.AttendanceRow, 0, attendanceBatch)
	flush := func() error {
		if len(bad.fields) > 0 || len(batch) == 0 {
			batch = batch[:0]
			return nil
		}
		err := store.StageAttendance(tx, batch)
		batch = batch[:0]
		return err
	}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		res.Rows++
		day, errs := rules.Check(ledger.AttendanceInput{Row: rec.Row, EnrolmentID: rec.Get(iEnr), IDNumber: rec.Get(iID), Date: rec.Get(iDate), Hours: rec.Get(iHours)})
		for _, f := range errs {
			bad.add(rec.Row, f)
		}
		if len(errs) > 0 {
			continue
		}
		batch = append(batch, store.AttendanceRow{EnrolmentID: day.EnrolmentID, Date: day.Date, Centihours: day.Centihours})
		if len(batch) == attendanceBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := bad.err(payrollfile.Attendance.Kind); err != nil {
		return err
	}
	if res.Rows == 0 {
		return ledger.Errorf(ledger.EInvalid, "the file has no attendance rows")
	}
	return nil
}

package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/payrollfile"
	"github.com/wageguard/wageguard/pkg/store"
)

// AttendanceResult is the answer to an attendance upload.
type AttendanceResult struct {
	DryRun     bool   `json:"dry_run"`
	FileSHA256 string `json:"file_sha256"`
	Rows       int    `json:"rows"`
	store.AttendanceCounts
}

// attendanceBatch is how many rows are staged per COPY while the file
// streams; memory stays bounded by it, not by the file.
const attendanceBatch = 5000

type dayKey struct {
	enrolment string
	date      ledger.Date
}

// RecordAttendance records a file of attendance rows atomically: any bad row
// (a person not enrolled, a date outside their enrolment or in the future,
// hours outside 0–24, the same day twice) stores nothing, and every bad row
// is reported. A day already on record is replaced and the old hours kept.
func (s *Service) RecordAttendance(ctx context.Context, projectID string, up Upload, dryRun bool) (*AttendanceResult, bool, error) {
	if !dryRun {
		if prev, ok, err := store.GetUpload(s.DB.Reader(ctx), projectID, "attendance", up.SHA256); err != nil {
			return nil, false, err
		} else if ok {
			var r AttendanceResult
			err := json.Unmarshal([]byte(prev), &r)
			return &r, true, err
		}
	}
	rd, err := openFile(up, &payrollfile.Attendance)
	if err != nil {
		return nil, false, err
	}
	defer rd.Close()
	res := &AttendanceResult{DryRun: dryRun, FileSHA256: up.SHA256}
	err = s.DB.WithTx(ctx, func(tx *store.Tx) error {
		_, only, err := projectFor(tx, ctx, projectID)
		if err != nil {
			return err
		}
		enrolments, err := store.ProjectEnrolments(tx, projectID)
		if err != nil {
			return err
		}
		byID := map[string]*store.EnrolmentRow{}
		byPerson := map[string][]*store.EnrolmentRow{}
		for i := range enrolments {
			e := &enrolments[i]
			if only != "" && e.EmployerID != only {
				continue // a subcontractor records only its own workers
			}
			byID[e.ID] = e
			byPerson[e.IDNumberIndex] = append(byPerson[e.IDNumberIndex], e)
		}
		today := ledger.DateOf(tx.Now)
		f := &payrollfile.Attendance
		iEnr, iID, iDate, iHours := f.FieldIndex("enrolment_id"), f.FieldIndex("id_number"), f.FieldIndex("date"), f.FieldIndex("hours")
		var bad rowErrors
		seen := map[dayKey]int{}
		indexOf := map[string]string{}
		if err := store.StartAttendance(tx); err != nil {
			return err
		}
		batch := make([]store.AttendanceRow, 0, attendanceBatch)
		flush := func() error {
			// Once a row is bad nothing will be stored: stop staging, keep checking.
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
			date, msg := ledger.ParseDateLoose(rec.Get(iDate))
			if msg != "" {
				bad.add(rec.Row, ledger.FieldError{Field: "date", Code: "date", Message: "date " + msg})
			} else if date.After(today) {
				bad.add(rec.Row, ledger.FieldError{Field: "date", Code: "future", Message: "date " + date.String() + " is in the future"})
			}
			hours, msg := ledger.ParseHours(rec.Get(iHours))
			if msg != "" {
				bad.add(rec.Row, ledger.FieldError{Field: "hours", Code: "range", Message: msg})
			}
			var candidates []*store.EnrolmentRow
			if id := rec.Get(iEnr); id != "" {
				if e, ok := byID[id]; ok {
					candidates = []*store.EnrolmentRow{e}
				} else {
					bad.add(rec.Row, ledger.FieldError{Field: "enrolment_id", Code: "not_enrolled", Message: fmt.Sprintf("enrolment %q is not on this project", id)})
					continue
				}
			} else if raw := rec.Get(iID); raw != "" {
				idx, ok := indexOf[raw]
				if !ok {
					rid, ferr := ledger.CheckResidentID(raw, today)
					if ferr != nil {
						if d := payrollfile.Damage("id_number", raw); d != nil {
							ferr = d
						}
						bad.add(rec.Row, *ferr)
						continue
					}
					idx = s.Identity.Index("id_number", rid.Number)
					indexOf[raw] = idx
				}
				candidates = byPerson[idx]
				if len(candidates) == 0 {
					bad.add(rec.Row, ledger.FieldError{Field: "id_number", Code: "not_enrolled",
						Message: "this person is not registered on the project: nobody may work on site without a real-name registration"})
					continue
				}
			} else {
				bad.add(rec.Row, ledger.FieldError{Field: "id_number", Code: "required", Message: "each row names the worker by id_number or enrolment_id"})
				continue
			}
			if date.IsZero() || msg != "" {
				continue
			}
			e := covering(candidates, date)
			if e == nil {
				c := candidates[len(candidates)-1]
				why := fmt.Sprintf("%s is before the worker entered the site on %s", date, c.EnteredOn)
				if c.ExitedOn != nil && date.After(*c.ExitedOn) {
					why = fmt.Sprintf("%s is after the worker left the site on %s", date, c.ExitedOn)
				}
				bad.add(rec.Row, ledger.FieldError{Field: "date", Code: "outside_enrolment", Message: why})
				continue
			}
			k := dayKey{e.ID, date}
			if first, dup := seen[k]; dup {
				bad.add(rec.Row, ledger.FieldError{Field: "date", Code: "duplicate", Message: fmt.Sprintf("the same worker and day are on row %d too", first)})
				continue
			}
			seen[k] = rec.Row
			batch = append(batch, store.AttendanceRow{EnrolmentID: e.ID, Date: date, Centihours: hours})
			if len(batch) == attendanceBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if err := bad.err("attendance"); err != nil {
			return err
		}
		if res.Rows == 0 {
			return ledger.Errorf(ledger.EInvalid, "the file has no attendance rows")
		}
		counts, err := store.MergeAttendance(tx, projectID, up.SHA256)
		if err != nil {
			return err
		}
		res.AttendanceCounts = counts
		if dryRun {
			return errDryRun
		}
		b, _ := json.Marshal(res)
		if err := store.SaveUpload(tx, projectID, "attendance", up.SHA256, string(b)); err != nil {
			return err
		}
		return audit(tx, projectID, "attendance.record", up.SHA256,
			fmt.Sprintf("%d rows: %d new, %d replaced, %d unchanged", res.Rows, res.Created, res.Replaced, res.Unchanged), map[string]string{"sha256": up.SHA256})
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, false, err
	}
	return res, false, nil
}

// covering returns the enrolment whose stay on site includes date.
func covering(es []*store.EnrolmentRow, date ledger.Date) *store.EnrolmentRow {
	for _, e := range es {
		if !date.Before(e.EnteredOn) && (e.ExitedOn == nil || !date.After(*e.ExitedOn)) {
			return e
		}
	}
	return nil
}

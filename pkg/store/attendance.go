package store

import (
	"fmt"

	"github.com/wageguard/wageguard/ledger"
)

// AttendanceRow is one worker's hours on one day.
type AttendanceRow struct {
	EnrolmentID string      `db:"enrolment_id"`
	Date        ledger.Date `db:"work_date"`
	Centihours  int         `db:"centihours"`
}

// AttendanceCounts says what recording a file did. service.AttendanceResult
// embeds it and is stored as JSON, so these field names are JSON keys of
// stored upload results: rename one and files recorded before no longer
// replay their counts (pkg/service TestStoredUploadResultsShape).
type AttendanceCounts struct {
	Created   int
	Replaced  int
	Unchanged int
}

// StartAttendance prepares the transaction's staging table for an upload.
// Rows are staged as the file streams (COPY on PostgreSQL) and merged into
// attendance with set-based statements at the end, so a file of any size is
// a few statements, not a round trip per row.
func StartAttendance(tx *Tx) error {
	if err := tx.d.createStaging(tx, "attendance_in", "enrolment_id TEXT NOT NULL, work_date DATE NOT NULL, centihours INTEGER NOT NULL"); err != nil {
		return fmt.Errorf("store: unable to stage attendance: %w", err)
	}
	return nil
}

// StageAttendance adds a batch of rows to the staging table.
func StageAttendance(tx *Tx, rows []AttendanceRow) error {
	vals := make([][]any, len(rows))
	for i, r := range rows {
		vals[i] = []any{r.EnrolmentID, r.Date, r.Centihours}
	}
	if err := insertRows(tx, "attendance_in", []string{"enrolment_id", "work_date", "centihours"}, vals); err != nil {
		return fmt.Errorf("store: unable to stage attendance: %w", err)
	}
	return nil
}

// MergeAttendance moves the staged rows into attendance: new days are
// inserted, a day on record with other hours is replaced and its old hours
// kept in attendance_revisions, a day re-sent with the same hours is left.
// One project's merges run one at a time: the rollup is counted again from
// the days on record, and two merges at once each counted without the
// other's days (the second then met the first's rollup row and failed).
func MergeAttendance(tx *Tx, projectID, source string) (AttendanceCounts, error) {
	var c AttendanceCounts
	var locked []string
	if err := tx.Select(&locked, `SELECT id FROM projects WHERE id = ?`+tx.d.lockRows(), projectID); err != nil {
		return c, fmt.Errorf("store: unable to lock the project's attendance: %w", err)
	}
	var k struct {
		Staged   int `db:"staged"`
		Existing int `db:"existing"`
		Changed  int `db:"changed"`
	}
	if err := tx.Get(&k, `SELECT COUNT(*) AS staged, COUNT(a.centihours) AS existing,
		COALESCE(SUM(CASE WHEN a.centihours <> i.centihours THEN 1 ELSE 0 END), 0) AS changed
		FROM attendance_in i LEFT JOIN attendance a ON a.project_id = ? AND a.enrolment_id = i.enrolment_id AND a.work_date = i.work_date`,
		projectID); err != nil {
		return c, fmt.Errorf("store: unable to compare attendance: %w", err)
	}
	c.Created, c.Replaced, c.Unchanged = k.Staged-k.Existing, k.Changed, k.Existing-k.Changed
	if k.Changed > 0 {
		if err := tx.d.insertSelect(tx, "attendance_revisions", []string{"project_id", "enrolment_id", "work_date", "revised_at", "old_centihours", "new_centihours", "source"},
			`SELECT a.project_id, a.enrolment_id, a.work_date, ?, a.centihours, i.centihours, ?
			FROM attendance_in i JOIN attendance a ON a.project_id = ? AND a.enrolment_id = i.enrolment_id AND a.work_date = i.work_date
			WHERE a.centihours <> i.centihours`, []any{tx.Now, source, projectID}, ""); err != nil {
			return c, fmt.Errorf("store: unable to keep replaced attendance: %w", err)
		}
	}
	if err := tx.d.insertSelect(tx, "attendance", []string{"project_id", "enrolment_id", "work_date", "centihours", "source", "recorded_at"},
		`SELECT ?, enrolment_id, work_date, centihours, ?, ? FROM attendance_in WHERE 1 = 1`, []any{projectID, source, tx.Now},
		` ON CONFLICT (project_id, enrolment_id, work_date) DO UPDATE
		SET centihours = excluded.centihours, source = excluded.source, recorded_at = excluded.recorded_at
		WHERE attendance.centihours <> excluded.centihours`); err != nil {
		return c, fmt.Errorf("store: unable to write attendance: %w", err)
	}
	if err := refreshAttendanceMonths(tx, projectID); err != nil {
		return c, err
	}
	return c, tx.d.dropStaging(tx, "attendance_in")
}

// attendanceMonth is the month of a work_date column, YYYY-MM: CAST(date AS
// TEXT) is YYYY-MM-DD on both databases (PostgreSQL's ISO output, SQLite's
// stored text).
func attendanceMonth(col string) string { return "substr(CAST(" + col + " AS TEXT), 1, 7)" }

// attendanceDayMask is the days worked of a month as bits (day d is bit
// d-1), summed over rows of distinct days: their OR on both databases.
func attendanceDayMask(col string) string {
	return "SUM(1 << (CAST(substr(CAST(" + col + " AS TEXT), 9, 2) AS INTEGER) - 1))"
}

// refreshAttendanceMonths recounts the rollup (attendance_months) of every
// enrolment and month the staged rows touch, from the days now on record:
// two set-based statements, whatever the upload's size.
func refreshAttendanceMonths(tx *Tx, projectID string) error {
	touched := `SELECT DISTINCT enrolment_id, ` + attendanceMonth("work_date") + ` AS period FROM attendance_in`
	if _, err := tx.Exec(`DELETE FROM attendance_months WHERE project_id = ? AND (enrolment_id, period) IN (`+touched+`)`, projectID); err != nil {
		return fmt.Errorf("store: unable to refresh the attendance rollup: %w", err)
	}
	if err := tx.d.insertSelect(tx, "attendance_months", []string{"project_id", "enrolment_id", "period", "days", "last_on", "day_mask"},
		`SELECT a.project_id, a.enrolment_id, t.period, COUNT(*), MAX(a.work_date), `+attendanceDayMask("a.work_date")+` FROM attendance a
		JOIN (`+touched+`) t ON a.enrolment_id = t.enrolment_id AND `+attendanceMonth("a.work_date")+` = t.period
		WHERE a.project_id = ? AND a.centihours > 0
		GROUP BY a.project_id, a.enrolment_id, t.period`, []any{projectID}, ""); err != nil {
		return fmt.Errorf("store: unable to refresh the attendance rollup: %w", err)
	}
	return nil
}

// RebuildAttendanceMonths recounts a project's whole attendance rollup from
// its days: for days written around MergeAttendance (a bulk load).
func RebuildAttendanceMonths(tx *Tx, projectID string) error {
	if _, err := tx.Exec(`DELETE FROM attendance_months WHERE project_id = ?`, projectID); err != nil {
		return fmt.Errorf("store: unable to rebuild the attendance rollup: %w", err)
	}
	if _, err := tx.Exec(`INSERT INTO attendance_months (project_id, enrolment_id, period, days, last_on, day_mask)
		SELECT project_id, enrolment_id, `+attendanceMonth("work_date")+`, COUNT(*), MAX(work_date), `+attendanceDayMask("work_date")+` FROM attendance
		WHERE project_id = ? AND centihours > 0 GROUP BY project_id, enrolment_id, `+attendanceMonth("work_date"), projectID); err != nil {
		return fmt.Errorf("store: unable to rebuild the attendance rollup: %w", err)
	}
	return nil
}

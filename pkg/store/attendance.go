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

type attendanceKey struct {
	enrolment string
	date      string
}

// AttendanceCounts says what writing a batch did.
type AttendanceCounts struct {
	Created   int `json:"created"`
	Replaced  int `json:"replaced"`
	Unchanged int `json:"unchanged"`
}

// WriteAttendance upserts a batch of attendance rows of one project. A day
// already on record with other hours is replaced and its old hours kept in
// attendance_revisions; a day re-sent with the same hours changes nothing.
func WriteAttendance(tx *Tx, projectID, source string, rows []AttendanceRow) (AttendanceCounts, error) {
	var c AttendanceCounts
	if len(rows) == 0 {
		return c, nil
	}
	existing := map[attendanceKey]int{}
	const chunk = 400
	for start := 0; start < len(rows); start += chunk {
		part := rows[start:min(start+chunk, len(rows))]
		enrs, dates := map[string]bool{}, map[string]bool{}
		for _, r := range part {
			enrs[r.EnrolmentID] = true
			dates[r.Date.String()] = true
		}
		args := []any{projectID}
		for e := range enrs {
			args = append(args, e)
		}
		for d := range dates {
			args = append(args, d)
		}
		var found []AttendanceRow
		if err := tx.Select(&found, `SELECT enrolment_id, work_date, centihours FROM attendance WHERE project_id = ?
			AND enrolment_id IN (`+placeholders(len(enrs))+`) AND work_date IN (`+placeholders(len(dates))+`)`, args...); err != nil {
			return c, fmt.Errorf("store: unable to read attendance: %w", err)
		}
		for _, f := range found {
			existing[attendanceKey{f.EnrolmentID, f.Date.String()}] = f.Centihours
		}
	}
	var write, revisions [][]any
	for _, r := range rows {
		old, ok := existing[attendanceKey{r.EnrolmentID, r.Date.String()}]
		switch {
		case !ok:
			c.Created++
		case old == r.Centihours:
			c.Unchanged++
			continue
		default:
			c.Replaced++
			revisions = append(revisions, []any{projectID, r.EnrolmentID, r.Date, tx.Now, old, r.Centihours, source})
		}
		write = append(write, []any{projectID, r.EnrolmentID, r.Date, r.Centihours, source, tx.Now})
	}
	if err := bulkInsert(tx, "attendance_revisions", []string{"project_id", "enrolment_id", "work_date", "revised_at", "old_centihours", "new_centihours", "source"}, revisions); err != nil {
		return c, fmt.Errorf("store: unable to keep replaced attendance: %w", err)
	}
	if err := bulkInsertSuffix(tx, "attendance", []string{"project_id", "enrolment_id", "work_date", "centihours", "source", "recorded_at"}, write,
		` ON CONFLICT (project_id, enrolment_id, work_date) DO UPDATE SET centihours = excluded.centihours, source = excluded.source, recorded_at = excluded.recorded_at`); err != nil {
		return c, fmt.Errorf("store: unable to write attendance: %w", err)
	}
	return c, nil
}

// AttendanceDays counts the days with hours > 0 of each enrolment in a
// date range (for payroll checks and the nightly rules).
func AttendanceDays(q Querier, projectID string, from, to ledger.Date) (map[string]int, error) {
	var rows []struct {
		EnrolmentID string `db:"enrolment_id"`
		Days        int    `db:"days"`
	}
	if err := q.Select(&rows, `SELECT enrolment_id, COUNT(*) AS days FROM attendance WHERE project_id = ? AND work_date BETWEEN ? AND ?
		AND centihours > 0 GROUP BY enrolment_id`, projectID, from, to); err != nil {
		return nil, fmt.Errorf("store: unable to count attendance: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.EnrolmentID] = r.Days
	}
	return out, nil
}

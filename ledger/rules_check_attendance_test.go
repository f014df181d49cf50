package ledger

import (
	"slices"
	"testing"
)

// TestIndexAttendanceOneFactPerMonth pins what the check does with two
// facts of one enrolment's month, which the database never gives: the last
// read is kept, whole, not summed (see indexAttendance).
func TestIndexAttendanceOneFactPerMonth(t *testing.T) {
	asOf := NewDate(2025, 7, 10)
	fact := func(e, p string, days, last int) AttendanceFact {
		month := MustPeriod(p)
		return AttendanceFact{EnrolmentID: e, Period: month, Days: days, LastOn: month.First().AddDays(last - 1)}
	}
	rollup, recount := fact("e1", "2025-07", 3, 4), fact("e1", "2025-07", 6, 9) // 7 July's rollup row; its recount up to 10 July
	june := fact("e1", "2025-06", 20, 27)
	for _, tc := range []struct {
		name  string
		facts []AttendanceFact
		want  map[string][]AttendanceFact
	}{
		{"one fact a month", []AttendanceFact{june, recount, fact("e2", "2025-07", 2, 2)},
			map[string][]AttendanceFact{"e1": {june, recount}, "e2": {fact("e2", "2025-07", 2, 2)}}},
		{"the recount read after the rollup row is kept, not added to it", []AttendanceFact{rollup, june, recount},
			map[string][]AttendanceFact{"e1": {june, recount}}},
		{"the last read is kept even when it ends earlier", []AttendanceFact{recount, june, rollup},
			map[string][]AttendanceFact{"e1": {june, rollup}}},
		{"a duplicate leaves the other enrolments alone", []AttendanceFact{fact("e2", "2025-06", 1, 1), rollup, recount, fact("e2", "2025-07", 2, 2)},
			map[string][]AttendanceFact{"e1": {recount}, "e2": {fact("e2", "2025-06", 1, 1), fact("e2", "2025-07", 2, 2)}}},
		{"a later fact without days worked does not hide the month", []AttendanceFact{recount, fact("e1", "2025-07", 0, 1)},
			map[string][]AttendanceFact{"e1": {recount}}},
		{"a month not begun by the as-of date is left out", []AttendanceFact{june, fact("e1", "2025-08", 1, 1)},
			map[string][]AttendanceFact{"e1": {june}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &check{f: &CheckFacts{Attendance: tc.facts}, asOf: asOf}
			c.indexAttendance()
			n := 0
			for e, want := range tc.want {
				n += len(want)
				if got := c.attendanceOf[e]; !slices.Equal(got, want) {
					t.Errorf("%s: %+v, want %+v", e, got, want)
				}
				for _, a := range want {
					if got, ok := c.attendedIn(e, a.Period); !ok || got != a {
						t.Errorf("%s in %s: %+v %v, want %+v", e, a.Period, got, ok, a)
					}
				}
			}
			if len(c.attendanceOf) != len(tc.want) || len(c.attended) != n {
				t.Errorf("%d enrolments, %d months attended: %+v", len(c.attendanceOf), len(c.attended), c.attended)
			}
		})
	}
}

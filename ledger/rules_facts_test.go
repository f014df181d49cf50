package ledger

import "testing"

// A month's days worked say how many they are and which was the last, as
// the rollup counts them: the first day alone, the last of a long month,
// a leap day, and none.
func TestAttendanceOfDays(t *testing.T) {
	for _, tc := range []struct {
		period Period
		worked uint32
		days   int
		last   string
	}{
		{Period{2026, 1}, 1, 1, "2026-01-01"},
		{Period{2026, 1}, 1<<30 | 1<<4 | 1, 3, "2026-01-31"},
		{Period{2024, 2}, 1<<28 | 1<<27, 2, "2024-02-29"},
		{Period{2026, 6}, 0b1111110, 6, "2026-06-07"},
		{Period{2026, 6}, 0, 0, ""},
	} {
		a := AttendanceOfDays("enr_1", tc.period, tc.worked)
		if a.EnrolmentID != "enr_1" || a.Period != tc.period || a.Worked != tc.worked || a.Days != tc.days ||
			(tc.last == "" && !a.LastOn.IsZero()) || (tc.last != "" && a.LastOn.String() != tc.last) {
			t.Errorf("AttendanceOfDays(%s, %b) = %+v; want %d days, the last %q", tc.period, tc.worked, a, tc.days, tc.last)
		}
	}
}

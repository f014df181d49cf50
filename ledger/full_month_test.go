package ledger

import "testing"

func TestFullMonth(t *testing.T) {
	d := mustDate
	cal := DefaultCalendar()
	for _, tc := range []struct {
		period string
		want   int
	}{
		{"2026-03", FullMonthCentidays},                                             // 22 working days: the standard month
		{"2026-07", FullMonthCentidays},                                             // 23
		{"2026-05", 100 * cal.WorkingDaysBetween(d("2026-04-30"), d("2026-05-31"))}, // Labour Day
		{"2026-10", 100 * cal.WorkingDaysBetween(d("2026-09-30"), d("2026-10-31"))}, // National Day
		{"2026-02", 100 * cal.WorkingDaysBetween(d("2026-01-31"), d("2026-02-28"))}, // Spring Festival: 16 working days
	} {
		p := MustPeriod(tc.period)
		if got := FullMonth(cal, p, FullMonthCentidays); got != tc.want {
			t.Errorf("FullMonth(%s) = %d, want %d", tc.period, got, tc.want)
		}
	}
	if got := FullMonth(cal, MustPeriod("2026-05"), FullMonthCentidays); got >= FullMonthCentidays {
		t.Errorf("May 2026 (Labour Day) makes a full month at %d: its working days are fewer than 21.75", got)
	}
	if got := FullMonth(nil, MustPeriod("2026-05"), 2175); got != 2175 {
		t.Errorf("no calendar: %d, want the standard", got)
	}
}

// A worker present on every working day of a month with holidays worked a
// full month (the 21.75 days count the paid holidays): the minimum wage
// applies to them as to a worker of a 22-day month.
func TestBelowMinimumWageInAMonthWithHolidays(t *testing.T) {
	d := mustDate
	minimumWage := &Policy{MinimumWages: []MinimumWage{{Region: "110000", From: d("2025-09-01"), Source: "京人社 2025", Monthly: MustMoney("2540")}}}
	cal := DefaultCalendar()
	for _, day := range []string{"2026-03-02", "2026-03-03", "2026-03-04"} { // three days off by a notice
		cal.Holidays[d(day)] = true
	}
	f := checkFixture()
	f.Lines[1].Gross, f.Lines[1].Net, f.Payments[1].Amount = MustMoney("2000"), MustMoney("2000"), MustMoney("2000")
	f.Attendance[1].Days = 19 // every working day left in March
	found := false
	for _, x := range Evaluate(f, minimumWage, cal) {
		found = found || x.Rule == RuleBelowMinimumWage
	}
	if !found {
		t.Fatal("no below_minimum_wage finding for a worker present on all 19 working days of the month")
	}
	f.Attendance[1].Days = 18 // absent a working day: not a full month
	for _, x := range Evaluate(f, minimumWage, cal) {
		if x.Rule == RuleBelowMinimumWage {
			t.Fatal("a month short of a working day is judged a full month")
		}
	}
}

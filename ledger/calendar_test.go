package ledger

import (
	"fmt"
	"strings"
	"testing"
)

func TestPayDay(t *testing.T) {
	c := DefaultCalendar()
	check := func(period string, day int, want string) {
		t.Helper()
		if got := c.PayDay(MustPeriod(period), nextMonth(day)); got.String() != want {
			t.Errorf("PayDay(%s, %d) = %s, want %s", period, day, got, want)
		}
	}
	check("2026-09", 15, "2026-10-15")
	check("2026-09", 3, "2026-09-30")  // 1–7 Oct holiday, 30 Sep is a Wednesday
	check("2026-01", 31, "2026-02-28") // clamped to 28 Feb, a Saturday but a make-up working day
	check("2026-04", 9, "2026-05-09")  // Saturday 9 May 2026 is a make-up working day
	check("2025-12", 31, "2026-01-30") // 31 Jan 2026 is a Saturday
	check("2026-05", 20, "2026-06-18") // 19–21 Jun Dragon Boat holiday
	if !c.IsWorkingDay(MustDate("2026-02-14")) || c.IsWorkingDay(MustDate("2026-02-16")) || c.IsWorkingDay(MustDate("2026-11-28")) {
		t.Error("IsWorkingDay")
	}
}

// nextMonth is the rule "day d of the month after the period" (次期).
func nextMonth(d int) PayRule { return PayRule{Month: PayNextMonth, Day: d} }

func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The statutory holidays are known without a notice: period 2026-12 with
// pay day 1 falls on New Year's Day 2027, which is a holiday in any year,
// and the answer says that 2027's notice is not in yet.
func TestPayDayWithoutNotice(t *testing.T) {
	c := DefaultCalendar()
	dl := c.PayDeadline(MustPeriod("2026-12"), nextMonth(1))
	if dl.Date.String() != "2026-12-31" || !dl.Provisional || !strings.Contains(dl.Note.String(), "2027 has no State Council holiday notice") {
		t.Errorf("PayDeadline(2026-12, 1) = %+v, want 2026-12-31, provisional", dl)
	}
	if c.PayDay(MustPeriod("2026-12"), nextMonth(1)).String() != "2026-12-31" {
		t.Error("PayDay and PayDeadline disagree")
	}
	// A pay day whose year has a notice is not provisional.
	if dl := c.PayDeadline(MustPeriod("2026-09"), nextMonth(3)); dl.Provisional || dl.Note.Key != "" || dl.Date.String() != "2026-09-30" {
		t.Errorf("PayDeadline(2026-09, 3) = %+v", dl)
	}
	// Spring Festival 2027 (6 Feb): eve 5 Feb (Friday) to the third day, 8 Feb (Monday).
	check := func(period string, day int, want string) {
		t.Helper()
		if got := c.PayDay(MustPeriod(period), nextMonth(day)); got.String() != want {
			t.Errorf("PayDay(%s, %d) = %s, want %s", period, day, got, want)
		}
	}
	check("2027-01", 8, "2027-02-04")
	check("2027-04", 2, "2027-04-30") // 1–2 May 2027 (Saturday, Sunday)
	check("2027-04", 3, "2027-05-03") // Monday 3 May: no bridging day without a notice
	check("2027-09", 1, "2027-09-30") // 1–3 October
	check("2030-05", 5, "2030-06-04") // Dragon Boat 2030 is Wednesday 5 June
	// Beyond the lunar table only the fixed-date holidays are known, and the note says so.
	if dl := c.PayDeadline(MustPeriod("2035-12"), nextMonth(1)); dl.Date.String() != "2035-12-31" || !strings.Contains(dl.Note.String(), "2036 has no State Council holiday notice and its lunar holidays") {
		t.Errorf("PayDeadline(2035-12, 1) = %+v", dl)
	}
}

// Every statutory holiday of 2025–2035 is a rest day, and the lunar ones
// fall where the 2025 and 2026 notices put them (DOMAIN.md).
func TestStatutoryHolidays(t *testing.T) {
	c := DefaultCalendar()
	want := map[int][]string{
		2025: {"2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-04-04", "2025-05-31", "2025-10-06"},
		2026: {"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-04-05", "2026-06-19", "2026-09-25"},
		2027: {"2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-04-05", "2027-06-09", "2027-09-15"},
		2031: {"2031-01-22", "2031-01-23", "2031-01-24", "2031-01-25", "2031-04-05", "2031-06-24", "2031-10-01"},
		2035: {"2035-02-07", "2035-02-08", "2035-02-09", "2035-02-10", "2035-04-05", "2035-06-10", "2035-09-16"},
	}
	for year, days := range want {
		var got []string
		for _, d := range lunarDaysOff(year) {
			got = append(got, d.String())
		}
		if strings.Join(got, " ") != strings.Join(days, " ") {
			t.Errorf("%d: lunar holidays %v, want %v", year, got, days)
		}
		for _, fixed := range []string{"-01-01", "-05-01", "-05-02", "-10-01", "-10-02", "-10-03"} {
			days = append(days, fmt.Sprint(year)+fixed)
		}
		for _, d := range days {
			if c.IsWorkingDay(MustDate(d)) {
				t.Errorf("%s is a statutory holiday but counts as a working day", d)
			}
		}
	}
	// Each notice holds every statutory holiday of its year.
	for _, n := range stateCouncilNotices {
		off := dates(n.DaysOff...)
		for _, d := range lunarDaysOff(n.Year) {
			if !off[d] {
				t.Errorf("the %d notice lacks the statutory holiday %s", n.Year, d)
			}
		}
	}
	for year := 2025; year <= 2035; year++ {
		if !lunarHolidaysKnown(year) {
			t.Errorf("the lunar holidays of %d are not tabulated", year)
		}
	}
}

func TestWorkingDayArithmetic(t *testing.T) {
	c := DefaultCalendar()
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 1, "2026-10-08"},  // National Day week, then Thursday 8 Oct
		{"2026-09-30", 3, "2026-10-10"},  // Saturday 10 Oct is a make-up working day
		{"2026-10-08", -1, "2026-09-30"}, // back over the holiday
		// Backwards over Spring Festival and National Day, with their make-up days:
		{"2026-02-24", -1, "2026-02-14"}, // back over the 15–23 Feb break to the make-up Saturday
		{"2026-02-24", -2, "2026-02-13"},
		{"2026-03-02", -1, "2026-02-28"}, // Saturday 28 Feb is a make-up working day
		{"2026-10-12", -1, "2026-10-10"}, // Saturday 10 Oct is a make-up working day
		{"2026-10-12", -3, "2026-10-08"},
		{"2026-10-08", -2, "2026-09-29"},
		{"2026-09-28", -1, "2026-09-24"},  // back over Mid-Autumn, 25–27 Sep
		{"2026-10-12", -10, "2026-09-21"}, // both breaks: 10, 9, 8 Oct, 30, 29, 28, 24, 23, 22, 21 Sep
		{"2026-10-12", -11, "2026-09-20"}, // … and Sunday 20 Sep, a make-up working day
		{"2025-02-05", -1, "2025-01-27"},  // 2025 Spring Festival, 28 Jan–4 Feb
		{"2025-02-05", -2, "2025-01-26"},  // Sunday 26 Jan is a make-up working day
		{"2025-02-10", -1, "2025-02-08"},  // Saturday 8 Feb is a make-up working day
		{"2025-10-09", -1, "2025-09-30"},  // 2025 National Day, 1–8 Oct
		{"2025-09-29", -1, "2025-09-28"},  // Sunday 28 Sep is a make-up working day
		{"2025-10-13", -1, "2025-10-11"},  // Saturday 11 Oct is a make-up working day
		{"2026-02-13", 1, "2026-02-14"},   // Saturday 14 Feb is a make-up working day
		{"2026-02-14", 1, "2026-02-24"},   // Spring Festival break 15–23 Feb
		{"2026-11-27", 5, "2026-12-04"},   // an ordinary week
		{"2026-11-30", 0, "2026-11-30"},
		{"2026-12-30", 2, "2027-01-04"}, // New Year's Day 2027 (Friday) without a notice
	}
	for _, tc := range cases {
		got := c.AddWorkingDays(MustDate(tc.from), tc.n)
		if got.String() != tc.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
		if back := c.WorkingDaysBetween(MustDate(tc.from), got); back != tc.n {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tc.from, got, back, tc.n)
		}
	}
	if got := c.NextWorkingDay(MustDate("2026-12-31")); got.String() != "2027-01-04" {
		t.Errorf("NextWorkingDay(2026-12-31) = %s", got)
	}
	if got := c.PreviousWorkingDay(MustDate("2026-02-24")); got.String() != "2026-02-14" {
		t.Errorf("PreviousWorkingDay(2026-02-24) = %s", got)
	}
	if got := c.WorkingDaysBetween(MustDate("2026-10-01"), MustDate("2026-10-07")); got != 0 {
		t.Errorf("WorkingDaysBetween over National Day = %d", got)
	}
	if dl := c.Explain(MustDate("2026-12-30"), c.AddWorkingDays(MustDate("2026-12-30"), 2)); !dl.Provisional {
		t.Errorf("a deadline in 2027 is not marked provisional: %+v", dl)
	}
}

func TestMissingNotice(t *testing.T) {
	c := DefaultCalendar()
	for today, want := range map[string]int{
		"2026-11-30": 0,    // 2027's notice is not due yet
		"2026-12-01": 2027, // from 1 December it is
		"2026-12-31": 2027,
		"2027-03-01": 2027, // a year without its notice
		"2025-06-01": 0,
	} {
		year, missing := c.MissingNotice(MustDate(today))
		if missing != (want != 0) || year != want {
			t.Errorf("MissingNotice(%s) = %d, %v, want %d", today, year, missing, want)
		}
	}
	c.AddNotice(Notice{Year: 2027, DaysOff: [][2]string{{"2027-01-01", "2027-01-03"}}, Workdays: []string{"2027-01-04"}})
	if _, missing := c.MissingNotice(MustDate("2026-12-15")); missing {
		t.Error("2027's notice added, still missing")
	}
	if dl := c.PayDeadline(MustPeriod("2026-12"), nextMonth(1)); dl.Provisional || dl.Date.String() != "2026-12-31" {
		t.Errorf("with 2027's notice: %+v", dl)
	}
}

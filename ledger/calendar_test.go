package ledger

import "testing"

func TestPayDay(t *testing.T) {
	c := DefaultCalendar()
	check := func(period string, day int, want string) {
		t.Helper()
		if got := c.PayDay(MustPeriod(period), day); got.String() != want {
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

func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

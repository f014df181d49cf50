package ledger

import "time"

// Calendar is the official working-day calendar: weekends are rest days
// except make-up working days (调休), and public holidays are rest days.
// It is data an operator updates each year from the State Council notice.
type Calendar struct {
	Holidays map[Date]bool
	Workdays map[Date]bool // weekend days that are working days
}

func dates(spans ...[2]string) map[Date]bool {
	out := map[Date]bool{}
	for _, s := range spans {
		from, _ := ParseDate(s[0])
		to, _ := ParseDate(s[1])
		for d := from; !d.After(to); d = d.AddDays(1) {
			out[d] = true
		}
	}
	return out
}

func one(ds ...string) [][2]string {
	out := make([][2]string, len(ds))
	for i, d := range ds {
		out[i] = [2]string{d, d}
	}
	return out
}

// DefaultCalendar holds 2025 and 2026 from the State Council notices (DOMAIN.md).
func DefaultCalendar() *Calendar {
	return &Calendar{
		Holidays: dates(
			[2]string{"2025-01-01", "2025-01-01"}, [2]string{"2025-01-28", "2025-02-04"}, [2]string{"2025-04-04", "2025-04-06"},
			[2]string{"2025-05-01", "2025-05-05"}, [2]string{"2025-05-31", "2025-06-02"}, [2]string{"2025-10-01", "2025-10-08"},
			[2]string{"2026-01-01", "2026-01-03"}, [2]string{"2026-02-15", "2026-02-23"}, [2]string{"2026-04-04", "2026-04-06"},
			[2]string{"2026-05-01", "2026-05-05"}, [2]string{"2026-06-19", "2026-06-21"}, [2]string{"2026-09-25", "2026-09-27"},
			[2]string{"2026-10-01", "2026-10-07"},
		),
		Workdays: dates(append(one("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"),
			one("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")...)...),
	}
}

// IsWorkingDay reports whether d is a working day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if c.Workdays[d] {
		return true
	}
	if c.Holidays[d] {
		return false
	}
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// PayDay is when the wages of period are due: the project's pay day in the
// month after the period (clamped to that month's length), moved to the
// working day before it when it falls on a rest day.
func (c *Calendar) PayDay(period Period, payDay int) Date {
	next := Period{period.Year, period.Month + 1}
	if next.Month > 12 {
		next = Period{period.Year + 1, 1}
	}
	day := min(payDay, next.Days())
	d := NewDate(next.Year, next.Month, day)
	for i := 0; i < 30 && !c.IsWorkingDay(d); i++ {
		d = d.AddDays(-1)
	}
	return d
}

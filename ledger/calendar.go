package ledger

import (
	"time"
)

// Calendar is the official working-day calendar: weekends are rest days
// except make-up working days (调休), and holidays are rest days. The
// statutory holidays are always known (holidays.go); the bridging days off
// and make-up working days come from each year's State Council notice, data
// an operator adds when it is published.
type Calendar struct {
	Holidays map[Date]bool
	Workdays map[Date]bool // weekend days that are working days
	// Notices are the years whose State Council notice is in Holidays and
	// Workdays. A date in another year is provisional: its statutory
	// holidays are counted, its bridging and make-up days are not yet known.
	Notices map[int]bool
}

func dates(spans ...[2]string) map[Date]bool {
	out := map[Date]bool{}
	for _, s := range spans {
		for d := mustDate(s[0]); !d.After(mustDate(s[1])); d = d.AddDays(1) {
			out[d] = true
		}
	}
	return out
}

func orEmpty(m map[Date]bool) map[Date]bool {
	if m == nil {
		return map[Date]bool{}
	}
	return m
}

// DefaultCalendar holds the statutory holidays of 2025–2035 and the State
// Council notices published so far (2025 and 2026).
func DefaultCalendar() *Calendar {
	c := &Calendar{Holidays: map[Date]bool{}, Workdays: map[Date]bool{}, Notices: map[int]bool{}}
	for year := range lunarHolidays {
		for _, d := range lunarDaysOff(year) {
			c.Holidays[d] = true
		}
	}
	for _, n := range stateCouncilNotices {
		c.AddNotice(n)
	}
	return c
}

// CalendarBefore is the default calendar as it stood before year's State
// Council notice was published: the statutory holidays of every year, the
// notices of the years before year alone. Tests of deadlines counted into
// a year without its notice build on it, so that they keep their meaning
// (and keep running) once the real notice is in the default calendar.
func CalendarBefore(year int) *Calendar {
	c := &Calendar{Holidays: map[Date]bool{}, Workdays: map[Date]bool{}, Notices: map[int]bool{}}
	for y := range lunarHolidays {
		for _, d := range lunarDaysOff(y) {
			c.Holidays[d] = true
		}
	}
	for _, n := range stateCouncilNotices {
		if n.Year < year {
			c.AddNotice(n)
		}
	}
	return c
}

// AddNotice adds a year's State Council notice: its days off and its make-up
// working days.
func (c *Calendar) AddNotice(n Notice) {
	c.Holidays, c.Workdays = orEmpty(c.Holidays), orEmpty(c.Workdays)
	if c.Notices == nil {
		c.Notices = map[int]bool{}
	}
	for d := range dates(n.DaysOff...) {
		c.Holidays[d] = true
	}
	for _, w := range n.Workdays {
		c.Workdays[mustDate(w)] = true
	}
	c.Notices[n.Year] = true
}

// IsWorkingDay reports whether d is a working day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if c.Workdays[d] {
		return true
	}
	if c.Holidays[d] || fixedHoliday(d) {
		return false
	}
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// maxRestDays bounds every search for a working day: the longest run of rest
// days the calendar can hold (a Spring Festival break with its weekends) is
// well under it, so the bound only stops a calendar filled with nonsense.
const maxRestDays = 60

// NextWorkingDay is the first working day after d.
func (c *Calendar) NextWorkingDay(d Date) Date { return c.step(d, 1) }

// PreviousWorkingDay is the last working day before d.
func (c *Calendar) PreviousWorkingDay(d Date) Date { return c.step(d, -1) }

func (c *Calendar) step(d Date, dir int) Date {
	d = d.AddDays(dir)
	for i := 0; i < maxRestDays && !c.IsWorkingDay(d); i++ {
		d = d.AddDays(dir)
	}
	return d
}

// onOrBefore is d when it is a working day, else the working day before it.
func (c *Calendar) onOrBefore(d Date) Date {
	if c.IsWorkingDay(d) {
		return d
	}
	return c.PreviousWorkingDay(d)
}

// AddWorkingDays is the n-th working day after d (before it when n is
// negative); d itself when n is 0. "Within 5 working days of D" ends on
// AddWorkingDays(D, 5).
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	dir := 1
	if n < 0 {
		dir, n = -1, -n
	}
	for ; n > 0; n-- {
		d = c.step(d, dir)
	}
	return d
}

// WorkingDaysBetween counts the working days after from up to and including
// to; negative, counting those from to up to but excluding from, when to is
// before from. AddWorkingDays(from, WorkingDaysBetween(from, to)) is to
// whenever to is a working day.
func (c *Calendar) WorkingDaysBetween(from, to Date) int {
	if to.Before(from) {
		// The working days in [to, from), counted negative, so that
		// AddWorkingDays(from, n) lands on to again.
		return -c.WorkingDaysBetween(to.AddDays(-1), from.AddDays(-1))
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// Deadline is a date computed from the calendar, with whether it rests on
// published notices only.
type Deadline struct {
	Date Date
	// Provisional is true when a year the computation crossed has no State
	// Council notice yet: the date may move when the notice is published.
	Provisional bool
	Note        Msg // why it is provisional, for the explanation of what was computed with it
}

// Explain returns the deadline d computed over the days between from and d,
// marked provisional when a year they cross has no notice.
func (c *Calendar) Explain(from, d Date) Deadline {
	lo, hi := from, d
	if hi.Before(lo) {
		lo, hi = hi, lo
	}
	var notes Msg
	for y := lo.Time().Year(); y <= hi.Time().Year(); y++ {
		if c.Notices[y] {
			continue
		}
		note := M("%d has no State Council holiday notice yet: its statutory holidays are counted, its bridging days off and make-up working days are not", y)
		if !lunarHolidaysKnown(y) {
			note = M("%d has no State Council holiday notice and its lunar holidays (Spring Festival, Qingming, Dragon Boat, Mid-Autumn) are not tabulated: only its fixed-date holidays are counted", y)
		}
		if notes.Key == "" {
			notes = note
		} else {
			notes = M("%s; %s", notes, note)
		}
	}
	if notes.Key == "" {
		return Deadline{Date: d}
	}
	return Deadline{Date: d, Provisional: true, Note: M("%s; the date may move when the notice is published", notes)}
}

// Noted is m followed by why the deadline may still move, when it may: an
// explanation that used a date beyond the loaded State Council notices says
// the notice is missing (issue 13).
func (d Deadline) Noted(m Msg) Msg {
	if !d.Provisional {
		return m
	}
	return M("%s; %s", m, d.Note)
}

// PayDay is when the wages of period are due under rule: the rule's day in
// the period's month or the month after (clamped to that month's length),
// moved to the working day before it when it falls on a rest day.
func (c *Calendar) PayDay(period Period, rule PayRule) Date {
	return c.PayDeadline(period, rule).Date
}

// PayDeadline is PayDay with its explanation: provisional when the pay day's
// year has no State Council notice yet.
func (c *Calendar) PayDeadline(period Period, rule PayRule) Deadline {
	month := rule.payMonthOf(period)
	nominal := NewDate(month.Year, month.Month, min(rule.Day, month.Days()))
	return c.Explain(nominal, c.onOrBefore(nominal))
}

// MissingNotice reports the first year whose State Council notice the
// calendar lacks and that matters on today: today's own year, or from
// 1 December the next year (the notice is usually published in November).
func (c *Calendar) MissingNotice(today Date) (year int, missing bool) {
	y := today.Time().Year()
	if !c.Notices[y] {
		return y, true
	}
	if today.Time().Month() == time.December && !c.Notices[y+1] {
		return y + 1, true
	}
	return 0, false
}

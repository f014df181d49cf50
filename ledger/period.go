package ledger

import (
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// Shanghai is the zone of every business date (DESIGN.md: time is a parameter).
var Shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// The zone database is embedded with time/tzdata in cmd/wageguard; a
		// fixed +08:00 zone is exact for China, which has no daylight saving.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// Date is a calendar date in Asia/Shanghai, written YYYY-MM-DD. It is
// held as its day number counted from 1 January of year 1, the zero
// Date (as time.Time's zero is that day): four bytes and no pointer,
// compared as an integer. A province's night holds about two million
// of them; as a time.Time (24 bytes and a pointer the collector follows)
// they were a fifth of the facts' memory.
type Date struct{ day int32 }

// NewDate returns the date y-m-d, normalised as time.Date normalises
// (31 April is 1 May, day 0 the month before's last day).
func NewDate(y int, m time.Month, d int) Date {
	// A month out of 1-12 carries into the year; the day, whatever it is,
	// counts on from the month's first.
	months := y*12 + int(m) - 1
	y, mm := months/12, months%12
	if mm < 0 {
		y, mm = y-1, mm+12
	}
	return dayNumbered(daysBefore(y, mm+1) + d - 1)
}

// dayNumbered is the date of day number n, held to the days an int32
// counts (about 5.8 million years either way): a count of days or years
// beyond them (a policy's waiting period of two billion days, or of
// MaxInt64 meaning "for ever") saturates rather than wrapping into the
// past.
func dayNumbered(n int) Date {
	return Date{int32(max(min(n, math.MaxInt32), math.MinInt32))}
}

// daysBefore is the day number of the first of month m (1-12) of year y,
// counted from 1 January of year 1 (the proleptic Gregorian calendar, as
// package time counts): years taken from March, so that a leap day ends
// a year.
func daysBefore(y, m int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp + 2) / 5
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 306
}

// civil is the year, month and day of the date (daysBefore undone).
func (d Date) civil() (int, time.Month, int) {
	z := int(d.day) + 306
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return y, time.Month(m), day
}

// calendarDate is the date of t's day in t's own location.
func calendarDate(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// DateOf returns the Shanghai calendar date of the instant t.
func DateOf(t time.Time) Date { return calendarDate(t.In(Shanghai)) }

// ParseDate reads YYYY-MM-DD, refusing impossible dates such as 2025-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EInvalid, "date %q is not a real date written YYYY-MM-DD", clip(s))
	}
	return calendarDate(t), nil
}

// addDate is the date years, months and days on, as time.AddDate counts.
func (d Date) addDate(years, months, days int) Date {
	return calendarDate(d.Time().AddDate(within(years, 1<<23), within(months, 1<<27), within(days, 1<<33)))
}

// within is n held to ±limit: a count of days, months or years beyond what a
// Date holds (a limit a little past it) gives the same saturated date
// whatever its size, without overflowing the sums on the way to it.
func within(n, limit int) int { return max(min(n, limit), -limit) }

// dayOfMonth is the date's day of its month, 1 to 31.
func (d Date) dayOfMonth() int {
	_, _, day := d.civil()
	return day
}

func (d Date) IsZero() bool   { return d.day == 0 }
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// Time is the date as midnight UTC, the zero time for the zero date.
func (d Date) Time() time.Time {
	y, m, day := d.civil()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

func (d Date) Before(o Date) bool { return d.day < o.day }
func (d Date) After(o Date) bool  { return d.day > o.day }
func (d Date) AddDays(n int) Date { return dayNumbered(int(d.day) + within(n, 1<<33)) }
func (d Date) Period() Period {
	y, m, _ := d.civil()
	return Period{y, m}
}
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EInvalid, "date must be a string written YYYY-MM-DD")
	}
	// The same date grammar as files (grammar.go): 2026/11/13, 2026年11月13日…
	v, msg := ParseDateLoose(s)
	if msg.Key != "" {
		return Errorf(EInvalid, "date %s", msg)
	}
	*d = v
	return nil
}

// Scan reads a date from its YYYY-MM-DD text (a longer timestamp text is cut
// to its date) or from a time.Time's calendar day; nil is the zero date.
// Stores read dates with it (SQLite keeps text, PostgreSQL's DATE arrives as
// time.Time); how a date is written is the store's business.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = NewDate(v.Year(), v.Month(), v.Day())
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("ledger: cannot scan %T into Date", src)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	v, err := ParseDate(s)
	*d = v
	return err
}

// Period is a wage month, written YYYY-MM.
type Period struct {
	Year  int
	Month time.Month
}

// ParsePeriod reads YYYY-MM.
func ParsePeriod(s string) (Period, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || len(s) != 7 || t.Year() == 0 { // year 0 is the zero Period: it would be written as ""
		return Period{}, Errorf(EInvalid, "period %q is not a month written YYYY-MM", clip(s))
	}
	return Period{t.Year(), t.Month()}, nil
}

func (p Period) IsZero() bool { return p.Year == 0 }
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	y, m := p.Year, int(p.Month)
	if y < 0 || y > 9999 || m < 0 || m > 99 {
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	// As the Sprintf above, without it: the nightly check keys lines by
	// worker and period, hundreds of thousands a night.
	b := [7]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', byte('0' + m/10), byte('0' + m%10)}
	return string(b[:])
}

// First and Last are the first and last day of the month.
func (p Period) First() Date { return NewDate(p.Year, p.Month, 1) }
func (p Period) Last() Date  { return NewDate(p.Year, p.Month+1, 0) }

// number counts months from the first of year 0: a month's is one more than
// the month before's, across years too.
func (p Period) number() int { return p.Year*12 + int(p.Month) - 1 }

// Days is the number of days in the month.
func (p Period) Days() int { return p.Last().dayOfMonth() }

func (p Period) MarshalJSON() ([]byte, error) { return json.Marshal(p.String()) }

func (p *Period) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EInvalid, "period must be a string written YYYY-MM")
	}
	v, err := ParsePeriod(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Scan reads a period from its YYYY-MM text; nil and "" are the zero period.
func (p *Period) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("ledger: cannot scan %T into Period", src)
	}
	if s == "" {
		*p = Period{}
		return nil
	}
	v, err := ParsePeriod(s)
	*p = v
	return err
}

// MustPeriod parses s and panics on error; for tests and constants only.
func MustPeriod(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

// CheckEventDate checks the date of something that has happened (an exit,
// a completion): given, not before the date it closes (what, the catalogue
// key of its name), not after today.
func CheckEventDate(field string, on, notBefore Date, what string, today Date) error {
	var v Validation
	switch {
	case on.IsZero():
		v.Add(field, "required", "%s is required (YYYY-MM-DD)", field)
	case on.Before(notBefore):
		v.Add(field, "too_early", "%s %s is before the %s on %s", field, on, M(what), notBefore)
	case on.After(today):
		v.Add(field, "future", "%s %s is in the future", field, on)
	}
	return v.Errf("%s is not valid", field)
}

package ledger

import (
	"encoding/json"
	"fmt"
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

// Date is a calendar date in Asia/Shanghai, written YYYY-MM-DD.
type Date struct{ t time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the Shanghai calendar date of the instant t.
func DateOf(t time.Time) Date {
	s := t.In(Shanghai)
	return NewDate(s.Year(), s.Month(), s.Day())
}

// ParseDate reads YYYY-MM-DD, refusing impossible dates such as 2025-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EInvalid, "date %q is not a real date written YYYY-MM-DD", clip(s))
	}
	return Date{t}, nil
}

func (d Date) IsZero() bool                 { return d.t.IsZero() }
func (d Date) String() string               { return d.t.Format(time.DateOnly) }
func (d Date) Time() time.Time              { return d.t }
func (d Date) Before(o Date) bool           { return d.t.Before(o.t) }
func (d Date) After(o Date) bool            { return d.t.After(o.t) }
func (d Date) AddDays(n int) Date           { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) Period() Period               { return Period{d.t.Year(), d.t.Month()} }
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

// Days is the number of days in the month.
func (p Period) Days() int { return p.Last().t.Day() }

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

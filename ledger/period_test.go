package ledger

import (
	"fmt"
	"math"
	"testing"
	"time"
)

func TestPeriodAndDate(t *testing.T) {
	p, err := ParsePeriod("2024-02")
	if err != nil || p.Days() != 29 || p.First().String() != "2024-02-01" || p.Last().String() != "2024-02-29" {
		t.Fatalf("%v %v %d", p, err, p.Days())
	}
	for _, bad := range []string{"2024-13", "2024-2", "24-02", "2024-02-01", "", "0000-10"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
	for _, bad := range []string{"2025-02-30", "2025-2-3", "20250203"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	// 23:30 UTC on 31 Dec is already 1 Jan in Shanghai.
	if d := DateOf(time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)); d.String() != "2026-01-01" {
		t.Fatalf("DateOf = %s", d)
	}
	var d Date
	if err := d.Scan(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)); err != nil || d.String() != "2026-03-04" {
		t.Fatalf("scan time: %v %s", err, d)
	}
	if err := d.Scan("2026-03-05"); err != nil || d.String() != "2026-03-05" {
		t.Fatalf("scan text: %v %s", err, d)
	}
}

// Period.String writes what "%04d-%02d" writes, for every year and month.
func TestPeriodStringIsTheFormat(t *testing.T) {
	for _, y := range []int{-12, 0, 1, 9, 10, 99, 100, 999, 1000, 2025, 2026, 9999, 10000, 123456} {
		for m := -1; m <= 101; m++ {
			p := Period{y, time.Month(m)}
			if p.IsZero() {
				continue
			}
			if got, want := p.String(), fmt.Sprintf("%04d-%02d", y, m); got != want {
				t.Errorf("Period{%d, %d}: %q, want %q", y, m, got, want)
			}
		}
	}
}

// TestDateCountsDaysAsPackageTime walks every day from year 0 to 2400 and
// holds the day number Date keeps to package time's calendar: the same
// day, month and year back, the same string, the same order, AddDays as
// AddDate counts, and NewDate normalising out-of-range months and days
// as time.Date does.
func TestDateCountsDaysAsPackageTime(t *testing.T) {
	if !(Date{}).IsZero() || NewDate(1, time.January, 1) != (Date{}) || (Date{}).String() != "0001-01-01" || !(Date{}).Time().IsZero() {
		t.Fatalf("the zero date is not 1 January of year 1 as time's zero is: %v", Date{}.Time())
	}
	prev := NewDate(-1, time.December, 31)
	for day := time.Date(0, time.January, 1, 0, 0, 0, 0, time.UTC); day.Year() <= 2400; day = day.AddDate(0, 0, 1) {
		d := NewDate(day.Year(), day.Month(), day.Day())
		if got := d.Time(); !got.Equal(day) {
			t.Fatalf("NewDate(%v).Time() = %v", day, got)
		}
		if d.AddDays(-1) != prev || !prev.Before(d) || !d.After(prev) || prev.AddDays(1) != d {
			t.Fatalf("%v does not follow %v by one day", d, prev)
		}
		if p := d.Period(); p.Year != day.Year() || p.Month != day.Month() || d.dayOfMonth() != day.Day() {
			t.Fatalf("%v: period %v, day %d", day, p, d.dayOfMonth())
		}
		if day.Year() >= 1 && d.String() != day.Format(time.DateOnly) {
			t.Fatalf("%v reads %q", day, d.String())
		}
		prev = d
	}
	for _, c := range []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2026, 13, 1, "2027-01-01"}, {2026, 0, 1, "2025-12-01"}, {2026, -13, 1, "2024-11-01"}, {2026, 3, 0, "2026-02-28"},
		{2024, 3, 0, "2024-02-29"}, {2026, 4, 31, "2026-05-01"}, {2026, 1, -1, "2025-12-30"}, {2026, 2, 400, "2027-03-07"},
		{2026, 25, 0, "2027-12-31"},
	} {
		if got := NewDate(c.y, c.m, c.d).String(); got != c.want || got != time.Date(c.y, c.m, c.d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly) {
			t.Errorf("NewDate(%d, %d, %d) = %s, want %s", c.y, c.m, c.d, got, c.want)
		}
	}
	if got := NewDate(2024, time.February, 29).addDate(1, 0, 0); got != NewDate(2025, time.March, 1) {
		t.Errorf("a year after 29 February 2024 is %v, time.AddDate says 1 March 2025", got)
	}
	if got := DateOf(time.Date(2026, 6, 30, 17, 0, 0, 0, time.UTC)); got != NewDate(2026, time.July, 1) {
		t.Errorf("17:00 UTC on 30 June is %v in Shanghai, want 1 July", got)
	}
}

// A count of days beyond what a Date holds saturates at the far future or
// past instead of wrapping around: a waiting period of two billion days
// ends after every real date, never before.
func TestDateSaturates(t *testing.T) {
	d := NewDate(2026, time.July, 20)
	if far := d.AddDays(math.MaxInt32); !far.After(d) || far != d.AddDays(math.MaxInt64/2) {
		t.Errorf("two billion days on is %v, not after %v", far, d)
	}
	if past := d.AddDays(2 * math.MinInt32); !past.Before(d) || past != d.AddDays(math.MinInt64/2) {
		t.Errorf("four billion days back is %v, not before %v", past, d)
	}
	if far := d.addDate(6_000_000, 0, 0); !far.After(d) {
		t.Errorf("six million years on is %v", far)
	}
	end, start := d.AddDays(math.MaxInt32), d.AddDays(math.MinInt64/2)
	for _, c := range []struct {
		name string
		got  Date
		want Date
	}{
		{"MaxInt64 days on", d.AddDays(math.MaxInt64), end}, {"MinInt64 days back", d.AddDays(math.MinInt64), start},
		{"MaxInt64 years on", d.addDate(math.MaxInt64, 0, 0), end}, {"MinInt64 years back", d.addDate(math.MinInt64, 0, 0), start},
		{"MaxInt64 months on", d.addDate(0, math.MaxInt64, 0), end}, {"MaxInt64 days on by addDate", d.addDate(0, 0, math.MaxInt64), end},
	} {
		if c.got != c.want {
			t.Errorf("%s is %v, want %v", c.name, c.got, c.want)
		}
	}
}

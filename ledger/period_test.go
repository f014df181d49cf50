package ledger

import (
	"fmt"
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

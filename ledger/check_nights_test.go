package ledger

import (
	"strings"
	"testing"
)

func TestNightsOwed(t *testing.T) {
	for _, tc := range []struct {
		name, last, today string
		window            int
		want, skipped     string
	}{
		{"no run finished: yesterday", "", "2025-09-20", 31, "2025-09-19", ""},
		{"yesterday checked: none", "2025-09-19", "2025-09-20", 31, "", ""},
		{"today checked by hand: none", "2025-09-20", "2025-09-20", 31, "", ""},
		{"three missed, oldest first", "2025-09-16", "2025-09-20", 31, "2025-09-17,2025-09-18,2025-09-19", ""},
		{"across a month end", "2025-01-30", "2025-02-02", 31, "2025-01-31,2025-02-01", ""},
		{"as many as the window", "2025-09-16", "2025-09-20", 3, "2025-09-17,2025-09-18,2025-09-19", ""},
		{"one over the window: the oldest skipped", "2025-09-15", "2025-09-20", 3, "2025-09-17,2025-09-18,2025-09-19", "2025-09-16…2025-09-16"},
		{"a year down", "2024-09-20", "2025-09-20", 3, "2025-09-17,2025-09-18,2025-09-19", "2024-09-21…2025-09-16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var last Date
			if tc.last != "" {
				last = mustDate(tc.last)
			}
			owed, from, to := NightsOwed(last, mustDate(tc.today), tc.window)
			var got []string
			for _, d := range owed {
				got = append(got, d.String())
			}
			skipped := ""
			if !from.IsZero() {
				skipped = from.String() + "…" + to.String()
			}
			if s := strings.Join(got, ","); s != tc.want || skipped != tc.skipped {
				t.Fatalf("got %s skipping %q, want %s skipping %q", s, skipped, tc.want, tc.skipped)
			}
		})
	}
}

func TestCheckableNight(t *testing.T) {
	today, start := mustDate("2025-09-20"), mustDate("2025-01-05")
	for _, tc := range []struct {
		asOf  string
		first Date
		want  string
	}{
		{"2025-09-19", start, ""},
		{"2025-09-20", start, ""},
		{"2025-01-05", start, ""},
		{"2025-09-21", start, "after today"},
		{"2025-01-04", start, "as_of 2025-01-04 is before the first project started, on 2025-01-05"},
		{"2024-09-19", mustDate("2020-01-01"), ""},
		{"2025-09-19", Date{}, ""}, // no project yet: nothing to check, nothing refused
	} {
		err := CheckableNight(mustDate(tc.asOf), today, tc.first)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.asOf, err)
			}
			continue
		}
		if ErrorCode(err) != EInvalid || !strings.Contains(ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v, want %q", tc.asOf, err, tc.want)
		}
	}
}

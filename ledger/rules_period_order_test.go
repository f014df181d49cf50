package ledger

import (
	"cmp"
	"testing"
)

// comparePeriods orders periods exactly as their strings did, the zero
// period first.
func TestComparePeriodsOrdersAsTheirStrings(t *testing.T) {
	ps := []Period{{}, {Year: 2025, Month: 12}, {Year: 2026, Month: 1}, {Year: 2026, Month: 2}, {Year: 2026, Month: 10}, {Year: 999, Month: 5}}
	for _, a := range ps {
		for _, b := range ps {
			if got, want := comparePeriods(a, b), cmp.Compare(a.String(), b.String()); got != want {
				t.Errorf("comparePeriods(%q, %q) = %d, the strings compare %d", a, b, got, want)
			}
		}
	}
}

package ledger

import (
	"strings"
	"testing"
)

func TestReissueAmount(t *testing.T) {
	for _, c := range []struct {
		name                  string
		rest, books, inFlight Money
		want                  Money
		conflict              bool
	}{
		{"nothing paid meanwhile", 5000, 5000, 0, 5000, false},
		{"an advance paid all of it", 5000, 0, 0, 0, true},
		{"an advance paid part", 5000, 2000, 0, 2000, false},
		{"another live instruction carries part", 5000, 5000, 3000, 2000, false},
		{"another live instruction carries all", 5000, 5000, 5000, 0, true},
		{"the books owe more (another line)", 5000, 9000, 0, 5000, false},
		{"overpaid books", 5000, -100, 0, 0, true},
	} {
		got, err := ReissueAmount("ins_1", c.rest, c.books, c.inFlight)
		if got != c.want || (err != nil) != c.conflict {
			t.Errorf("%s: %s, %v; want %s, conflict %v", c.name, got, err, c.want, c.conflict)
		}
		if c.conflict && (ErrorCode(err) != EConflict || !strings.Contains(err.Error(), "owed nothing more")) {
			t.Errorf("%s: refusal %v does not say why", c.name, err)
		}
	}
}

func TestFailedStillOwed(t *testing.T) {
	for _, c := range []struct {
		name  string
		rests []Money
		owed  Money
		want  []Money
	}{
		{"still owed in full", []Money{5000}, 5000, []Money{5000}},
		{"paid by an advance", []Money{5000}, 0, []Money{0}},
		{"paid in part", []Money{5000}, 1500, []Money{1500}},
		{"two rests, owed covers the first", []Money{3000, 2000}, 3500, []Money{3000, 500}},
		{"negative owed is nothing", []Money{100}, -5, []Money{0}},
		{"none", nil, 100, []Money{}},
	} {
		got := FailedStillOwed(c.rests, c.owed)
		if len(got) != len(c.want) {
			t.Fatalf("%s: %v, want %v", c.name, got, c.want)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	}
	if StillOwed(100, 300) != 0 || StillOwed(300, 100) != 200 {
		t.Error("StillOwed is owed less in flight, never below zero")
	}
}

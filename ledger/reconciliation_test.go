package ledger

import (
	"reflect"
	"testing"
)

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

func TestReconcileWorkers(t *testing.T) {
	got := ReconcileWorkers([]WorkerFigures{
		{EnrolmentID: "enr_2", EmployerID: "org_b", Name: "B", Owed: 300, Paid: 100, Failed: 200, Ledger: 200},
		{EnrolmentID: "enr_1", EmployerID: "org_a", Name: "A", Owed: 500, Paid: 500, Advanced: 500, Ledger: 0},
		{EnrolmentID: "enr_3", EmployerID: "org_a", Name: "C", Owed: 700, Paid: 0, PartlyPaid: true, Ledger: 600}, // the books disagree
	})
	want := PeriodTally{
		Tally:   Tally{Owed: 1500, Paid: 600, Failed: 200, Unpaid: 900, Advanced: 500},
		TiesOut: false,
		Employers: []EmployerLine{
			{EmployerID: "org_a", Workers: 2, Tally: Tally{Owed: 1200, Paid: 500, Unpaid: 700, Advanced: 500}},
			{EmployerID: "org_b", Workers: 1, Tally: Tally{Owed: 300, Paid: 100, Failed: 200, Unpaid: 200}},
		},
		Workers: []WorkerLine{
			{EnrolmentID: "enr_1", EmployerID: "org_a", Name: "A", Owed: 500, Paid: 500, Advanced: 500, Status: WagesPaid, TiesOut: true},
			{EnrolmentID: "enr_2", EmployerID: "org_b", Name: "B", Owed: 300, Paid: 100, Failed: 200, Unpaid: 200, Status: WagesFailed, Ledger: 200, TiesOut: true},
			{EnrolmentID: "enr_3", EmployerID: "org_a", Name: "C", Owed: 700, Unpaid: 700, Status: WagesPartlyPaid, Ledger: 600, TiesOut: false},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// A failed rest counts only as far as the worker is still owed it: the
	// books less what live instructions carry.
	capped := ReconcileWorkers([]WorkerFigures{
		{EnrolmentID: "enr_1", Owed: 1000, Failed: 1000, Ledger: 1000, InFlight: 700},        // an advance meanwhile carries 700
		{EnrolmentID: "enr_2", Owed: 1000, Paid: 1000, Failed: 1000, Ledger: 0},              // paid otherwise: nothing failed
		{EnrolmentID: "enr_3", Owed: 1000, Paid: 600, Failed: 400, Ledger: 400, InFlight: 0}, // owed in full
	})
	var failed []Money
	var states []WageState
	for _, w := range capped.Workers {
		failed, states = append(failed, w.Failed), append(states, w.Status)
	}
	if !reflect.DeepEqual(failed, []Money{300, 0, 400}) || !reflect.DeepEqual(states, []WageState{WagesFailed, WagesPaid, WagesFailed}) || capped.Failed != 700 {
		t.Errorf("capped: failed %v, states %v, total %s; want [3.00 0.00 4.00], [failed paid failed], 7.00", failed, states, capped.Failed)
	}
	if empty := ReconcileWorkers(nil); !empty.TiesOut || empty.Employers == nil || empty.Workers == nil || len(empty.Workers) != 0 {
		t.Errorf("no workers: %+v, want an empty tally that ties out", empty)
	}
}

func TestPaidBy(t *testing.T) {
	cases := map[ConfirmationStatus]Money{ConfirmPaid: 100, ConfirmReturned: -100, ConfirmFailed: 0, ConfirmPending: 0, ConfirmUncertain: 0, ConfirmUnknown: 0}
	for st, want := range cases {
		if got := PaidBy(st, 100); got != want {
			t.Errorf("%s: %s, want %s", st, got, want)
		}
	}
}

func TestStatement(t *testing.T) {
	jan, feb, mar := Period{2026, 1}, Period{2026, 2}, Period{2026, 3}
	got := Statement(map[Period]Money{feb: 800, jan: 1000}, []WorkerPayment{
		{Period: jan, Status: ConfirmPaid, Amount: 1000},
		{Period: jan, Status: ConfirmReturned, Amount: 1000}, // came back
		{Period: jan, Status: ConfirmPaid, Amount: 1000, Advance: true},
		{Period: feb, Status: ConfirmFailed, Amount: 800},
		{Period: mar, Status: ConfirmPaid, Amount: 50}, // a month with a payment and nothing owed
	})
	want := WorkerAccount{Owed: 1800, Paid: 1050, Unpaid: 750, Periods: []PeriodAccount{
		{Period: jan, Owed: 1000, Paid: 1000, Advanced: 1000},
		{Period: feb, Owed: 800, Unpaid: 800},
		{Period: mar, Paid: 50, Unpaid: -50},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if empty := Statement(nil, nil); empty.Periods == nil || len(empty.Periods) != 0 {
		t.Errorf("no facts: %+v", empty)
	}
}

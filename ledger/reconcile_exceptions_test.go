package ledger

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestPeriodExceptionsOfUnsettledInstructions(t *testing.T) {
	cases := []struct {
		status InstructionStatus
		want   *Exception
	}{
		{InstructionFailed, &Exception{ExceptionFailed, "ins_1", "enr_1", 10000, Msg{Key: "the bank reported the payment failed and it has not been re-issued"}}},
		{InstructionReturned, &Exception{ExceptionReturned, "ins_1", "enr_1", 10000, Msg{Key: "the payment came back (退票) and has not been re-issued"}}},
		{InstructionPartlyFailed, &Exception{ExceptionPartlyFailed, "ins_1", "enr_1", 10000,
			Msg{Key: "paid 50.00 of 150.00; the bank failed or returned the rest, which is owed and has not been re-issued"}}},
		{InstructionPartlyPaid, &Exception{ExceptionPartial, "ins_1", "enr_1", 10000, Msg{Key: "paid 50.00 of 150.00"}}},
		{InstructionPending, nil},
		{InstructionPaid, nil},
		{InstructionReissued, nil},
	}
	for _, c := range cases {
		got := PeriodExceptions(ExceptionFacts{Unsettled: []UnsettledInstruction{{ID: "ins_1", EnrolmentID: "enr_1", Status: c.status, Amount: 15000, Paid: 5000}},
			StillOwed: map[string]Money{"enr_1": 10000}})
		want := []Exception{}
		if c.want != nil {
			want = append(want, *c.want)
		}
		if fmt.Sprint(english(got)) != fmt.Sprint(english(want)) {
			t.Errorf("%s: %+v, want %+v", c.status, english(got), english(want))
		}
	}
}

func TestPeriodExceptionsOrderAndBankFacts(t *testing.T) {
	got := PeriodExceptions(ExceptionFacts{
		Unsettled:          []UnsettledInstruction{{ID: "ins_1", EnrolmentID: "enr_1", Status: InstructionFailed, Amount: 100}},
		Flagged:            []FlaggedPayment{{InstructionID: "ins_2", EnrolmentID: "enr_2", Amount: 200, Flag: "overdrawn", BankRef: "B2"}},
		Unapplied:          []UnappliedFact{{InstructionID: "ins_3", EnrolmentID: "enr_3", Status: ConfirmPending, Amount: 300, BankRef: "B3", Problem: "not final"}},
		WageAccountBalance: -400,
		StillOwed:          map[string]Money{"enr_1": 100},
	})
	want := []Exception{
		{ExceptionFailed, "ins_1", "enr_1", 100, M("the bank reported the payment failed and it has not been re-issued")},
		{ExceptionOverdrawn, "ins_2", "enr_2", 200, M("overdrawn (bank ref B2)")},
		{ExceptionUnmatched, "ins_3", "enr_3", 300, M("the bank reported a pending payment of 3.00 (bank ref B3) and it could not be applied: not final")},
		{Kind: ExceptionOverdrawn, Amount: 400, Detail: M("the wage account's balance in the books is below zero: payments were confirmed that no reported allocation covers")},
	}
	if fmt.Sprint(english(got)) != fmt.Sprint(english(want)) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, bal := range []Money{0, 1} {
		if got := PeriodExceptions(ExceptionFacts{WageAccountBalance: bal}); len(got) != 0 {
			t.Errorf("balance %s: %+v, want none", bal, got)
		}
	}
}

// A failed rest is reported only as far as the worker is still owed it; a
// drawdown's superseded part is not the instruction's to pay; a partly paid
// instruction's rest is still with the bank and is never capped.
func TestPeriodExceptionsOfRestsStillOwed(t *testing.T) {
	const otherwise = " (of its unpaid 100.00 the worker is still owed 40.00: another instruction paid the rest)"
	cases := []struct {
		name string
		ins  UnsettledInstruction
		owed Money
		want Money
		note string // appended to the detail; "-" for no exception
		kind ExceptionKind
	}{
		{name: "superseded part", ins: UnsettledInstruction{Status: InstructionFailed, Amount: 15000, Paid: 0, Superseded: 5000}, owed: 20000, want: 10000,
			kind: ExceptionFailed},
		{name: "failed rest capped by what is still owed", ins: UnsettledInstruction{Status: InstructionReturned, Amount: 10000}, owed: 4000, want: 4000,
			note: otherwise, kind: ExceptionReturned},
		{name: "rest paid otherwise", ins: UnsettledInstruction{Status: InstructionFailed, Amount: 10000}, owed: 0, note: "-"},
		{name: "partly failed, superseded and capped", ins: UnsettledInstruction{Status: InstructionPartlyFailed, Amount: 15000, Paid: 3000, Superseded: 2000},
			owed: 4000, want: 4000, note: otherwise, kind: ExceptionPartlyFailed},
		{name: "partly paid rest not capped", ins: UnsettledInstruction{Status: InstructionPartlyPaid, Amount: 15000, Paid: 5000, Superseded: 1000}, owed: 0,
			want: 9000, kind: ExceptionPartial},
	}
	for _, c := range cases {
		c.ins.ID, c.ins.EnrolmentID = "ins_1", "enr_1"
		got := PeriodExceptions(ExceptionFacts{Unsettled: []UnsettledInstruction{c.ins}, StillOwed: map[string]Money{"enr_1": c.owed}})
		if c.note == "-" {
			if len(got) != 0 {
				t.Errorf("%s: %+v, want none", c.name, got)
			}
			continue
		}
		if len(got) != 1 || got[0].Kind != c.kind || got[0].Amount != c.want || !strings.HasSuffix(got[0].Detail.String(), "re-issued"+c.note) && c.kind != ExceptionPartial {
			t.Errorf("%s: %+v, want %s of %s ending %q", c.name, got, c.kind, c.want, c.note)
		}
		if c.note == "" && strings.Contains(got[0].Detail.String(), "another instruction") {
			t.Errorf("%s: %q says paid otherwise", c.name, got[0].Detail)
		}
	}
}

// What a worker is still owed is shared, in order, among that worker's
// failed rests; other workers' are their own.
func TestPeriodExceptionsShareWhatIsStillOwed(t *testing.T) {
	got := PeriodExceptions(ExceptionFacts{
		Unsettled: []UnsettledInstruction{
			{ID: "ins_1", EnrolmentID: "enr_1", Status: InstructionFailed, Amount: 6000},
			{ID: "ins_2", EnrolmentID: "enr_2", Status: InstructionFailed, Amount: 3000},
			{ID: "ins_3", EnrolmentID: "enr_1", Status: InstructionPartlyPaid, Amount: 5000, Paid: 1000},
			{ID: "ins_4", EnrolmentID: "enr_1", Status: InstructionReturned, Amount: 6000},
			{ID: "ins_5", EnrolmentID: "enr_3", Status: InstructionFailed, Amount: 1000}, // not among the figures: owed nothing
		},
		StillOwed: map[string]Money{"enr_1": 8000, "enr_2": 9000},
	})
	var ids []string
	var amounts []Money
	for _, e := range got {
		ids, amounts = append(ids, e.InstructionID), append(amounts, e.Amount)
	}
	if !reflect.DeepEqual(ids, []string{"ins_1", "ins_2", "ins_3", "ins_4"}) || !reflect.DeepEqual(amounts, []Money{6000, 3000, 4000, 2000}) {
		t.Errorf("got %v %v, want ins_1..ins_4 for 60.00, 30.00, 40.00, 20.00", ids, amounts)
	}
}

// english is each exception with its detail in English, for comparing.
func english(es []Exception) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%s %s %s %s %s", e.Kind, e.InstructionID, e.EnrolmentID, e.Amount, e.Detail.String())
	}
	return out
}

// A subcontractor sees the exceptions of its own workers and the
// project's own; a peer's failed payment is not shown to it (issue 16 #12).
func TestExceptionsSeenBy(t *testing.T) {
	ex := []Exception{
		{Kind: ExceptionFailed, InstructionID: "ins_mine", EnrolmentID: "enr_mine", Amount: 100},
		{Kind: ExceptionFailed, InstructionID: "ins_peer", EnrolmentID: "enr_peer", Amount: 200},
		{Kind: ExceptionUnmatched, InstructionID: "ins_unknown", EnrolmentID: "enr_unknown", Amount: 300},
		{Kind: ExceptionOverdrawn, Amount: 400},
	}
	employerOf := map[string]string{"enr_mine": "org_sub", "enr_peer": "org_peer"}
	cases := []struct {
		viewer string
		want   []string
	}{
		{"", []string{"ins_mine", "ins_peer", "ins_unknown", ""}},
		{"org_sub", []string{"ins_mine", ""}},
		{"org_peer", []string{"ins_peer", ""}},
		{"org_other", []string{""}},
	}
	for _, c := range cases {
		var got []string
		for _, e := range ExceptionsSeenBy(ex, employerOf, c.viewer) {
			got = append(got, e.InstructionID)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("viewer %q: %q, want %q", c.viewer, got, c.want)
		}
	}
}

package ledger

import (
	"reflect"
	"testing"
)

func TestPeriodExceptionsOfUnsettledInstructions(t *testing.T) {
	cases := []struct {
		status InstructionStatus
		want   *Exception
	}{
		{InstructionFailed, &Exception{ExceptionFailed, "ins_1", "enr_1", 10000, "the bank reported the payment failed and it has not been re-issued"}},
		{InstructionReturned, &Exception{ExceptionReturned, "ins_1", "enr_1", 10000, "the payment came back (退票) and has not been re-issued"}},
		{InstructionPartlyFailed, &Exception{ExceptionPartlyFailed, "ins_1", "enr_1", 10000,
			"paid 50.00 of 150.00; the bank failed or returned the rest, which is owed and has not been re-issued"}},
		{InstructionPartlyPaid, &Exception{ExceptionPartial, "ins_1", "enr_1", 10000, "paid 50.00 of 150.00"}},
		{InstructionPending, nil},
		{InstructionPaid, nil},
		{InstructionReissued, nil},
	}
	for _, c := range cases {
		got := PeriodExceptions(ExceptionFacts{Unsettled: []UnsettledInstruction{{ID: "ins_1", EnrolmentID: "enr_1", Status: c.status, Amount: 15000, Paid: 5000}}})
		want := []Exception{}
		if c.want != nil {
			want = append(want, *c.want)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, want %+v", c.status, got, want)
		}
	}
}

func TestPeriodExceptionsOrderAndBankFacts(t *testing.T) {
	got := PeriodExceptions(ExceptionFacts{
		Unsettled:          []UnsettledInstruction{{ID: "ins_1", EnrolmentID: "enr_1", Status: InstructionFailed, Amount: 100}},
		Flagged:            []FlaggedPayment{{InstructionID: "ins_2", EnrolmentID: "enr_2", Amount: 200, Flag: "overdrawn", BankRef: "B2"}},
		Unapplied:          []UnappliedFact{{InstructionID: "ins_3", EnrolmentID: "enr_3", Status: ConfirmPending, Amount: 300, BankRef: "B3", Problem: "not final"}},
		WageAccountBalance: -400,
	})
	want := []Exception{
		{ExceptionFailed, "ins_1", "enr_1", 100, "the bank reported the payment failed and it has not been re-issued"},
		{ExceptionOverdrawn, "ins_2", "enr_2", 200, "overdrawn (bank ref B2)"},
		{ExceptionUnmatched, "ins_3", "enr_3", 300, "the bank reported pending 3.00 (bank ref B3) and it could not be applied: not final"},
		{Kind: ExceptionOverdrawn, Amount: 400, Detail: "the wage account's balance in the books is below zero: payments were confirmed that no reported allocation covers"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, bal := range []Money{0, 1} {
		if got := PeriodExceptions(ExceptionFacts{WageAccountBalance: bal}); len(got) != 0 {
			t.Errorf("balance %s: %+v, want none", bal, got)
		}
	}
}

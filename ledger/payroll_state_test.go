package ledger

import (
	"fmt"
	"testing"
)

// Every payroll status meets every kind of payment: none issued, all paid,
// some with the bank, some failed, and failed with some with the bank.
func TestPayrollPaymentStateOf(t *testing.T) {
	payments := []struct {
		name            string
		n               int
		failed, pending Money
	}{
		{"no instructions", 0, 0, 0},
		{"all paid", 3, 0, 0},
		{"some with the bank", 3, 0, 100},
		{"some failed", 3, 100, 0},
		{"failed and with the bank", 3, 100, 100},
	}
	want := map[PayrollStatus][5]PayrollPaymentState{
		PayrollSubmitted:  {"submitted", "submitted", "submitted", "submitted", "submitted"},
		PayrollApproved:   {"approved", PayrollPaid, PayrollPaying, PayrollPaymentFailed, PayrollPaymentFailed},
		PayrollRejected:   {"rejected", "rejected", "rejected", "rejected", "rejected"},
		PayrollSuperseded: {"superseded", "superseded", "superseded", "superseded", "superseded"},
	}
	for status, w := range want {
		for k, p := range payments {
			if got := PayrollPaymentStateOf(status, p.n, p.failed, p.pending); got != w[k] {
				t.Errorf("%s, %s: %s, want %s", status, p.name, got, w[k])
			}
		}
	}
}

// Payslips come from a submitted or approved payroll only.
func TestCheckPayslipsIssuable(t *testing.T) {
	for _, s := range []PayrollStatus{PayrollSubmitted, PayrollApproved, PayrollRejected, PayrollSuperseded} {
		err := CheckPayslipsIssuable(&Payroll{ID: "pay_1", Status: s})
		want := ""
		if s == PayrollRejected || s == PayrollSuperseded {
			want = fmt.Sprintf("payroll pay_1 was %s: its workers get payslips from the payroll that replaced it", s)
		}
		e, _ := err.(*Error)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", s, err)
		case want != "" && (e == nil || e.Code != EConflict || e.Message != want):
			t.Errorf("%s: %v, want %q", s, err, want)
		}
	}
}

// Where what is left of an instruction stands, for every status: a returned
// instruction's money is owed again like a failed one's, not paid (the
// console showed a payroll with a returned line as paid).
func TestPaymentSumsPlaceEveryStatus(t *testing.T) {
	want := map[InstructionStatus]string{
		InstructionPending: "pending", InstructionPartlyPaid: "pending",
		InstructionFailed: "failed", InstructionPartlyFailed: "failed", InstructionReturned: "failed",
		InstructionPaid: "none", InstructionSuperseded: "none", InstructionReissued: "none",
	}
	if len(want) != len(InstructionStatuses) {
		t.Fatalf("%d statuses placed, %d exist", len(want), len(InstructionStatuses))
	}
	for _, st := range InstructionStatuses {
		var p PaymentSums
		p.Add(st, 2, 300, 700)
		got := "none"
		switch {
		case p.Failed == 700 && p.Pending == 0:
			got = "failed"
		case p.Pending == 700 && p.Failed == 0:
			got = "pending"
		case p.Failed != 0 || p.Pending != 0:
			got = "both"
		}
		if got != want[st] || p.Instructions != 2 || p.Paid != 300 {
			t.Errorf("%s: %+v (%s), want its 7.00 %s", st, p, got, want[st])
		}
	}
	var p PaymentSums
	p.Add(InstructionPaid, 1, 500000, 0)
	p.Add(InstructionReturned, 1, 0, 600000)
	if s := p.State(PayrollApproved); s != PayrollPaymentFailed {
		t.Errorf("a payroll with a returned line is %s, want failed", s)
	}
}

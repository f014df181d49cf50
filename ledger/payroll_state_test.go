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

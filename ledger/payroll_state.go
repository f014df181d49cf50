package ledger

// PayrollPaymentState is where a payroll stands for the people who
// submitted it: its own status, or, once approved with instructions issued,
// how their payment stands.
type PayrollPaymentState string

// The states a payroll shows beyond its own status.
const (
	PayrollPaying        PayrollPaymentState = "paying" // approved, instructions still with the bank
	PayrollPaid          PayrollPaymentState = "paid"   // every instruction paid
	PayrollPaymentFailed PayrollPaymentState = "failed" // an instruction failed and was not re-issued
)

// PayrollPaymentStateOf decides a payroll's state from its status and its
// instructions: how many (n), what of them failed and was not re-issued,
// and what is still with the bank. A failure shows before a payment still
// on its way; a payroll not approved, or approved with no instruction,
// shows its own status.
func PayrollPaymentStateOf(status PayrollStatus, n int, failed, pending Money) PayrollPaymentState {
	switch {
	case status != PayrollApproved || n == 0:
		return PayrollPaymentState(status)
	case failed > 0:
		return PayrollPaymentFailed
	case pending > 0:
		return PayrollPaying
	}
	return PayrollPaid
}

// CheckPayslipsIssuable refuses payslips for the workers of a payroll that
// was rejected or superseded: only a submitted or approved payroll is the
// month's pay, and the payroll that replaced it gives the payslips.
func CheckPayslipsIssuable(pay *Payroll) error {
	if pay.Status != PayrollSubmitted && pay.Status != PayrollApproved {
		return Errorf(EConflict, "payroll %s was %s: its workers get payslips from the payroll that replaced it", pay.ID, pay.Status)
	}
	return nil
}

// PaymentSums are a payroll's instructions summed by where what is left of
// each (its amount less what was paid and superseded) stands: owed again
// (failed, partly failed or returned: a re-issue pays it) or still with the
// bank (pending, partly paid).
type PaymentSums struct {
	Instructions int
	Paid         Money
	Failed       Money // owed again, not with the bank
	Pending      Money // still with the bank
}

// Add counts n instructions of status st that were paid paid and have
// left what is left of them. A returned instruction's money is back in the
// wage account and the line owed again (DOMAIN step 7), as a failed one's.
func (p *PaymentSums) Add(st InstructionStatus, n int, paid, left Money) {
	p.Instructions += n
	p.Paid += paid
	switch {
	case st.Reissuable():
		p.Failed += left
	case st.payable():
		p.Pending += left
	}
}

// State is the payroll's payment state (PayrollPaymentStateOf).
func (p PaymentSums) State(status PayrollStatus) PayrollPaymentState {
	return PayrollPaymentStateOf(status, p.Instructions, p.Failed, p.Pending)
}

package ledger

// WageState is where one worker's wages for one period stand in a
// reconciliation.
type WageState string

// Wage states.
const (
	WagesPaid       WageState = "paid"        // something was owed and all of it is paid
	WagesFailed     WageState = "failed"      // a payment failed and is still owed
	WagesPartlyPaid WageState = "partly_paid" // part is paid
	WagesUnpaid     WageState = "unpaid"      // nothing is paid
)

// WageStateOf decides the state from what was owed, paid and failed;
// partlyPaid says an instruction was paid in part.
func WageStateOf(owed, paid, failed Money, partlyPaid bool) WageState {
	switch {
	case owed > 0 && owed-paid == 0:
		return WagesPaid
	case failed > 0:
		return WagesFailed
	case paid > 0 || partlyPaid:
		return WagesPartlyPaid
	}
	return WagesUnpaid
}

package ledger

import "fmt"

// ExceptionKind names what a reconciliation cannot square.
type ExceptionKind string

// Exception kinds.
const (
	ExceptionFailed       ExceptionKind = "failed_not_reissued"        // the bank failed a payment and it was not re-issued
	ExceptionReturned     ExceptionKind = "returned_not_reissued"      // a payment came back (退票) and was not re-issued
	ExceptionPartlyFailed ExceptionKind = "partly_failed_not_reissued" // part paid, the rest failed or came back
	ExceptionPartial      ExceptionKind = "partial"                    // part paid, the rest still with the bank
	ExceptionOverdrawn    ExceptionKind = "account_overdrawn"          // a payment, or the wage account, overdrew the books
	ExceptionUnmatched    ExceptionKind = "unmatched_confirmation"     // a bank fact that could not be applied
)

// Exception is a fact the reconciliation cannot square.
type Exception struct {
	Kind          ExceptionKind
	InstructionID string
	EnrolmentID   string
	Amount        Money
	Detail        string
}

// UnsettledInstruction is an instruction of the period the bank has not
// settled in full: the statuses in UnsettledStatuses.
type UnsettledInstruction struct {
	ID          string
	EnrolmentID string
	Status      InstructionStatus
	Amount      Money
	Paid        Money
}

// UnsettledStatuses are the instruction statuses a reconciliation reports.
var UnsettledStatuses = []InstructionStatus{InstructionFailed, InstructionPartlyPaid, InstructionPartlyFailed, InstructionReturned}

// FlaggedPayment is a bank confirmation flagged when it was recorded.
type FlaggedPayment struct {
	InstructionID string
	EnrolmentID   string
	Amount        Money
	Flag          string // the flag recorded with the confirmation
	BankRef       string
}

// UnappliedFact is a bank fact about one of the period's instructions that
// could not be applied.
type UnappliedFact struct {
	InstructionID string
	EnrolmentID   string
	Status        ConfirmationStatus
	Amount        Money
	BankRef       string
	Problem       string
}

// ExceptionFacts are what a period's exceptions are decided from.
type ExceptionFacts struct {
	Unsettled          []UnsettledInstruction
	Flagged            []FlaggedPayment
	Unapplied          []UnappliedFact
	WageAccountBalance Money // the wage account's balance in the books today
}

// PeriodExceptions decides a period's exceptions, in this order: unsettled
// instructions, flagged payments, unapplied bank facts, and an overdrawn wage
// account.
func PeriodExceptions(f ExceptionFacts) []Exception {
	out := []Exception{}
	for _, i := range f.Unsettled {
		if e, ok := unsettledException(i); ok {
			out = append(out, e)
		}
	}
	for _, p := range f.Flagged {
		out = append(out, Exception{ExceptionOverdrawn, p.InstructionID, p.EnrolmentID, p.Amount, p.Flag + " (bank ref " + p.BankRef + ")"})
	}
	for _, u := range f.Unapplied {
		out = append(out, Exception{ExceptionUnmatched, u.InstructionID, u.EnrolmentID, u.Amount,
			fmt.Sprintf("the bank reported %s %s (bank ref %s) and it could not be applied: %s", u.Status, u.Amount, u.BankRef, u.Problem)})
	}
	if f.WageAccountBalance < 0 {
		out = append(out, Exception{Kind: ExceptionOverdrawn, Amount: -f.WageAccountBalance,
			Detail: "the wage account's balance in the books is below zero: payments were confirmed that no reported allocation covers"})
	}
	return out
}

// unsettledException decides what an instruction not settled in full
// leaves open; ok is false for a status that leaves nothing open.
func unsettledException(i UnsettledInstruction) (e Exception, ok bool) {
	e = Exception{InstructionID: i.ID, EnrolmentID: i.EnrolmentID, Amount: i.Amount - i.Paid}
	switch i.Status {
	case InstructionFailed:
		e.Kind, e.Detail = ExceptionFailed, "the bank reported the payment failed and it has not been re-issued"
	case InstructionReturned:
		e.Kind, e.Detail = ExceptionReturned, "the payment came back (退票) and has not been re-issued"
	case InstructionPartlyFailed:
		e.Kind, e.Detail = ExceptionPartlyFailed, fmt.Sprintf("paid %s of %s; the bank failed or returned the rest, "+
			"which is owed and has not been re-issued", i.Paid, i.Amount)
	case InstructionPartlyPaid:
		e.Kind, e.Detail = ExceptionPartial, fmt.Sprintf("paid %s of %s", i.Paid, i.Amount)
	default:
		return Exception{}, false
	}
	return e, true
}

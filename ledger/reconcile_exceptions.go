package ledger

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
	ExceptionLater        ExceptionKind = "allocation_received_later"  // paid before its allocation, which came after the month
)

// Exception is a fact the reconciliation cannot square.
type Exception struct {
	Kind          ExceptionKind
	InstructionID string
	EnrolmentID   string
	Amount        Money
	Detail        Msg
}

// UnsettledInstruction is an instruction of the period the bank has not
// settled in full: the statuses in UnsettledStatuses.
type UnsettledInstruction struct {
	ID          string
	EnrolmentID string
	Status      InstructionStatus
	Amount      Money
	Paid        Money
	Superseded  Money // the part a guarantee drawdown took over and pays
}

// rest is what of the instruction is unpaid and still this instruction's to pay.
func (i UnsettledInstruction) rest() Money { return i.Amount - i.Paid - i.Superseded }

// failed says the instruction's rest is no longer with the bank: it failed
// or came back, and is owed only as far as the worker is still owed it.
func (i UnsettledInstruction) failed() bool { return i.Status != InstructionPartlyPaid }

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
	// ReceivedLater is what allocations received after the period's last
	// day brought, and FirstLater the first of their dates.
	ReceivedLater Money
	FirstLater    Date
	// StillOwed is, by enrolment, what each worker is still owed for the
	// period (WorkerFigures.StillOwed); a worker not in it is owed nothing.
	StillOwed map[string]Money
}

// PeriodExceptions decides a period's exceptions, in this order: unsettled
// instructions, flagged payments, unapplied bank facts, and an overdrawn wage
// account. A failed, returned or partly failed instruction is reported for
// what of its rest the worker is still owed, and not at all when another
// instruction, such as an advance or a drawdown, paid the wages meanwhile.
func PeriodExceptions(f ExceptionFacts) []Exception {
	out := []Exception{}
	owed := failedStillOwed(f.Unsettled, f.StillOwed)
	for n, i := range f.Unsettled {
		if e, ok := unsettledException(i, owed[n]); ok {
			out = append(out, e)
		}
	}
	for _, p := range f.Flagged {
		if f.ReceivedLater > 0 && f.WageAccountBalance >= 0 {
			// Overdrawn when it was paid, covered since by an allocation that
			// came after the month: late money, not a hole in the account.
			out = append(out, Exception{ExceptionLater, p.InstructionID, p.EnrolmentID, p.Amount,
				M("paid before its allocation was reported (bank ref %s); allocations received later, from %s (%s), cover it", p.BankRef, f.FirstLater, f.ReceivedLater)})
			continue
		}
		out = append(out, Exception{ExceptionOverdrawn, p.InstructionID, p.EnrolmentID, p.Amount, M("%s (bank ref %s)", p.Flag, p.BankRef)})
	}
	for _, u := range f.Unapplied {
		out = append(out, Exception{ExceptionUnmatched, u.InstructionID, u.EnrolmentID, u.Amount,
			M("the bank reported %s of %s (bank ref %s) and it could not be applied: %s", u.Status.reported(), u.Amount, u.BankRef, StoredText(u.Problem))})
	}
	if f.WageAccountBalance < 0 {
		out = append(out, Exception{Kind: ExceptionOverdrawn, Amount: -f.WageAccountBalance,
			Detail: M("the wage account's balance in the books is below zero: payments were confirmed that no reported allocation covers")})
	}
	return out
}

// failedStillOwed is, for each of ins in order, what of its rest the worker
// is still owed (FailedStillOwed over each worker's failed instructions); a
// partly paid one's rest is with the bank, in flight, and gets nothing here.
func failedStillOwed(ins []UnsettledInstruction, stillOwed map[string]Money) []Money {
	rests, at := map[string][]Money{}, make([]int, len(ins))
	for n, i := range ins {
		if i.failed() {
			at[n] = len(rests[i.EnrolmentID])
			rests[i.EnrolmentID] = append(rests[i.EnrolmentID], i.rest())
		}
	}
	capped := make(map[string][]Money, len(rests))
	for enr, r := range rests {
		capped[enr] = FailedStillOwed(r, stillOwed[enr])
	}
	out := make([]Money, len(ins))
	for n, i := range ins {
		if i.failed() {
			out[n] = capped[i.EnrolmentID][at[n]]
		}
	}
	return out
}

// unsettledException decides what an instruction not settled in full
// leaves open, given what of its rest the worker is still owed (owed, for a
// failed one); ok is false when nothing is left open.
func unsettledException(i UnsettledInstruction, owed Money) (e Exception, ok bool) {
	left := i.rest()
	var note *Msg
	if i.failed() {
		if owed == 0 {
			return Exception{}, false // another instruction paid it: nothing failed is owed
		}
		if owed < left {
			m := PaidOtherwise(left, owed)
			note = &m
		}
		left = owed
	}
	withNote := func(m Msg) Msg {
		if note == nil {
			return m
		}
		return M("%s (%s)", m, *note)
	}
	e = Exception{InstructionID: i.ID, EnrolmentID: i.EnrolmentID, Amount: left}
	switch i.Status {
	case InstructionFailed:
		e.Kind, e.Detail = ExceptionFailed, withNote(M("the bank reported the payment failed and it has not been re-issued"))
	case InstructionReturned:
		e.Kind, e.Detail = ExceptionReturned, withNote(M("the payment came back (退票) and has not been re-issued"))
	case InstructionPartlyFailed:
		e.Kind, e.Detail = ExceptionPartlyFailed, withNote(M("paid %s of %s; the bank failed or returned the rest, which is owed and has not been re-issued", i.Paid, i.Amount))
	case InstructionPartlyPaid:
		e.Kind, e.Detail = ExceptionPartial, M("paid %s of %s", i.Paid, i.Amount)
	default:
		return Exception{}, false
	}
	return e, true
}

// ExceptionsSeenBy keeps the exceptions a caller limited to one employer
// (viewer, a subcontractor) may see, by the same scope as the workers'
// rows: those of its own workers (employerOf maps an enrolment to its
// employer) and those of the project as a whole (no enrolment: the wage
// account, whose balance it sees). A peer's failed payment, its amount and
// its instruction stay with the peer. viewer "" sees every exception.
func ExceptionsSeenBy(ex []Exception, employerOf map[string]string, viewer string) []Exception {
	if viewer == "" {
		return ex
	}
	out := []Exception{}
	for _, e := range ex {
		if e.EnrolmentID == "" || employerOf[e.EnrolmentID] == viewer {
			out = append(out, e)
		}
	}
	return out
}

// reported names what the bank reported, for a sentence in any language.
func (s ConfirmationStatus) reported() Msg {
	switch s {
	case ConfirmPaid:
		return M("a payment")
	case ConfirmFailed:
		return M("a failed payment")
	case ConfirmReturned:
		return M("a returned payment")
	case ConfirmPending:
		return M("a pending payment")
	case ConfirmUncertain:
		return M("an uncertain result")
	}
	return M("a status it does not know")
}

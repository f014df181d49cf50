package ledger

import "strings"

// InstructionStatus is how far a payment instruction has got at the bank.
type InstructionStatus string

// Instruction statuses.
const (
	InstructionPending    InstructionStatus = "pending"     // issued, no result yet
	InstructionPartlyPaid InstructionStatus = "partly_paid" // paid in part, the rest still with the bank
	// InstructionPartlyFailed: paid in part, and the bank failed the rest, or
	// part of a payment made in full came back (退票). The rest is owed and
	// no longer with the bank: it is re-issued as an instruction of its own
	// (REG Art. 31: wages go out through the wage account).
	InstructionPartlyFailed InstructionStatus = "partly_failed"
	InstructionPaid         InstructionStatus = "paid"     // paid in full
	InstructionFailed       InstructionStatus = "failed"   // the bank could not pay it, nothing paid
	InstructionReturned     InstructionStatus = "returned" // 退票: everything paid came back
	InstructionReissued     InstructionStatus = "reissued" // replaced by a new instruction to a corrected card
	// InstructionSuperseded: nothing left for the bank to pay, since a
	// guarantee drawdown pays the rest (instruction_supersede.go).
	InstructionSuperseded InstructionStatus = "superseded"
)

// InstructionStatuses lists every status, in the order a listing names them.
var InstructionStatuses = []InstructionStatus{InstructionPending, InstructionPaid, InstructionPartlyPaid, InstructionPartlyFailed,
	InstructionFailed, InstructionReturned, InstructionReissued, InstructionSuperseded}

// InstructionStatusList names every status as the wire spells it, for a
// message: "pending, paid, … or superseded" (或 in Chinese).
func InstructionStatusList() Msg {
	words := make([]string, len(InstructionStatuses))
	for i, s := range InstructionStatuses {
		words[i] = string(s)
	}
	return M("%s or %s", strings.Join(words[:len(words)-1], ", "), words[len(words)-1])
}

// Known reports whether s is one of the instruction statuses.
func (s InstructionStatus) Known() bool {
	for _, k := range InstructionStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// payable reports whether a payment, or a failure, still applies to an
// instruction in this status.
func (s InstructionStatus) payable() bool {
	switch s {
	case InstructionPending, InstructionPartlyPaid, InstructionPartlyFailed, InstructionFailed, InstructionReturned:
		return true
	}
	return false
}

// Reissuable reports whether an instruction in this status may be re-issued
// to the worker's corrected card, for what is left unpaid of it: only one
// whose unpaid rest is no longer with the bank, because the bank failed or
// returned it (failed, returned, partly_failed).
func (s InstructionStatus) Reissuable() bool {
	return s == InstructionFailed || s == InstructionReturned || s == InstructionPartlyFailed
}

// paidSome reports whether an instruction in this status has money paid
// that could come back.
func (s InstructionStatus) paidSome() bool {
	return s == InstructionPaid || s == InstructionPartlyPaid || s == InstructionPartlyFailed || s == InstructionSuperseded
}

// ConfirmationStatus is what a bank reports of an instruction.
type ConfirmationStatus string

// Confirmation statuses a bank reports for an instruction.
const (
	ConfirmPaid     ConfirmationStatus = "paid"
	ConfirmFailed   ConfirmationStatus = "failed"
	ConfirmReturned ConfirmationStatus = "returned" // 退票: a paid wage came back from the receiving bank
)

// Statuses of a bank's result file row that are not a result: the row is a
// fact the bank reported (kept as an unmatched confirmation, with the
// bank's own code), but nothing the books can apply. Only a row read by a
// bank's status table carries one (ConfirmationItem.BankCode).
const (
	ConfirmPending   ConfirmationStatus = "pending"   // the bank has not finished with the payment
	ConfirmUncertain ConfirmationStatus = "uncertain" // the bank itself does not know the result (CMB WRF 可疑)
	ConfirmUnknown   ConfirmationStatus = "unknown"   // a code the sending bank's table does not hold
)

// Final reports whether the status is a result the books can take: paid,
// failed or returned.
func (s ConfirmationStatus) Final() bool {
	return s == ConfirmPaid || s == ConfirmFailed || s == ConfirmReturned
}

// notFinal is the field error of a row of this status, which is not final:
// its code says which (pending, uncertain, unknown), its message what to do.
func (s ConfirmationStatus) notFinal(code string) *FieldError {
	switch s {
	case ConfirmPending:
		return refuse(RefusePending, "status", "status %q says the bank has not finished this payment: kept unmatched, nothing applied; the row with its final result applies when it comes", code)
	case ConfirmUncertain:
		return refuse(RefuseUncertain, "status", "status %q says the bank does not know this payment's result: kept unmatched, nothing applied; ask the bank and send the row with its final result", code)
	}
	return refuse(RefuseUnknown, "status", "status %q is not a code of the sending bank's table: kept unmatched, nothing applied; name the bank with bank_code, or use paid (成功), failed (失败) or returned (退票)", code)
}

// MovesMoney reports whether a confirmation of this status posts an entry
// (a failure keeps the wage owed and moves nothing).
func (s ConfirmationStatus) MovesMoney() bool { return s == ConfirmPaid || s == ConfirmReturned }

// Refusals of a well-formed bank fact. (A malformed one is refused with the
// field errors of its check instead.)
const (
	RefuseNotFound           Refusal = "not_found"           // no such instruction on a wage account at this bank
	RefusePayeeMismatch      Refusal = "payee_mismatch"      // paid to another account than the instruction's card
	RefuseConflict           Refusal = "conflict"            // the bank reference is on record with other content
	RefuseExceedsInstruction Refusal = "exceeds_instruction" // pays more than is left, or pays a settled instruction
	RefuseNotPaid            Refusal = "not_paid"            // returns money that was never paid
	RefuseNotPayable         Refusal = "not_payable"         // fails an instruction that is settled
	// RefuseNotFinal: a result file row whose status is no result (pending,
	// uncertain, or not in the bank's table); its field error names which,
	// with RefusePending, RefuseUncertain or RefuseUnknown.
	RefuseNotFinal  Refusal = "not_final"
	RefusePending   Refusal = "pending"   // the bank has not finished the row's payment
	RefuseUncertain Refusal = "uncertain" // the bank does not know the row's result
	// RefuseSuperseded: pays a part of the instruction that a guarantee
	// drawdown pays instead (instruction_supersede.go).
	RefuseSuperseded Refusal = "superseded"
)

// KeptUnmatched reports whether a bank fact refused for r is kept as an
// unmatched confirmation: every refusal of a well-formed fact is, since the
// bank says something happened that the books cannot take as it is, and a
// bank fact is never thrown away. That includes a result file row whose
// status is pending, uncertain or not in the bank's table (RefuseNotFinal).
func (r Refusal) KeptUnmatched() bool {
	switch r {
	case RefuseNotFound, RefusePayeeMismatch, RefuseConflict, RefuseExceedsInstruction, RefuseNotPaid, RefuseNotPayable, RefuseNotFinal, RefuseSuperseded:
		return true
	}
	return false
}

// InstructionState is how far an instruction of Amount has been paid.
type InstructionState struct {
	Amount Money
	Paid   Money
	Status InstructionStatus
	// Superseded is the part of a wage-account instruction that a guarantee
	// drawdown pays instead: the bank may no longer pay it.
	Superseded Money
	// Returned is what came back (退票) of the instruction's payments, all
	// told. Money that came back is no longer with the bank: once the bank
	// has paid all it held (Paid + Returned reaches Amount), the rest is
	// owed and re-issuable (partly failed), not still on its way.
	Returned Money
}

// stored is the part of the state an instruction's row keeps: Returned is
// read from its confirmations, so a change of it alone is no change to write.
func (st InstructionState) stored() InstructionState {
	st.Returned = 0
	return st
}

// heldNothing reports whether the bank, having paid next.Paid of a
// partly paid instruction, holds nothing more of it: the rest came back.
func (next InstructionState) heldNothing() bool {
	return next.Returned > 0 && next.Paid+next.Returned >= next.Amount-next.Superseded
}

// Payable is what the bank may still pay of the instruction.
func (st InstructionState) Payable() Money { return st.Amount - st.Superseded - st.Paid }

// ApplyConfirmation is the instruction state machine: the state an
// instruction moves to when the bank reports fact about it, or why the fact
// cannot apply (the refusal, with the state returned unchanged).
//
//   - paid: a payment of a pending, partly paid, partly failed, failed or
//     returned instruction, up to what is left of it; below that it is
//     partly paid, unless what is unpaid all came back (Returned): then
//     the bank holds nothing more and it is partly failed, re-issuable.
//   - returned (退票): money paid comes back, at most what was paid; once
//     nothing is left paid, the instruction is returned. With some left
//     paid it is partly failed, the rest owed and re-issuable, unless the
//     rest was still with the bank (partly paid), where it stays.
//   - failed: the bank could not pay what is left; with nothing paid the
//     instruction is failed, else partly failed: the rest is owed and
//     re-issuable.
//
// A re-issued or fully paid instruction takes no payment and no failure; a
// payment of the part a drawdown supersedes is refused as superseded
// (instruction_supersede.go).
// fact is assumed checked (ConfirmationItem.Check).
func ApplyConfirmation(st InstructionState, fact *ConfirmationItem) (InstructionState, *FieldError) {
	next := st
	switch fact.Status {
	case ConfirmPaid:
		if why := refuseSuperseded(st, fact); why != nil {
			return st, why
		}
		if !st.Status.payable() || fact.Amount > st.Payable() {
			return st, refuse(RefuseExceedsInstruction, "instruction_id", "paying %s would take instruction %s (%s, %s already paid) above its amount, or it is %s", fact.Amount, fact.InstructionID, st.Amount, st.Paid, st.Status.Label())
		}
		next.Paid += fact.Amount
		next.Status = InstructionPartlyPaid
		switch {
		case next.Payable() == 0:
			next.Status = settledStatus(next)
		case next.heldNothing():
			next.Status = InstructionPartlyFailed // paid what the bank held; what came back is owed
		}
	case ConfirmReturned:
		if !st.Status.paidSome() || st.Paid < fact.Amount {
			return st, refuse(RefuseNotPaid, "instruction_id", "instruction %s has not been paid %s that could come back", fact.InstructionID, fact.Amount)
		}
		next.Paid -= fact.Amount
		next.Returned += fact.Amount
		next.Status = InstructionPartlyFailed
		if st.Status == InstructionPartlyPaid {
			next.Status = InstructionPartlyPaid // the rest is still with the bank
		}
		if next.Paid == 0 && st.Status != InstructionPartlyPaid {
			// All that was paid came back and the bank holds nothing more:
			// the whole is owed again, re-issuable. From partly paid the
			// bank still holds the rest, so it stays partly paid: returned
			// would be re-issued whole while the bank may still pay the
			// rest, paying that part twice.
			next.Status = InstructionReturned
		}
	case ConfirmFailed:
		if !st.Status.payable() {
			return st, refuse(RefuseNotPayable, "instruction_id", "instruction %s is %s: a failure no longer applies", fact.InstructionID, st.Status.Label())
		}
		next.Status = InstructionFailed
		if st.Paid > 0 {
			next.Status = InstructionPartlyFailed
		}
	default:
		// Check refuses any other status before a fact gets here.
		panic("ledger: ApplyConfirmation of an unchecked status " + string(fact.Status))
	}
	return next, nil
}

// refuse is why a bank fact is refused, on the field at fault.
func refuse(r Refusal, field, format string, args ...any) *FieldError {
	e := r.Atf(0, field, format, args...)
	return &e
}

package ledger

// A guarantee drawdown (guarantee_drawdown.go) pays named workers arrears
// that the wage account's own instructions were issued to pay. Were both
// left payable, the wage account's bank could pay a wage the guarantee
// pays too: the worker paid twice, wages_payable below zero. So the
// drawdown, in the transaction that issues its instructions, supersedes the
// covered part of the wage account's instructions for the same worker and
// period. A later payment of that part is refused and kept as an unmatched
// confirmation (the bank's fact is never dropped; the record shows the
// double payment for the inspector to recover).
//
// Deciding at issue, not at the drawdown's confirmation, settles both
// orders of the two banks' confirmations:
//
//   - the wage account's bank confirmed before the drawdown: the wage is no
//     longer owed, so the drawdown cannot name it (not_owed) — nothing is
//     superseded and the drawdown cannot over-settle;
//   - the wage account's bank confirms after the drawdown was issued
//     (before or after the drawdown's own confirmation): refused as
//     superseded, kept unmatched; wages_payable moves only once.
//
// The superseded part stays superseded if the drawdown's instruction later
// fails: that wage is paid by re-issuing the drawdown's instruction, or by
// a new drawdown, never by the wage account's instruction again. A
// re-issue of a failed or returned wage instruction pays only what is
// neither paid nor superseded.

// Supersede plans the changes a drawdown's lines make to the wage
// account's instructions of the project (wage, as read, in issue order):
// each line supersedes, oldest instruction first, what is still payable of
// the instructions for its worker and period, up to the line's amount. An
// instruction left with nothing payable becomes superseded; one with
// something left keeps its status and pays only the rest. A drawdown's own
// instructions, and those not payable, are left alone.
func Supersede(wage []*PaymentInstruction, lines []DrawdownLine) []InstructionChange {
	type key struct {
		enrolment string
		period    Period
	}
	byKey := map[key][]int{}
	next := make([]InstructionState, len(wage))
	for i, in := range wage {
		next[i] = in.InstructionState
		if in.PaidFrom.Kind == "" && in.Status.payable() && in.Payable() > 0 {
			k := key{in.EnrolmentID, in.Period}
			byKey[k] = append(byKey[k], i)
		}
	}
	for _, l := range lines {
		left := l.Amount
		for _, i := range byKey[key{l.EnrolmentID, l.Period}] {
			take := min(left, next[i].Payable())
			if take <= 0 {
				continue
			}
			next[i].Superseded += take
			left -= take
			if next[i].Payable() == 0 {
				next[i].Status = InstructionSuperseded
			}
		}
	}
	var out []InstructionChange
	for i, in := range wage {
		if next[i] != in.InstructionState {
			out = append(out, InstructionChange{ProjectID: in.ProjectID, ID: in.ID, From: in.InstructionState, To: next[i]})
		}
	}
	return out
}

// settledStatus is the status of an instruction with nothing left payable:
// paid in full, or superseded when a drawdown pays part of it.
func settledStatus(st InstructionState) InstructionStatus {
	if st.Superseded > 0 {
		return InstructionSuperseded
	}
	return InstructionPaid
}

// refuseSuperseded refuses a payment that fits the instruction's amount but
// not what is left once a drawdown's part is taken out: the drawdown pays
// that part, and the bank paid it again.
func refuseSuperseded(st InstructionState, fact *ConfirmationItem) *FieldError {
	if st.Superseded == 0 || st.Status == InstructionReissued || fact.Amount <= st.Payable() || st.Paid+fact.Amount > st.Amount {
		return nil
	}
	return refuse(RefuseSuperseded, "instruction_id", "instruction %s: ¥%s of it is paid by a guarantee drawdown instead, ¥%s is left to pay: this payment of ¥%s would pay that worker twice", fact.InstructionID, st.Superseded, st.Payable(), fact.Amount)
}

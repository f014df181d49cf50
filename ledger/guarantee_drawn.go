package ledger

// What a drawdown takes from a guarantee's cover (issue 13 follow-up).
//
// A drawdown's instructions are paid by the guarantee's issuer. What they
// take from the cover is what they have paid, plus, while the issuer may
// still pay them (pending, or partly paid: the rest still with it), the
// rest of them. A failed or returned one takes nothing, and a partly failed
// one only what it paid: the money never left the guarantee (cash), or
// the issuer paid nothing under its letter or policy, so that amount counts
// towards the cover again at once, not only once it is re-issued. The
// arrears it was to pay become drawable again (they are no longer in
// flight) and the inspector draws again, against the cover as it then
// stands; the failed instruction itself is therefore not re-issued
// (CanReissue), which would pay those arrears a second time.
// A partly paid instruction counts whole: the issuer may still pay the
// rest, and counting it short could let a second drawdown overdraw the cover.

// DrawnOf is what a guarantee's drawdown instructions, in their current
// states (re-issued ones included, with what they paid), take from its cover.
func DrawnOf(states []InstructionState) Money {
	var drawn Money
	for _, st := range states {
		switch st.Status {
		case InstructionPending, InstructionPartlyPaid:
			drawn += st.Amount
		default:
			drawn += st.Paid
		}
	}
	return drawn
}

// CanReissue reports whether an instruction may be re-issued to the
// worker's corrected card: a wage-account instruction the bank failed or
// returned, never a drawdown's — a failed or returned one is back in the
// guarantee's cover and its arrears are drawn again by the inspector.
func CanReissue(st InstructionStatus, byDrawdown bool) bool { return st.Reissuable() && !byDrawdown }

package ledger

// CheckReissue decides whether instruction id, in state st, may be
// re-issued to the worker's corrected card, and for what unpaid rest of it
// (its Payable: what the bank may no longer pay of it, before ReissueAmount
// caps it at what the worker is still owed). A drawdown's instruction never
// is, whatever its status (CanReissue): the inspector draws again. A
// wage-account instruction is only once its unpaid rest is no longer with
// the bank: failed, returned or partly failed (Reissuable).
func CheckReissue(id string, st InstructionState, byDrawdown bool) (Money, error) {
	if byDrawdown {
		return 0, Errorf(EConflict, "instruction %s is a guarantee drawdown's: a failed one is back in the guarantee's cover, and the inspector draws again", id)
	}
	if !CanReissue(st.Status, false) {
		return 0, Errorf(EConflict, "instruction %s is %s: only a failed, returned or partly failed one is re-issued", id, st.Status.Label())
	}
	return st.Payable(), nil
}

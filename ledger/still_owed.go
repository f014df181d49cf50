package ledger

import (
	"strings"
)

// What a worker is still owed for a period decides both whether a failed
// payment may be re-issued and whether reconciliation calls it failed: the
// wages may meanwhile have been paid by another instruction (the general
// contractor's advance, a guarantee drawdown), and a failed rest that nobody
// owes any more must be neither paid again nor reported as owed.

// StillOwed is what the books still owe a worker for a period
// (wages_payable/<enrolment> for the period) less what live instructions
// (pending, or the unpaid rest of partly paid ones) already carry to the
// bank; never below zero.
func StillOwed(owedOnBooks, inFlight Money) Money { return max(owedOnBooks-inFlight, 0) }

// ReissueAmount decides what a re-issue of instruction id, whose unpaid rest
// is rest, pays: the rest, capped at what the worker is still owed for the
// period (owedOnBooks less inFlight, what other live instructions carry).
// With nothing owed it is a conflict that says why: the wages were paid by
// another instruction.
func ReissueAmount(id string, rest, owedOnBooks, inFlight Money) (Money, error) {
	owed := StillOwed(owedOnBooks, inFlight)
	if owed == 0 {
		return 0, Errorf(EConflict, "instruction %s is not re-issued: the worker is owed nothing more for its period "+
			"(the books owe %s and other instructions still with the bank carry %s): another payment, such as an advance or a drawdown, paid the wages",
			id, max(owedOnBooks, 0), inFlight)
	}
	return min(rest, owed), nil
}

// FailedStillOwed caps the unpaid rests of one worker's failed, returned
// or partly failed instructions for a period, in the order given, at what
// the worker is still owed (StillOwed): rests[i] becomes what of it is still
// owed, 0 when another instruction paid it. The sum never exceeds owed.
func FailedStillOwed(rests []Money, owed Money) []Money {
	out := make([]Money, len(rests))
	left := max(owed, 0)
	for i, r := range rests {
		out[i] = min(r, left)
		left -= out[i]
	}
	return out
}

// PaidOtherwise says, for a message, that a failed rest was paid by another instruction.
func PaidOtherwise(rest, owed Money) Msg {
	return M("of its unpaid %s the worker is still owed %s: another instruction paid the rest", rest, owed)
}

// nameMismatchWords are what banks write for a payee name that does not
// match the card's holder (户名不符, 姓名不符, account name mismatch).
var nameMismatchWords = []string{"户名", "姓名", "名称不符", "name"}

// ReissueWarnings are what to look at when instruction id is re-issued to
// card, the very card its payment failed on for reasons: after a name
// mismatch it will fail again unless the name or the card is corrected
// first; after anything else the clerk should be sure the card is right.
func ReissueWarnings(id, card string, reasons []string) []Msg {
	for _, r := range reasons {
		lower := strings.ToLower(r)
		for _, w := range nameMismatchWords {
			if strings.Contains(lower, w) {
				return []Msg{M("instruction %s was returned for a name mismatch (%s) and is re-issued to the same card %s: it will fail again unless the worker's registered name is the card holder's, or the worker's own card is registered first", id, r, card)}
			}
		}
	}
	return []Msg{M("instruction %s is re-issued to the same card %s its payment failed on (%s): if the card was the problem, register the worker's new card first and re-issue then", id, card, strings.Join(reasons, "; "))}
}

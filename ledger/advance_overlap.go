package ledger

import (
	"strings"
)

// RefuseAdvanced refuses a payroll line whose worker's wages for the period
// the general contractor has already paid first, as new work (先行清偿).
const RefuseAdvanced Refusal = "already_advanced"

// AdvancedLine is a line of a payroll being approved whose worker an
// approved advance of the same period already paid for new work.
type AdvancedLine struct {
	LineNo    int
	AdvanceID string // the advance payroll that paid the worker first
	Advanced  Money  // what it paid the worker for new work
}

// CheckNotAdvanced decides whether a regular or supplementary payroll may
// be approved given its lines whose workers an advance already paid for
// new work of the period. The general contractor that paid first is owed
// that money by the subcontractor (the advances account), not the worker
// again: the subcontractor's line for the same work would pay the worker
// twice, so the payroll is refused, each such line naming the advance
// that paid it. Which part of the line the advance covered the books
// cannot tell, so the line is refused rather than reduced: the
// subcontractor submits the payroll without what the advance paid.
func CheckNotAdvanced(lines []AdvancedLine) error {
	if len(lines) == 0 {
		return nil
	}
	var ids []string
	var fields []FieldError
	for _, l := range lines {
		fields = append(fields, RefuseAdvanced.Atf(l.LineNo, "net_pay", "line %d: advance %s already paid this worker %s for new work of the period: submit the payroll without the line, or without what the advance paid", l.LineNo, l.AdvanceID, l.Advanced))
		ids = append(ids, l.AdvanceID)
	}
	return NewError(EConflict, M("the general contractor has already paid some of these workers first (先行清偿) for the period: "+
		"the subcontractor owes that to the general contractor, and the worker is not paid it again (advance %s)", strings.Join(dedupe(ids), ", ")), fields...)
}

// dedupe is ids without repeats, in order.
func dedupe(ids []string) []string {
	seen, out := map[string]bool{}, ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

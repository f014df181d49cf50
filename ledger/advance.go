package ledger

// RefuseAdvanceTooMuch refuses an advance line paying more than the worker
// is still owed.
const RefuseAdvanceTooMuch Refusal = "advance_exceeds_owed"

// AdvanceOf says what one line of an advance payroll pays.
type AdvanceOf string

// What advance lines pay; lines of other payrolls pay AdvanceNone.
const (
	AdvanceNone AdvanceOf = ""
	// AdvanceOwed pays wages an approved payroll already owes the worker:
	// the books owe them already, so only the advance is posted.
	AdvanceOwed AdvanceOf = "owed"
	// AdvanceNewWork pays work no approved payroll of the period covers: it
	// is posted as owed by the subcontractor first, as any approved line.
	AdvanceNewWork AdvanceOf = "new_work"
)

// CheckAdvance decides whether callerOrg may submit an advance payroll for
// employer on p: only the general contractor pays first (REG Art. 30), and
// only for one of its subcontractors. limited is whether the caller acts for
// its own organisation only (a contractor's key, not an administrator's).
func CheckAdvance(p *Project, limited bool, callerOrg, employer string) error {
	if limited && callerOrg != p.GeneralContractorID {
		return Errorf(EForbidden, "only the project's general contractor pays a subcontractor's workers first (先行清偿)")
	}
	for _, s := range p.SubcontractorIDs {
		if s == employer {
			return nil
		}
	}
	return &Error{Code: EInvalid, Message: "payroll is not valid", Fields: []FieldError{RefuseNotOnProject.Atf(0, "employer_id",
		"an advance pays a defaulting subcontractor's workers: employer_id names a subcontractor on this project, not %s", clip(employer))}}
}

// PayerOf is who pays a payroll of kind for employer on p: the employer,
// or the general contractor for an advance.
func PayerOf(p *Project, kind PayrollKind, employer string) string {
	if kind == PayrollAdvance {
		return p.GeneralContractorID
	}
	return employer
}

// Outstanding is what the books say of one worker's wages for one period
// when an advance would pay them.
type Outstanding struct {
	Approved bool  // an approved line (not itself an advance of owed wages) owes the worker wages of the period
	Owed     Money // what the books still owe the worker for the period
	InFlight Money // what live instructions still carry to the bank: pending ones, and partly paid ones' unpaid rest
}

// Unpaid is what an advance may pay: owed, and not already on its way.
func (o Outstanding) Unpaid() Money { return max(o.Owed-o.InFlight, 0) }

// AdvanceLine decides what an advance line paying net on row pays: the
// approved wages still unpaid, never more, or, when no approved line owes
// the worker anything for the period, new work.
func AdvanceLine(row int, net Money, o Outstanding) (AdvanceOf, *FieldError) {
	if !o.Approved {
		return AdvanceNewWork, nil
	}
	if net > o.Unpaid() {
		return AdvanceOwed, ref(RefuseAdvanceTooMuch.Atf(row, "net_pay", "the worker's approved wages of the period still unpaid, and not on their way to the bank, are %s: an advance pays at most that, not %s", o.Unpaid(), net))
	}
	return AdvanceOwed, nil
}

// CheckAdvanceStands decides, when an advance is approved, whether its line
// lineNo still pays what it paid when submitted (was): wages approved and
// still unpaid, no more, or new work no approved payroll covers.
func CheckAdvanceStands(lineNo int, net Money, was AdvanceOf, o Outstanding) error {
	now, f := AdvanceLine(lineNo, net, o)
	switch {
	case f != nil:
		return Errorf(EConflict, "line %d of the advance: %s (the wages were approved, paid or sent to the bank since it was submitted): submit a new advance", lineNo, f.Message)
	case now != was:
		return Errorf(EConflict, "line %d of the advance paid work no payroll covered, and a payroll approved since covers it: submit a new advance", lineNo)
	}
	return nil
}

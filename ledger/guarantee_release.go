package ledger

// Release (DOMAIN.md "Wage-guarantee size": 项目完工 + 无拖欠 + 30 days of
// public notice): a guarantee is returned only when the project is
// completed, the policy's waiting days since completion have passed, and
// nothing is owed to any worker. Cash held goes back out of the books.

// ReleaseBlock names a fact that stops a release.
type ReleaseBlock string

const (
	BlockReleased     ReleaseBlock = "already_released"
	BlockNotCompleted ReleaseBlock = "not_completed"
	BlockWaiting      ReleaseBlock = "waiting_period"
	BlockWagesOwed    ReleaseBlock = "wages_owed"
)

// OwedWages is what one worker is still owed for one period.
type OwedWages struct {
	EnrolmentID string
	Name        string
	EmployerID  string // the worker's employer on the project
	Period      Period
	Amount      Money
}

// ReleaseFacts is what deciding a release reads from the records.
type ReleaseFacts struct {
	Project     *Project
	Today       Date
	WaitingDays int         // the policy's days of public notice after completion
	Owed        []OwedWages // every worker and period with wages unpaid
	CashHeld    Money       // the balance of guarantee/<id>, for cash
}

// ReleasePlan is what a release does.
type ReleasePlan struct {
	On         Date
	ReturnCash Money // moved guarantee/<id> → guarantee_funding; 0 for an instrument
}

// DecideRelease returns the release of g, or a conflict listing every fact
// that blocks it: not completed, still in its waiting days, and each worker
// owed, with the amount and the period.
func DecideRelease(g *WageGuarantee, f ReleaseFacts) (ReleasePlan, error) {
	var blocks []FieldError
	block := func(field string, code ReleaseBlock, format string, args ...any) {
		blocks = append(blocks, FieldErrorf(0, field, string(code), format, args...))
	}
	p := f.Project
	switch {
	case g.ReleasedOn != nil:
		block("guarantee", BlockReleased, "guarantee %s was already released on %s", g.Reference, g.ReleasedOn)
	case p.CompletedOn == nil:
		block("project.completed_on", BlockNotCompleted, "project %s is not completed: a guarantee is returned after completion", p.Code)
	case f.Today.Before(p.CompletedOn.AddDays(f.WaitingDays)):
		block("project.completed_on", BlockWaiting, "project %s was completed on %s: the %d {day|days} of public notice end on %s",
			p.Code, p.CompletedOn, f.WaitingDays, p.CompletedOn.AddDays(f.WaitingDays))
	}
	var total Money
	for _, o := range f.Owed {
		total += o.Amount
		block("enrolments."+o.EnrolmentID+"."+o.Period.String(), BlockWagesOwed, "%s (%s) is owed ¥%s for %s", o.Name, o.EnrolmentID, o.Amount, o.Period)
	}
	if len(blocks) > 0 {
		msg := M("guarantee %s cannot be released", g.Reference)
		if len(f.Owed) > 0 {
			msg = M("guarantee %s cannot be released: ¥%s of wages are owed to workers", g.Reference, total)
		}
		return ReleasePlan{}, NewError(EConflict, msg, blocks...)
	}
	plan := ReleasePlan{On: f.Today}
	if g.Form == FormCash {
		plan.ReturnCash = f.CashHeld
	}
	return plan, nil
}

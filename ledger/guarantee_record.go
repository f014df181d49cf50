package ledger

// What the books know of a general contractor's record when its guarantee is
// sized: whether it owes wages past their pay day now, on any project.

// OwedPeriod is one worker's wages still owed on a project for a period,
// with the project's pay rule.
type OwedPeriod struct {
	ProjectID string
	PayRule   PayRule
	Period    Period
	Amount    Money
}

// AnyOverdue reports whether any of owed is past its pay day on date: the
// pay day (moved to the working day before a rest day) is before it.
func (c *Calendar) AnyOverdue(owed []OwedPeriod, on Date) bool {
	for _, o := range owed {
		if o.Amount > 0 && c.PayDay(o.Period, o.PayRule).Before(on) {
			return true
		}
	}
	return false
}

package ledger

import (
	"cmp"
	"slices"
)

// The rules about the project's money: the owner's allocations, the wage
// account and the contractor's guarantees.

// nextAllocationDue is when the allocation after one made on d is due under
// the project's labour-cost cycle (AllocationDueBy): one calendar month later
// by default, so a 31-day month is not late.
func (c *check) nextAllocationDue(d Date) Date {
	return AllocationDueBy(c.f.Project.LabourCostCycle, d)
}

// missedCycles counts the allocation due dates after from that passed
// before on.
func (c *check) missedCycles(from, on Date) int {
	n := 0
	for due := c.nextAllocationDue(from); due.Before(on) && n < 1000; due = c.nextAllocationDue(due) {
		n++
	}
	return n
}

func (c *check) allocationOverdue() []Finding {
	p := c.f.Project
	if !p.ActiveOn(c.asOf) {
		return nil
	}
	var received []AllocationFact
	for _, a := range c.f.Allocations {
		if !a.ReceivedOn.After(c.asOf) {
			received = append(received, a)
		}
	}
	slices.SortFunc(received, func(a, b AllocationFact) int {
		return cmp.Or(a.cycleDate().Time().Compare(b.cycleDate().Time()), cmp.Compare(a.ID, b.ID))
	})
	last, cumulative := p.StartedOn, 0
	for _, a := range received {
		cumulative += c.missedCycles(last, a.cycleDate())
		last = later(last, a.cycleDate())
	}
	current := c.missedCycles(last, c.asOf)
	if current == 0 {
		return nil
	}
	cumulative += current
	severity := SeverityHigh
	if current >= c.params.AllocationConsecutiveCritical || cumulative >= c.params.AllocationCumulativeCritical {
		severity = SeverityCritical
	}
	ev := evidenceSet{}
	if len(received) > 0 {
		ev.add(EvidenceAllocation, received[len(received)-1].ID)
	}
	return []Finding{{Rule: RuleAllocationOverdue, Subject: Subject{SubjectProject, p.ID}, Severity: severity, Evidence: ev.list(),
		Reason: M("no labour-cost allocation since %s: %d {cycle|cycles} missed in a row, %d over the project",
			last, current, cumulative)}}
}

// wageAccountBalance is what the wage account held at the end of the as-of
// date: allocations received less wages paid, plus wages returned. Wages a
// guarantee drawdown paid did not leave the wage account.
func (c *check) wageAccountBalance() Money {
	var b Money
	for _, a := range c.f.Allocations {
		if !a.ReceivedOn.After(c.asOf) {
			b += a.Amount
		}
	}
	for _, p := range c.f.Payments {
		if p.SettledOn.After(c.asOf) || p.FromGuarantee {
			continue
		}
		switch p.Status {
		case ConfirmPaid:
			b -= p.Amount
		case ConfirmReturned:
			b += p.Amount
		}
	}
	return b
}

// fundsIdle names only the periods whose unpaid wages the balance covers:
// their payrolls are the evidence and their wages (at most the balance) the
// amount at risk, so that paying them closes the alert (payrollsPaid) and a
// period the account never covered does not keep it open or inflate it.
func (c *check) fundsIdle() []Finding {
	byPeriod := map[Period]Money{}
	for i := range c.owed {
		l := &c.owed[i]
		if l.unpaid() > 0 && c.overdue(l.Period) {
			byPeriod[l.Period] += l.unpaid()
		}
	}
	balance := c.wageAccountBalance()
	workers := map[string]bool{}
	ev := evidenceSet{}
	var total Money
	for i := range c.owed {
		l := &c.owed[i]
		if owed, ok := byPeriod[l.Period]; !ok || l.unpaid() == 0 || balance < owed {
			continue
		}
		total += l.unpaid()
		workers[c.worker(l.EnrolmentID)] = true
		ev.add(EvidencePayroll, l.PayrollID)
	}
	if total == 0 {
		return nil
	}
	return []Finding{{Rule: RuleFundsIdle, Subject: Subject{SubjectProject, c.f.Project.ID}, Severity: SeverityCritical,
		AmountAtRisk: min(balance, total), Headcount: len(workers), Evidence: ev.list(),
		Reason: M("the wage account holds %s while %s of wages past their pay day are unpaid", balance, total)}}
}

// lodged reports whether any guarantee was lodged by the as-of date.
func (c *check) lodged() bool {
	for _, g := range c.guarantees.Held {
		if !g.Released && !g.ValidFrom.After(c.asOf) {
			return true
		}
	}
	return false
}

func (c *check) guaranteeMissing() []Finding {
	p, gf := c.f.Project, c.guarantees
	due := c.cal.AddWorkingDays(p.StartedOn, c.params.GuaranteeDueWorkingDays)
	if !gf.Known || !p.ActiveOn(c.asOf) || gf.Exempt || c.lodged() || !c.asOf.After(due) {
		return nil
	}
	return []Finding{{Rule: RuleGuaranteeMissing, Subject: Subject{SubjectProject, p.ID}, Severity: SeverityHigh,
		AmountAtRisk: gf.Required,
		Reason: c.cal.Explain(p.StartedOn, due).Noted(M("no wage guarantee was lodged by %s, %d working {day|days} after the start on %s, and no exemption applies",
			due, c.params.GuaranteeDueWorkingDays, p.StartedOn))}}
}

func (c *check) guaranteeShort() []Finding {
	gf := c.guarantees
	held := gf.heldOn(c.asOf)
	if !gf.Known || !c.f.Project.ActiveOn(c.asOf) || gf.Exempt || gf.Required <= 0 || !c.lodged() || held >= gf.Required {
		return nil
	}
	ev := evidenceSet{}
	for _, g := range gf.Held {
		if g.validOn(c.asOf) {
			ev.add(EvidenceGuarantee, g.ID)
		}
	}
	return []Finding{{Rule: RuleGuaranteeShort, Subject: Subject{SubjectProject, c.f.Project.ID}, Severity: SeverityMedium,
		AmountAtRisk: gf.Required - held, Evidence: ev.list(),
		Reason: M("guarantees held %s are below the required %s", held, gf.Required)}}
}

func (c *check) guaranteeExpiring() []Finding {
	if !c.guarantees.Known || !c.f.Project.ActiveOn(c.asOf) {
		return nil
	}
	var out []Finding
	for _, g := range c.guarantees.Held {
		if !g.Letter || g.Released || g.ValidUntil.IsZero() || g.ValidFrom.After(c.asOf) {
			continue
		}
		f := Finding{Rule: RuleGuaranteeExpiring, Subject: Subject{SubjectGuarantee, g.ID}, AmountAtRisk: g.Amount,
			Evidence: []Evidence{{EvidenceGuarantee, g.ID}}}
		switch {
		case g.ValidUntil.Before(c.asOf) && !c.replaced(g):
			f.Severity, f.Reason = SeverityCritical, M("the bank letter expired on %s and nothing replaces it", g.ValidUntil)
		case !g.ValidUntil.Before(c.asOf) && !g.ValidUntil.After(c.asOf.AddDays(c.params.GuaranteeExpiryWarningDays)):
			f.Severity, f.Reason = SeverityHigh, M("the bank letter expires on %s, within %d {day|days}", g.ValidUntil, c.params.GuaranteeExpiryWarningDays)
		default:
			continue
		}
		out = append(out, f)
	}
	return out
}

// replaced reports whether another guarantee counts on the as-of date in
// place of g.
func (c *check) replaced(g GuaranteeFact) bool {
	for _, o := range c.guarantees.Held {
		if o.ID != g.ID && o.validOn(c.asOf) {
			return true
		}
	}
	return false
}

// topupOverdue is one finding per project (DOMAIN.md: "the guarantee
// rules per project or guarantee"; the order to top up goes to the
// project's general contractor): every guarantee held that a drawdown left
// short past its top-up deadline, their shortfalls summed.
func (c *check) topupOverdue() []Finding {
	if !c.guarantees.Known {
		return nil
	}
	ev := evidenceSet{}
	var short Money
	var first GuaranteeMovement
	var firstDue Date
	for _, g := range c.guarantees.Held {
		if !g.validOn(c.asOf) {
			continue // no longer held: its alert waits for an inspector (toppedUp)
		}
		since, held := g.shortSince(c.asOf)
		if since.ID == "" {
			continue
		}
		due := since.TopUpBy
		if due.IsZero() {
			due = c.cal.AddWorkingDays(since.On, c.params.TopUpWorkingDays)
		}
		if !c.asOf.After(due) {
			continue
		}
		short += g.Amount - held
		ev.add(EvidenceDrawdown, since.ID)
		ev.add(EvidenceGuarantee, g.ID)
		if firstDue.IsZero() || due.Before(firstDue) {
			first, firstDue = since, due
		}
	}
	if short == 0 {
		return nil
	}
	return []Finding{{Rule: RuleTopupOverdue, Subject: Subject{SubjectProject, c.f.Project.ID}, Severity: SeverityHigh,
		AmountAtRisk: short, Evidence: ev.list(),
		Reason: c.cal.Explain(first.On, firstDue).Noted(M("drawdowns left the project's guarantees %s short; the first, on %s, was due to be topped up by %s",
			short, first.On, firstDue))}}
}

// shortSince is the drawdown since which g has been below its lodged amount
// as of on (zero when it is not short: a top-up that restores it clears
// it), with what g holds then.
func (g GuaranteeFact) shortSince(on Date) (GuaranteeMovement, Money) {
	moves := slices.Clone(g.Movements)
	slices.SortFunc(moves, func(a, b GuaranteeMovement) int {
		return cmp.Or(a.On.Time().Compare(b.On.Time()), cmp.Compare(a.ID, b.ID))
	})
	var since GuaranteeMovement
	held := g.Amount
	for _, m := range moves {
		if m.On.After(on) {
			break
		}
		held += m.Amount
		if held < g.Amount && m.Amount < 0 && since.ID == "" {
			since = m
		} else if held >= g.Amount {
			since = GuaranteeMovement{}
		}
	}
	return since, held
}

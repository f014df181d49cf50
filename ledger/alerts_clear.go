package ledger

import (
	"slices"
	"strings"
)

// Clearances is how the check explains that an alert no finding names
// tonight has cleared, from the same facts as of the same date. An arrears
// alert about money owed clears only when every payroll line behind it is
// confirmed paid by the bank (its reason names the confirmations); one about
// missing paperwork or funding clears when the record that was missing
// exists (the wages it covers are then watched by wages_unpaid). A
// compliance alert clears when its condition is no longer found.
func Clearances(f *CheckFacts, p *Policy, cal *Calendar) Clearance {
	return newCheck(f, p, cal).clearance()
}

func (c *check) clearance() Clearance {
	return func(a *Alert) (Msg, bool) {
		if a.Stream() == StreamCompliance {
			return M("no longer found as of %s", c.asOf), true
		}
		switch a.Key.Rule {
		case RuleWagesUnpaid, RulePartialPayment, RulePaymentFailed, RuleExitUnsettled:
			return c.linesPaid(a)
		case RuleFundsIdle:
			return M("as of %s the wage account no longer holds the unpaid wages of a period past its pay day", c.asOf), true
		case RulePayrollMissing:
			return c.payrollArrived(a), true
		case RuleAttendedNotPaid:
			return M("every worker who attended in %s is on an approved payroll by %s", a.Key.Period, c.asOf), true
		case RuleAllocationOverdue:
			return c.allocated()
		case RuleTopupOverdue:
			return c.toppedUp(a), true
		}
		return Msg{}, false
	}
}

// linesPaid clears an alert when every payroll line in its evidence is
// confirmed paid in full, naming the confirmations that paid them.
func (c *check) linesPaid(a *Alert) (Msg, bool) {
	if c.byRef == nil {
		c.byRef = make(map[string]*lineState, len(c.owed))
		for i := range c.owed {
			c.byRef[c.owed[i].ref()] = &c.owed[i]
		}
	}
	var paidBy []string
	lines := 0
	for _, e := range a.Evidence {
		if e.Kind != EvidencePayrollLine {
			continue
		}
		lines++
		l := c.byRef[e.Ref]
		if l == nil || l.unpaid() > 0 {
			return Msg{}, false
		}
		for _, p := range l.Payments {
			if p.Status == ConfirmPaid {
				paidBy = append(paidBy, p.ConfirmationID)
			}
		}
	}
	if lines == 0 {
		return Msg{}, false
	}
	slices.Sort(paidBy)
	return M("paid in full, confirmed by the bank as of %s: %s", c.asOf, strings.Join(slices.Compact(paidBy), ", ")), true
}

// payrollArrived says why payroll_missing cleared: the employer's payroll
// for the period exists now, or no attendance remains recorded for it (the
// days were corrected away).
func (c *check) payrollArrived(a *Alert) Msg {
	s, _ := ParseSubject(a.Key.Subject)
	p, _ := ParsePeriod(a.Key.Period)
	if c.livePayroll(s.ID, p) {
		return M("a payroll for %s was submitted by %s", a.Key.Period, c.asOf)
	}
	return M("as of %s no attendance remains recorded for %s", c.asOf, a.Key.Period)
}

// allocated clears allocation_overdue when an allocation was received in the
// current cycle, naming it.
func (c *check) allocated() (Msg, bool) {
	if len(c.allocationOverdue()) > 0 {
		return Msg{}, false
	}
	var last AllocationFact
	for _, a := range c.f.Allocations {
		if !a.ReceivedOn.After(c.asOf) && !a.ReceivedOn.Before(last.ReceivedOn) {
			last = a
		}
	}
	if last.ID == "" {
		return M("the project is no longer active"), true
	}
	return M("allocation %s of %s received on %s", last.ID, last.Amount, last.ReceivedOn), true
}

// toppedUp says why topup_overdue cleared: the top-ups lodged since the
// drawdown that restored the guarantee, or that it is no longer held
// (expired, released) and so owes no top-up.
func (c *check) toppedUp(a *Alert) Msg {
	s, _ := ParseSubject(a.Key.Subject)
	for _, g := range c.guarantees.Held {
		if g.ID != s.ID {
			continue
		}
		if !g.validOn(c.asOf) {
			return M("as of %s the guarantee is no longer held (expired or released)", c.asOf)
		}
		var ups []GuaranteeMovement
		for _, m := range g.Movements {
			if m.Amount > 0 && !m.On.After(c.asOf) {
				ups = append(ups, m)
			}
		}
		if len(ups) > 0 {
			slices.SortFunc(ups, func(a, b GuaranteeMovement) int { return strings.Compare(a.ID, b.ID) })
			list := M("%s of %s on %s", ups[0].ID, ups[0].Amount, ups[0].On)
			for _, m := range ups[1:] {
				list = M("%s, %s", list, M("%s of %s on %s", m.ID, m.Amount, m.On))
			}
			return M("topped up by %s", list)
		}
	}
	return M("as of %s no drawdown leaves the guarantee short", c.asOf)
}

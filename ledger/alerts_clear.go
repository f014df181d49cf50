package ledger

import (
	"fmt"
	"slices"
	"strings"
)

// Clearances is how the check explains that an alert no finding names
// tonight has cleared, from the same facts as of the same date. An arrears
// alert closes only on its cure (DOMAIN.md: "only a bank-confirmed payment
// … or an inspector's decision with a written reason closes an arrears
// alert; silence never does"): one about money owed, or about workers who
// attended (payroll_missing, attended_not_paid), when the bank has confirmed
// every worker behind it paid in full for the period, naming the
// confirmations; funds_idle when the wages it saw held back are paid in
// full; allocation_overdue when an allocation is received, naming
// it; topup_overdue when the guarantees are topped up, naming the top-ups.
// A condition that merely stops being found (attendance corrected away, a
// guarantee that expired) leaves the alert to an inspector. A compliance
// alert clears when its condition is no longer found.
func Clearances(f *CheckFacts, p *Policy, cal *Calendar) Clearance {
	return newCheck(f, p, cal).clearance()
}

func (c *check) clearance() Clearance {
	return func(a *Alert) (string, bool) {
		if a.Stream() == StreamCompliance {
			return fmt.Sprintf("no longer found as of %s", c.asOf), true
		}
		switch a.Key.Rule {
		case RuleWagesUnpaid, RulePartialPayment, RulePaymentFailed, RuleExitUnsettled, RulePayrollMissing, RuleAttendedNotPaid:
			return c.evidencePaid(a)
		case RuleFundsIdle:
			return c.payrollsPaid(a)
		case RuleAllocationOverdue:
			return c.allocated()
		case RuleTopupOverdue:
			return c.toppedUp(a)
		}
		return "", false
	}
}

// evidencePaid clears an alert when the bank has confirmed paid in full
// every payroll line in its evidence and, for every worker and month of
// attendance in it ("<enrolment>@<period>"), the lines of approved payrolls
// for that month (a worker on no line, or owed a fen, keeps it open), naming
// the confirmations that paid them.
func (c *check) evidencePaid(a *Alert) (string, bool) {
	if c.byRef == nil {
		c.byRef = make(map[string]*lineState, len(c.owed))
		for i := range c.owed {
			c.byRef[c.owed[i].ref()] = &c.owed[i]
		}
	}
	var paidBy []string
	behind := 0
	paid := func(lines ...*lineState) bool {
		for _, l := range lines {
			if l == nil || l.unpaid() > 0 {
				return false
			}
			for _, p := range l.Payments {
				if p.Status == ConfirmPaid {
					paidBy = append(paidBy, p.ConfirmationID)
				}
			}
		}
		behind++
		return len(lines) > 0
	}
	for _, e := range a.Evidence {
		switch e.Kind {
		case EvidencePayrollLine:
			if !paid(c.byRef[e.Ref]) {
				return "", false
			}
		case EvidenceAttendance:
			enrolment, period, _ := strings.Cut(e.Ref, "@")
			if !paid(c.lined[[2]string{enrolment, period}]...) {
				return "", false
			}
		}
	}
	if behind == 0 {
		return "", false
	}
	slices.Sort(paidBy)
	return fmt.Sprintf("paid in full, confirmed by the bank as of %s: %s", c.asOf, strings.Join(slices.Compact(paidBy), ", ")), true
}

// payrollsPaid clears funds_idle when every line of the payrolls it names
// is confirmed paid in full: the money it saw idle went to the workers. A
// balance that fell below the wages some other way leaves it open.
func (c *check) payrollsPaid(a *Alert) (string, bool) {
	named := map[string]bool{}
	for _, e := range a.Evidence {
		if e.Kind == EvidencePayroll {
			named[e.Ref] = true
		}
	}
	var paidBy []string
	lines := 0
	for i := range c.owed {
		l := &c.owed[i]
		if !named[l.PayrollID] {
			continue
		}
		if l.unpaid() > 0 {
			return "", false
		}
		lines++
		for _, p := range l.Payments {
			if p.Status == ConfirmPaid {
				paidBy = append(paidBy, p.ConfirmationID)
			}
		}
	}
	if lines == 0 {
		return "", false
	}
	slices.Sort(paidBy)
	return fmt.Sprintf("the wages it held back are paid in full, confirmed by the bank as of %s: %s", c.asOf,
		strings.Join(slices.Compact(paidBy), ", ")), true
}

// allocated clears allocation_overdue when an allocation was received in the
// current cycle, naming it.
func (c *check) allocated() (string, bool) {
	if len(c.allocationOverdue()) > 0 {
		return "", false
	}
	var last AllocationFact
	for _, a := range c.f.Allocations {
		if !a.ReceivedOn.After(c.asOf) && !a.ReceivedOn.Before(last.ReceivedOn) {
			last = a
		}
	}
	if last.ID == "" {
		return "the project is no longer active", true
	}
	return "allocation " + last.ID + " of " + last.Amount.String() + " received on " + last.ReceivedOn.String(), true
}

// toppedUp clears topup_overdue when every guarantee it names is held
// again at its lodged amount, naming the top-ups lodged by the as-of date.
// A guarantee no longer held (expired, released) was not topped up: the
// alert waits for an inspector's decision.
func (c *check) toppedUp(a *Alert) (string, bool) {
	held := map[string]GuaranteeFact{}
	for _, g := range c.guarantees.Held {
		held[g.ID] = g
	}
	var ups []string
	named := 0
	for _, e := range a.Evidence {
		if e.Kind != EvidenceGuarantee {
			continue
		}
		named++
		g, ok := held[e.Ref]
		if !ok || !g.validOn(c.asOf) {
			return "", false
		}
		if since, _ := g.shortSince(c.asOf); since.ID != "" {
			return "", false
		}
		for _, m := range g.Movements {
			if m.Amount > 0 && !m.On.After(c.asOf) {
				ups = append(ups, fmt.Sprintf("%s of %s on %s", m.ID, m.Amount, m.On))
			}
		}
	}
	if named == 0 || len(ups) == 0 {
		return "", false
	}
	slices.Sort(ups)
	return fmt.Sprintf("topped up to the lodged amount as of %s: %s", c.asOf, strings.Join(ups, ", ")), true
}

package ledger

import (
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
	return Clearance{Cleared: c.cleared(), Undone: c.returned}
}

func (c *check) cleared() func(a *Alert) (Msg, bool) {
	return func(a *Alert) (Msg, bool) {
		if daysWorkedFinding(a.Key) {
			return Msg{}, false // an inspector decides (daysWorkedFinding)
		}
		if a.Key.Rule == RuleComplaintOpen {
			return c.complaintClosed(a), true
		}
		if a.Stream() == StreamCompliance {
			return M("no longer found as of %s", c.asOf), true
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
		return Msg{}, false
	}
}

// daysWorkedFinding reports whether key is a month's days worked without
// work-injury insurance or a valid certificate (rules_safety_days.go). The
// check never closes one by itself: a policy or certificate recorded after
// the days were found that covers them (a policy voided and recorded again
// backdated, a review recorded with an earlier date) may be the truth or
// may be paper made to clear the record, so the alert stays open for an
// inspector, who resolves it with a written reason.
func daysWorkedFinding(k AlertKey) bool {
	switch k.Rule {
	case RuleInjuryInsuranceMissing, RuleCertificateMissing, RuleCertificateExpired:
		return k.Period != ""
	}
	return false
}

// evidencePaid clears an alert when the bank has confirmed paid in full
// every payroll line in its evidence and, for every worker and month of
// attendance in it ("<enrolment>@<period>"), the lines of approved payrolls
// for that month (a worker on no line, or owed a fen, keeps it open), naming
// the confirmations that paid them. Each line, and each worker-month, needs
// a payment the bank confirmed paid: a line with nothing to pay (net zero)
// pays no one, so it is no cure; an inspector closes such an alert with a
// written reason.
func (c *check) evidencePaid(a *Alert) (Msg, bool) {
	groups, ok := c.behind(a)
	if !ok {
		return Msg{}, false
	}
	var paidBy []string
	for _, lines := range groups {
		confirmed := false
		for _, l := range lines {
			if l.unpaid() > 0 {
				return Msg{}, false
			}
			for _, p := range l.Payments {
				if p.Status == ConfirmPaid && p.Amount > 0 {
					paidBy, confirmed = append(paidBy, p.ConfirmationID), true
				}
			}
		}
		if !confirmed {
			return Msg{}, false
		}
	}
	slices.Sort(paidBy)
	return M("paid in full, confirmed by the bank as of %s: %s", c.asOf, strings.Join(slices.Compact(paidBy), ", ")), true
}

// behind are the payroll lines behind an alert that a payment cures, one
// group per line in its evidence and per worker-month of attendance in it
// (the approved lines of that worker for that month); ok is false when a
// line it names is unknown, or a worker-month has no line, or it names
// none.
func (c *check) behind(a *Alert) (groups [][]*lineState, ok bool) {
	if c.byRef == nil {
		c.byRef = make(map[string]*lineState, len(c.owed))
		for i := range c.owed {
			c.byRef[c.owed[i].ref()] = &c.owed[i]
		}
	}
	for _, e := range a.Evidence {
		var lines []*lineState
		switch e.Kind {
		case EvidencePayrollLine:
			if l := c.byRef[e.Ref]; l != nil {
				lines = []*lineState{l}
			}
		case EvidenceAttendance:
			enrolment, period, _ := strings.Cut(e.Ref, "@")
			if p, err := ParsePeriod(period); err == nil && p.String() == period {
				lines = c.lined(enrolment, p)
			}
		default:
			continue
		}
		if len(lines) == 0 {
			return nil, false
		}
		groups = append(groups, lines)
	}
	return groups, len(groups) > 0
}

// returned says why an alert the check closed on a payment is owed again:
// its cure no longer holds because a line behind it is owed after a return
// (退票) settled since the line was last paid, by the as-of date, naming
// the returns. Any other change (a new line for the month, a return paid
// again) is for the rules to find.
func (c *check) returned(a *Alert) (Msg, bool) {
	switch a.Key.Rule {
	case RuleWagesUnpaid, RulePartialPayment, RulePaymentFailed, RuleExitUnsettled, RulePayrollMissing, RuleAttendedNotPaid:
	default:
		return Msg{}, false
	}
	if a.ResolvedBy != ResolvedByCheck {
		return Msg{}, false
	}
	if _, still := c.evidencePaid(a); still {
		return Msg{}, false
	}
	groups, _ := c.behind(a)
	var back []string
	for _, lines := range groups {
		for _, l := range lines {
			if l.unpaid() == 0 {
				continue
			}
			// A return since the line was last paid is why it is owed.
			for _, p := range l.Payments {
				if p.Status == ConfirmReturned && !p.SettledOn.Before(l.LastPaid) {
					back = append(back, p.ConfirmationID)
				}
			}
		}
	}
	if len(back) == 0 {
		return Msg{}, false
	}
	slices.Sort(back)
	return M("payment returned: %s", strings.Join(slices.Compact(back), ", ")), true
}

// payrollsPaid clears funds_idle when every line of the payrolls it names
// is confirmed paid in full: the money it saw idle went to the workers. A
// balance that fell below the wages some other way leaves it open.
func (c *check) payrollsPaid(a *Alert) (Msg, bool) {
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
			return Msg{}, false
		}
		lines++
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
	return M("the wages it held back are paid in full, confirmed by the bank as of %s: %s", c.asOf,
		strings.Join(slices.Compact(paidBy), ", ")), true
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

// toppedUp clears topup_overdue when every guarantee it names is held
// again at its lodged amount, naming the top-ups lodged by the as-of date.
// A guarantee no longer held (expired, released) was not topped up: the
// alert waits for an inspector's decision.
func (c *check) toppedUp(a *Alert) (Msg, bool) {
	held := map[string]GuaranteeFact{}
	for _, g := range c.guarantees.Held {
		held[g.ID] = g
	}
	var ups []GuaranteeMovement
	named := 0
	for _, e := range a.Evidence {
		if e.Kind != EvidenceGuarantee {
			continue
		}
		named++
		g, ok := held[e.Ref]
		if !ok || !g.validOn(c.asOf) {
			return Msg{}, false
		}
		if since, _ := g.shortSince(c.asOf); since.ID != "" {
			return Msg{}, false
		}
		for _, m := range g.Movements {
			if m.Amount > 0 && !m.On.After(c.asOf) {
				ups = append(ups, m)
			}
		}
	}
	if named == 0 || len(ups) == 0 {
		return Msg{}, false
	}
	slices.SortFunc(ups, func(a, b GuaranteeMovement) int { return strings.Compare(a.ID, b.ID) })
	list := M("%s of %s on %s", ups[0].ID, ups[0].Amount, ups[0].On)
	for _, m := range ups[1:] {
		list = M("%s, %s", list, M("%s of %s on %s", m.ID, m.Amount, m.On))
	}
	return M("topped up to the lodged amount as of %s: %s", c.asOf, list), true
}

package ledger

import (
	"cmp"
	"slices"
)

// The rules whose subject is one enrolment, one card, or one employer's
// standing arrears.

func (c *check) paidNotAttended() []Finding {
	var out []Finding
	for k, lines := range c.linedMonths() {
		enrolmentID, period := k.enrolment, k.period
		if !period.Last().Before(c.asOf) {
			continue // the month is not over: its attendance may still come
		}
		e, enrolled := c.enrolments[enrolmentID]
		_, attended := c.attendedIn(enrolmentID, period)
		if attended && enrolled && e.onProjectIn(period) {
			continue
		}
		ev := evidenceSet{}
		var amount Money
		for _, l := range lines {
			amount += l.Net
			ev.add(EvidencePayrollLine, l.ref())
			ev.add(EvidenceEntry, l.EntryID)
		}
		ev.add(EvidenceEnrolment, enrolmentID)
		why := M("has no attendance")
		if !enrolled || !e.onProjectIn(period) {
			why = M("was not enrolled on the project")
		}
		out = append(out, Finding{Rule: RulePaidNotAttended, Subject: Subject{SubjectEnrolment, enrolmentID}, Period: period,
			Severity: SeverityMedium, AmountAtRisk: amount, Headcount: 1, Evidence: ev.list(),
			Reason: M("an approved payroll pays this worker for %s, when the worker %s in %s", period, why, period)})
	}
	return out
}

func (c *check) sharedBankCard() []Finding {
	// The cards of the enrolments on the project as of the date, sorted by
	// card and worker: a card held once, nearly every card, costs no set of
	// its own (a map of workers per card was half of the rule's time).
	type holding struct{ card, worker, enrolment string }
	var held []holding
	for _, e := range c.f.Enrolments {
		if e.CardIndex == "" || e.EnteredOn.After(c.asOf) || (!e.ExitedOn.IsZero() && e.ExitedOn.Before(c.asOf)) {
			continue
		}
		if held == nil {
			held = make([]holding, 0, len(c.f.Enrolments))
		}
		held = append(held, holding{e.CardIndex, c.worker(e.ID), e.ID})
	}
	slices.SortFunc(held, func(a, b holding) int { return cmp.Or(cmp.Compare(a.card, b.card), cmp.Compare(a.worker, b.worker)) })
	var out []Finding
	for i, j := 0, 0; i < len(held); i = j {
		workers := 1
		for j = i + 1; j < len(held) && held[j].card == held[i].card; j++ {
			if held[j].worker != held[j-1].worker {
				workers++
			}
		}
		if workers < 2 {
			continue
		}
		ev := evidenceSet{}
		for _, h := range held[i:j] {
			ev.add(EvidenceEnrolment, h.enrolment)
		}
		out = append(out, Finding{Rule: RuleSharedBankCard, Subject: Subject{SubjectCard, cardRef(held[i].card)}, Severity: SeverityMedium,
			Headcount: workers, Evidence: ev.list(),
			Reason: M("one bank card is registered for %d {worker|workers} of the project", workers)})
	}
	return out
}

// cardRef names a card in an alert's subject: the first 16 characters of
// its blind index, stable for the card and enough to tell a project's cards
// apart, without handing out the whole keyed hash.
func cardRef(index string) string { return index[:min(16, len(index))] }

func (c *check) exitUnsettled() []Finding {
	var out []Finding
	for _, e := range c.f.Enrolments {
		if e.ExitedOn.IsZero() || !c.asOf.After(e.ExitedOn.AddDays(c.params.ExitSettlementDays)) {
			continue
		}
		ev := evidenceSet{}
		var unpaid Money
		unlined := 0
		for _, a := range c.attendanceOf[e.ID] {
			if c.lined(e.ID, a.Period) == nil {
				unlined++
				ev.add(EvidenceAttendance, a.ref())
			}
		}
		for _, l := range c.byEnrolment[e.ID] {
			if l.unpaid() > 0 {
				unpaid += l.unpaid()
				l.evidence(ev)
			}
		}
		if unpaid == 0 && unlined == 0 {
			continue
		}
		ev.add(EvidenceEnrolment, e.ID)
		out = append(out, Finding{Rule: RuleExitUnsettled, Subject: Subject{SubjectEnrolment, e.ID}, Severity: SeverityHigh,
			AmountAtRisk: unpaid, Headcount: 1, Evidence: ev.list(),
			Reason: M("the worker left on %s; %d {day|days} later %s is unpaid and %d {month|months} worked are on no approved payroll",
				e.ExitedOn, c.params.ExitSettlementDays, unpaid, unlined)})
	}
	return out
}

func (c *check) belowMinimumWage(p *Policy) []Finding {
	var out []Finding
	// The minimum wage is looked up once a month, and first: where the
	// policy sets none (most of a province's nights, the default policy
	// sets none anywhere) nothing else of a worker's month is looked at.
	type wageIn struct {
		wage  MinimumWage
		known bool
	}
	wages := map[Period]wageIn{}
	for k, lines := range c.linedMonths() {
		enrolmentID, period := k.enrolment, k.period
		w, looked := wages[period]
		if !looked {
			w.wage, w.known = p.MinimumWageFor(c.f.Project.RegionCode, period.Last())
			wages[period] = w
		}
		if !w.known {
			continue
		}
		wage := w.wage
		e, ok := c.enrolments[enrolmentID]
		a, _ := c.attendedIn(enrolmentID, period)
		if !ok || !period.Last().Before(c.asOf) || !e.wholeMonth(period) || a.Days*100 < c.fullMonth(period) {
			continue
		}
		var gross Money
		for _, l := range lines {
			gross += l.Gross
		}
		if gross >= wage.Monthly {
			continue
		}
		ev := evidenceSet{} // only for a finding: most lines pay enough
		for _, l := range lines {
			ev.add(EvidencePayrollLine, l.ref())
		}
		ev.add(EvidenceAttendance, a.ref())
		out = append(out, Finding{Rule: RuleBelowMinimumWage, Subject: Subject{SubjectEnrolment, enrolmentID}, Period: period,
			Severity: SeverityMedium, AmountAtRisk: wage.Monthly - gross, Headcount: 1, Evidence: ev.list(),
			Reason: M("a full month (%d {day|days}) in %s paid %s gross, below the monthly minimum wage %s (%s)",
				a.Days, period, gross, wage.Monthly, wage.Source)})
	}
	return out
}

// arrearsOf is one employer's overdue unpaid wages per worker: the amount
// and the periods owed.
type arrearsOf struct {
	amount  Money
	periods map[Period]bool
}

func (c *check) blacklistCandidate() []Finding {
	lapsed := map[string][]PayOrderFact{}
	for _, o := range c.f.Orders {
		if o.Deadline.Before(c.asOf) {
			lapsed[o.EmployerID] = append(lapsed[o.EmployerID], o)
		}
	}
	var out []Finding
	for employer, orders := range lapsed {
		owed := map[string]*arrearsOf{}
		ev := evidenceSet{}
		var total Money
		for i := range c.owed {
			l := &c.owed[i]
			if l.EmployerID != employer || l.unpaid() <= 0 || !c.overdue(l.Period) {
				continue
			}
			w := c.worker(l.EnrolmentID)
			if owed[w] == nil {
				owed[w] = &arrearsOf{periods: map[Period]bool{}}
			}
			owed[w].amount += l.unpaid()
			owed[w].periods[l.Period] = true
			total += l.unpaid()
			l.evidence(ev)
		}
		if !c.criminal(owed, total) {
			continue
		}
		slices.SortFunc(orders, func(a, b PayOrderFact) int { return cmp.Compare(a.AlertID, b.AlertID) })
		for _, o := range orders {
			ev.add(EvidenceOrder, o.AlertID)
		}
		out = append(out, Finding{Rule: RuleBlacklistCandidate, Subject: Subject{SubjectEmployer, employer}, Severity: SeverityCritical,
			AmountAtRisk: total, Headcount: len(owed), Evidence: ev.list(),
			Reason: Plural(len(owed), "an order to pay lapsed on %s and %d worker is still owed %s, which reaches the criminal threshold",
				"an order to pay lapsed on %s and %d workers are still owed %s, which reaches the criminal threshold",
				orders[0].Deadline, len(owed), total)})
	}
	return out
}

// criminal reports whether the arrears reach the criminal threshold: one
// worker owed enough months and money, or enough workers owed enough in all.
func (c *check) criminal(owed map[string]*arrearsOf, total Money) bool {
	for _, w := range owed {
		if len(w.periods) >= c.params.CriminalMonths && w.amount >= c.params.CriminalOneWorker {
			return true
		}
	}
	return len(owed) >= c.params.CriminalWorkers && total >= c.params.CriminalTotal
}

package ledger

import (
	"cmp"
	"iter"
	"slices"
)

// check is one evaluation: the facts, indexed once, as of their date.
type check struct {
	f      *CheckFacts
	params CheckParams
	// guarantees are the facts' guarantees, sized by the policy the rules
	// run under.
	guarantees GuaranteeFacts
	cal        *Calendar
	asOf       Date
	// special are the trades that need an operation certificate.
	special map[TradeCode]bool

	enrolments map[string]EnrolmentFact
	payrolls   map[string]PayrollFact
	// owed are the lines of payrolls approved by the as-of date, with what
	// the bank had settled of them by then.
	owed []lineState
	// attendanceOf is each enrolment's months attended, in order: its
	// part of attended.
	attendanceOf map[string][]AttendanceFact
	payDays      map[Period]Date
	// livePayrolls are the (employer, period) pairs with a payroll as of
	// the date; attended the attendance with days worked up to the as-of
	// date's month, one per (enrolment, period) (the last read), in that
	// order; byEnrolment each enrolment's owed lines by period, those of a
	// period in the order owed (what lined cuts). Each is built once,
	// so that no rule costs more than a pass over the facts.
	livePayrolls map[[2]string]bool
	attended     []AttendanceFact
	byEnrolment  map[string][]*lineState
	byRef        map[string]*lineState // by "<payroll>#<line>", built when a clearance first asks
	// fullMonths are FullMonth of each period asked, counted once: a
	// calendar walk per worker and month cost below_minimum_wage most of
	// its time.
	fullMonths map[Period]int
}

// fullMonth is FullMonth of period under the check's calendar and
// parameters.
func (c *check) fullMonth(period Period) int {
	n, ok := c.fullMonths[period]
	if !ok {
		if c.fullMonths == nil {
			c.fullMonths = map[Period]int{}
		}
		n = FullMonth(c.cal, period, c.params.FullMonthCentidays)
		c.fullMonths[period] = n
	}
	return n
}

// lineState is one owed line with its payments as of the check's date.
type lineState struct {
	LineFact
	EmployerID string
	Period     Period
	Paid       Money // paid less returned, settled by the as-of date
	LastFailed Date  // the last failure settled by then; zero if none
	LastPaid   Date  // the last payment settled by then; zero if none
	Payments   []PaymentFact
}

func (l *lineState) unpaid() Money { return max(l.Net-l.Paid, 0) }

// workMonth is one enrolment's period: what lines and attendance are keyed
// by (a key of strings cost a period formatted per line).
type workMonth struct {
	enrolment string
	period    Period
}

// evidence adds the line, the worker's account for its period, its
// approval entry and its bank results.
func (l *lineState) evidence(ev evidenceSet) {
	ev.add(EvidencePayrollLine, l.ref())
	ev.add(EvidenceAccount, string(WagesPayable)+"/"+l.EnrolmentID+"@"+l.Period.String())
	ev.add(EvidenceEntry, l.EntryID)
	for _, p := range l.Payments {
		ev.add(EvidenceInstruction, p.InstructionID)
		ev.add(EvidenceConfirmation, p.ConfirmationID)
		ev.add(EvidenceEntry, p.EntryID)
	}
}

func newCheck(f *CheckFacts, p *Policy, cal *Calendar) *check {
	c := &check{f: f, params: p.CheckParams(f.Project.RegionCode, f.AsOf), guarantees: f.Guarantees.sizedBy(p), cal: cal, asOf: f.AsOf, special: p.specialOperations(),
		enrolments: map[string]EnrolmentFact{}, payrolls: map[string]PayrollFact{}, payDays: map[Period]Date{}}
	// The maps are sized up front and the lines' payments share one array:
	// a province's night builds these for 600,000 lines, and growing them
	// cost the check more than its rules.
	c.enrolments = make(map[string]EnrolmentFact, len(f.Enrolments))
	for _, e := range f.Enrolments {
		c.enrolments[e.ID] = e
	}
	for _, p := range f.Payrolls {
		c.payrolls[p.ID] = p
	}
	c.indexAttendance()
	type lineKey struct {
		payroll string
		line    int
	}
	index := make(map[lineKey]int, len(f.Lines))
	c.owed = make([]lineState, 0, len(f.Lines))
	advances := map[lineKey]workMonth{} // an advance line of owed wages → (enrolment, period) it pays
	for _, l := range f.Lines {
		p, ok := c.payrolls[l.PayrollID]
		if !ok || !p.approvedBy(c.asOf) {
			continue
		}
		if l.AdvanceOf == AdvanceOwed {
			advances[lineKey{l.PayrollID, l.LineNo}] = workMonth{l.EnrolmentID, p.Period}
			continue
		}
		index[lineKey{l.PayrollID, l.LineNo}] = len(c.owed)
		c.owed = append(c.owed, lineState{LineFact: l, EmployerID: p.EmployerID, Period: p.Period})
	}
	advanced := map[workMonth][]PaymentFact{}
	// Each owed line's payments, counted first, then carved from one array
	// (capacity capped, so that an advance appended later copies).
	of := make([]int, len(f.Payments)) // payment → its owed line + 1; 0 when none
	counts := make([]int, len(c.owed))
	for j, p := range f.Payments {
		if p.SettledOn.After(c.asOf) {
			continue
		}
		if k, ok := advances[lineKey{p.PayrollID, p.LineNo}]; ok {
			advanced[k] = append(advanced[k], p)
			continue
		}
		if i, ok := index[lineKey{p.PayrollID, p.LineNo}]; ok {
			of[j] = i + 1
			counts[i]++
		}
	}
	shared, at := make([]PaymentFact, len(f.Payments)), 0
	for i, n := range counts {
		if n > 0 {
			c.owed[i].Payments = shared[at : at : at+n]
			at += n
		}
	}
	for j, p := range f.Payments {
		if of[j] == 0 {
			continue
		}
		l := &c.owed[of[j]-1]
		l.Payments = append(l.Payments, p)
		switch p.Status {
		case ConfirmPaid:
			l.Paid += p.Amount
			l.LastPaid = later(l.LastPaid, p.SettledOn)
		case ConfirmReturned:
			l.Paid -= p.Amount
		case ConfirmFailed:
			l.LastFailed = later(l.LastFailed, p.SettledOn)
		}
	}
	slices.SortFunc(c.owed, func(a, b lineState) int {
		return cmp.Or(cmp.Compare(a.PayrollID, b.PayrollID), cmp.Compare(a.LineNo, b.LineNo))
	})
	c.applyAdvances(advanced)
	c.index()
	return c
}

// applyAdvances counts what the general contractor's advances of owed wages
// paid (REG Art. 30) towards the lines that owe those wages: per worker and
// period, the advance's net paid (less returned) fills the owed lines in
// order. A failed advance leaves the owed lines as they were.
func (c *check) applyAdvances(advanced map[workMonth][]PaymentFact) {
	if len(advanced) == 0 {
		return
	}
	left := map[workMonth]Money{}
	for k, pays := range advanced {
		for _, p := range pays {
			switch p.Status {
			case ConfirmPaid:
				left[k] += p.Amount
			case ConfirmReturned:
				left[k] -= p.Amount
			}
		}
	}
	for i := range c.owed {
		l := &c.owed[i]
		k := workMonth{l.EnrolmentID, l.Period}
		used := min(left[k], l.unpaid())
		if used <= 0 {
			continue
		}
		left[k] -= used
		l.Paid += used
		for _, p := range advanced[k] {
			l.Payments = append(l.Payments, p)
			if p.Status == ConfirmPaid {
				l.LastPaid = later(l.LastPaid, p.SettledOn)
			}
		}
	}
}

// index builds the lookups the rules share.
func (c *check) index() {
	c.livePayrolls = map[[2]string]bool{}
	for _, x := range c.f.Payrolls {
		if x.live(c.asOf) {
			c.livePayrolls[[2]string{x.EmployerID, x.Period.String()}] = true
		}
	}
	// Lines by enrolment: counted, then carved from one array, then each
	// enrolment's sorted by period (stably: in the order owed within one).
	// A map by worker-month besides, as there was, cost more than the rest
	// of the index.
	perEnrolment := make(map[string]int, len(c.enrolments))
	for i := range c.owed {
		perEnrolment[c.owed[i].EnrolmentID]++
	}
	c.byEnrolment = make(map[string][]*lineState, len(perEnrolment))
	enrolled, at := make([]*lineState, len(c.owed)), 0
	for k, n := range perEnrolment {
		c.byEnrolment[k], at = enrolled[at:at:at+n], at+n
	}
	for i := range c.owed {
		l := &c.owed[i]
		c.byEnrolment[l.EnrolmentID] = append(c.byEnrolment[l.EnrolmentID], l)
	}
	byPeriod := func(a, b *lineState) int { return comparePeriods(a.Period, b.Period) }
	for _, lines := range c.byEnrolment {
		if !slices.IsSortedFunc(lines, byPeriod) {
			slices.SortStableFunc(lines, byPeriod)
		}
	}
}

// lined are the enrolment's owed lines of period p, in the order owed;
// nil when it has none.
func (c *check) lined(enrolmentID string, p Period) []*lineState {
	lines := c.byEnrolment[enrolmentID]
	from := 0
	for from < len(lines) && lines[from].Period != p {
		from++
	}
	to := from
	for to < len(lines) && lines[to].Period == p {
		to++
	}
	if from == to {
		return nil
	}
	return lines[from:to:to]
}

// linedMonths are every worker-month with owed lines, with its lines (as
// lined cuts them), in no particular order.
func (c *check) linedMonths() iter.Seq2[workMonth, []*lineState] {
	return func(yield func(workMonth, []*lineState) bool) {
		for enrolment, lines := range c.byEnrolment {
			for from := 0; from < len(lines); {
				to := from + 1
				for to < len(lines) && lines[to].Period == lines[from].Period {
					to++
				}
				if !yield(workMonth{enrolment, lines[from].Period}, lines[from:to:to]) {
					return
				}
				from = to
			}
		}
	}
}

// indexAttendance builds attended and attendanceOf from the facts with
// days worked in a month begun by the as-of date: each enrolment's facts
// counted, carved from one array in the order read, sorted by period
// (stably: of two facts of one month the last read is kept), the
// enrolments in order. A map per enrolment, as it was, made the index of a
// province's night a hundred thousand maps; sorting all of a project's
// attendance at once (the rollup's rows do not come by enrolment) cost
// more than the maps.
//
// Two facts of one month are kept as one, the last read, whole: each fact
// counts the whole month up to the as-of date (store readAttendanceFacts:
// the rollup's row, one per enrolment and month by its key, or, when that
// row reaches past the as-of date, the month recounted instead and read
// after the rollup's rows), so a second fact is a second count of the same
// days, never more days (summing would count them twice), and the last
// read is the recount, the one that counts to the as-of date. Refusing
// would stop a project's night over facts the database cannot give
// (TestIndexAttendanceOneFactPerMonth).
func (c *check) indexAttendance() {
	counted := func(a AttendanceFact) bool { return a.Days > 0 && !a.Period.First().After(c.asOf) }
	per, n := make(map[string]int, len(c.f.Enrolments)), 0
	for _, a := range c.f.Attendance {
		if counted(a) {
			per[a.EnrolmentID]++
			n++
		}
	}
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	all, at := make([]AttendanceFact, n), 0
	c.attendanceOf = make(map[string][]AttendanceFact, len(per))
	for _, id := range ids {
		c.attendanceOf[id], at = all[at:at:at+per[id]], at+per[id]
	}
	for _, a := range c.f.Attendance {
		if counted(a) {
			c.attendanceOf[a.EnrolmentID] = append(c.attendanceOf[a.EnrolmentID], a)
		}
	}
	// Compacted in place: what is written is never after what is read.
	c.attended = all[:0]
	for _, id := range ids {
		months := c.attendanceOf[id]
		slices.SortStableFunc(months, func(a, b AttendanceFact) int { return comparePeriods(a.Period, b.Period) })
		from := len(c.attended)
		for i, a := range months {
			if i+1 < len(months) && months[i+1].Period == a.Period {
				continue // a later fact of the month follows
			}
			c.attended = append(c.attended, a)
		}
		c.attendanceOf[id] = c.attended[from:len(c.attended):len(c.attended)]
	}
}

// attendedIn is the enrolment's attendance in period, if it has any.
func (c *check) attendedIn(enrolmentID string, p Period) (AttendanceFact, bool) {
	for _, a := range c.attendanceOf[enrolmentID] {
		if a.Period == p {
			return a, true
		}
	}
	return AttendanceFact{}, false
}

// comparePeriods orders two periods as their strings (YYYY-MM) do, without
// writing them: sorting a project's attendance spent most of the rules' time
// formatting periods to compare them.
func comparePeriods(a, b Period) int {
	order := func(p Period) int {
		if p.IsZero() {
			return 0
		}
		return p.Year*100 + int(p.Month)
	}
	return cmp.Compare(order(a), order(b))
}

func later(a, b Date) Date {
	if b.After(a) {
		return b
	}
	return a
}

// payDay is the day period's wages are due on this project.
func (c *check) payDay(p Period) Date {
	d, ok := c.payDays[p]
	if !ok {
		d = c.cal.PayDay(p, c.f.Project.PayRule)
		c.payDays[p] = d
	}
	return d
}

// overdue reports whether period's pay day is before the as-of date.
func (c *check) overdue(p Period) bool { return c.payDay(p).Before(c.asOf) }

// daysLate is how many days the as-of date is after period's pay day.
func (c *check) daysLate(p Period) int {
	return int(c.asOf.Time().Sub(c.payDay(p).Time()).Hours() / 24)
}

// worker is the person behind an enrolment, for headcounts.
func (c *check) worker(enrolmentID string) string {
	if e, ok := c.enrolments[enrolmentID]; ok && e.WorkerID != "" {
		return e.WorkerID
	}
	return enrolmentID
}

func (c *check) employerOf(enrolmentID string) string { return c.enrolments[enrolmentID].EmployerID }

// group gathers one finding per (employer, period): the subjects of the
// rules on which an order to pay is issued.
type group struct {
	employer string
	period   Period
	amount   Money
	workers  map[string]bool
	ev       evidenceSet
}

type groups map[[2]string]*group

func (g groups) at(employer string, p Period) *group {
	k := [2]string{employer, p.String()}
	if g[k] == nil {
		g[k] = &group{employer: employer, period: p, workers: map[string]bool{}, ev: evidenceSet{}}
	}
	return g[k]
}

// findings turns the groups into findings of rule, each with its severity
// and reason.
func (g groups) findings(rule Rule, severity func(*group) Severity, reason func(*group) Msg) []Finding {
	out := make([]Finding, 0, len(g))
	for _, x := range g {
		out = append(out, Finding{Rule: rule, Subject: Subject{SubjectEmployer, x.employer}, Period: x.period,
			Severity: severity(x), AmountAtRisk: x.amount, Headcount: len(x.workers), Evidence: x.ev.list(), Reason: reason(x)})
	}
	return out
}

// escalateAfter is high, or critical once the as-of date is more than days
// after period's pay day.
func (c *check) escalateAfter(p Period, days int, below, above Severity) Severity {
	if c.daysLate(p) > days {
		return above
	}
	return below
}

// unpaidByEmployer groups the unpaid rest of the owed lines that keep
// accepts, per employer and period, with their workers and records.
func (c *check) unpaidByEmployer(keep func(*lineState) bool) groups {
	g := groups{}
	for i := range c.owed {
		l := &c.owed[i]
		if !keep(l) {
			continue
		}
		x := g.at(l.EmployerID, l.Period)
		x.amount += l.unpaid()
		x.workers[c.worker(l.EnrolmentID)] = true
		l.evidence(x.ev)
	}
	return g
}

func (c *check) wagesUnpaid() []Finding {
	g := c.unpaidByEmployer(func(l *lineState) bool { return l.unpaid() > 0 && c.overdue(l.Period) })
	return g.findings(RuleWagesUnpaid,
		func(x *group) Severity {
			return c.escalateAfter(x.period, c.params.UnpaidCriticalDays, SeverityHigh, SeverityCritical)
		},
		func(x *group) Msg {
			return Plural(len(x.workers), "%d worker's wages for %s, due %s, are not confirmed paid in full as of %s",
				"%d workers' wages for %s, due %s, are not confirmed paid in full as of %s",
				len(x.workers), x.period, c.payDay(x.period), c.asOf)
		})
}

func (c *check) partialPayment() []Finding {
	g := c.unpaidByEmployer(func(l *lineState) bool { return l.Paid > 0 && l.Paid < l.Net })
	return g.findings(RulePartialPayment, func(*group) Severity { return SeverityHigh },
		func(x *group) Msg {
			return Plural(len(x.workers), "%d worker was paid less than their net pay for %s",
				"%d workers were paid less than their net pay for %s", len(x.workers), x.period)
		})
}

func (c *check) paymentFailed() []Finding {
	g := c.unpaidByEmployer(func(l *lineState) bool {
		return !l.LastFailed.IsZero() && l.unpaid() > 0 && !l.LastPaid.After(l.LastFailed) &&
			c.asOf.After(c.cal.AddWorkingDays(l.LastFailed, c.params.FailedPaymentWorkingDays))
	})
	return g.findings(RulePaymentFailed, func(*group) Severity { return SeverityHigh },
		func(x *group) Msg {
			return Plural(len(x.workers), "payments to %d worker for %s failed and none succeeded within %d working {day|days}",
				"payments to %d workers for %s failed and none succeeded within %d working days",
				len(x.workers), x.period, c.params.FailedPaymentWorkingDays)
		})
}

// livePayroll reports whether employer has a payroll for p as of the date.
func (c *check) livePayroll(employer string, p Period) bool {
	return c.livePayrolls[[2]string{employer, p.String()}]
}

func (c *check) payrollMissing() []Finding {
	g := groups{}
	for _, a := range c.attended {
		employer := c.employerOf(a.EnrolmentID)
		if !c.overdue(a.Period) || c.livePayroll(employer, a.Period) {
			continue
		}
		x := g.at(employer, a.Period)
		x.workers[c.worker(a.EnrolmentID)] = true
		x.ev.add(EvidenceAttendance, a.ref())
	}
	return g.findings(RulePayrollMissing,
		func(x *group) Severity {
			return c.escalateAfter(x.period, c.params.PayrollMissingHighDays, SeverityMedium, SeverityHigh)
		},
		func(x *group) Msg {
			return Plural(len(x.workers), "%d worker attended in %s; the pay day %s has passed and the employer has no payroll for it",
				"%d workers attended in %s; the pay day %s has passed and the employer has no payroll for it",
				len(x.workers), x.period, c.payDay(x.period))
		})
}

func (c *check) attendedNotPaid() []Finding {
	g := groups{}
	for _, a := range c.attended {
		employer := c.employerOf(a.EnrolmentID)
		// Without any payroll the employer's month is payroll_missing.
		if !c.overdue(a.Period) || !c.livePayroll(employer, a.Period) || c.lined(a.EnrolmentID, a.Period) != nil {
			continue
		}
		x := g.at(employer, a.Period)
		x.workers[c.worker(a.EnrolmentID)] = true
		x.ev.add(EvidenceAttendance, a.ref())
	}
	return g.findings(RuleAttendedNotPaid, func(*group) Severity { return SeverityHigh },
		func(x *group) Msg {
			return Plural(len(x.workers), "%d worker attended in %s but is on no approved payroll for it",
				"%d workers attended in %s but are on no approved payroll for it", len(x.workers), x.period)
		})
}

package ledger

// Blacklist candidates (DOMAIN.md "The dishonesty list": the system proposes
// candidates; listing is always an inspector's decision). An employer
// becomes a candidate when an inspector escalates one of its alerts, or when
// the check finds an order to pay lapsed with the criminal threshold reached
// (RuleBlacklistCandidate). The list keeps each proposal with its reason.

// CandidateSource says how an employer was proposed.
type CandidateSource string

// Candidate sources.
const (
	CandidateEscalation CandidateSource = "escalation" // an inspector escalated an alert
	CandidateCheck      CandidateSource = "check"      // the blacklist_candidate rule fired
	CandidateOrder      CandidateSource = "order"      // an order to pay lapsed unpaid, reaching the threshold
)

// ReasonText is why the employer was proposed, as a message to render in
// the reader's language (plain English for a row an older build stored).
func (c *BlacklistCandidate) ReasonText() Msg { return StoredText(c.Reason) }

// BlacklistCandidate is one proposal of an employer for the list.
type BlacklistCandidate struct {
	EmployerID string
	ProjectID  string
	AlertID    string
	Source     CandidateSource
	Rule       Rule
	Reason     string
	Amount     Money
	Headcount  int
	ProposedOn Date
	ProposedBy string
}

// CandidateEmployer is the unit an alert holds responsible: the employer it
// names; an enrolment's employer (enrolmentEmployer, which the caller looks
// up); the owner for allocations it did not make; the general contractor
// for the rest of the project (its guarantee, its cards, its wage account).
func CandidateEmployer(a *Alert, p *Project, enrolmentEmployer string) string {
	s, _ := ParseSubject(a.Key.Subject)
	switch {
	case s.Kind == SubjectEmployer:
		return s.ID
	case s.Kind == SubjectEnrolment && enrolmentEmployer != "":
		return enrolmentEmployer
	case a.Key.Rule == RuleAllocationOverdue:
		return p.OwnerID
	}
	return p.GeneralContractorID
}

// EscalationCandidate is the proposal an inspector's escalation of a makes.
func EscalationCandidate(a *Alert, employerID string, note Msg, actor string, on Date) BlacklistCandidate {
	return BlacklistCandidate{EmployerID: employerID, ProjectID: a.ProjectID, AlertID: a.ID, Source: CandidateEscalation, Rule: a.Key.Rule,
		Reason: M("escalated by an inspector: %s (alert: %s)", note, a.ReasonText()).Encode(), Amount: a.AmountAtRisk, Headcount: a.Headcount,
		ProposedOn: on, ProposedBy: actor}
}

// CheckCandidates are the proposals a night's plan makes: each
// blacklist_candidate alert it opens names its employer.
func CheckCandidates(plan *AlertPlan) []BlacklistCandidate {
	var out []BlacklistCandidate
	for _, a := range plan.Insert {
		s, ok := ParseSubject(a.Key.Subject)
		if a.Key.Rule != RuleBlacklistCandidate || !ok || s.Kind != SubjectEmployer {
			continue
		}
		out = append(out, BlacklistCandidate{EmployerID: s.ID, ProjectID: a.ProjectID, AlertID: a.ID, Source: CandidateCheck, Rule: a.Key.Rule,
			Reason: a.Reason, Amount: a.AmountAtRisk, Headcount: a.Headcount, ProposedOn: a.FirstSeenOn, ProposedBy: ResolvedByCheck})
	}
	return out
}

// CheckedEmployers are the employers the check's blacklist_candidate alerts
// name, open before the night (existing) or opened by it (plan): the check
// proposed them already.
func CheckedEmployers(existing []Alert, plan *AlertPlan) map[string]bool {
	out := map[string]bool{}
	for _, as := range [][]Alert{existing, plan.Insert} {
		for _, a := range as {
			if s, ok := ParseSubject(a.Key.Subject); ok && a.Key.Rule == RuleBlacklistCandidate && a.Status != AlertResolved && s.Kind == SubjectEmployer {
				out[s.ID] = true
			}
		}
	}
	return out
}

// OrderCandidates are the proposals a project's orders to pay make once
// reviewed (Order No. 45: an order lapsed unpaid and the criminal threshold
// reached): one per employer whose lapsed orders leave unpaid enough to
// reach t, on the alert of its oldest lapsed order. An employer the check
// proposed already (proposed) is not proposed twice for the same lapse; one
// below the threshold is proposed only by an inspector's escalation.
func OrderCandidates(orders []PayOrder, t CriminalThreshold, on Date, proposed map[string]bool) []BlacklistCandidate {
	by := map[string][]PayOrder{}
	var employers []string
	for _, o := range LapsedUnpaid(orders) {
		if proposed[o.EmployerID] {
			continue
		}
		if by[o.EmployerID] == nil {
			employers = append(employers, o.EmployerID)
		}
		by[o.EmployerID] = append(by[o.EmployerID], o)
	}
	var out []BlacklistCandidate
	for _, e := range employers {
		os := by[e]
		reached, unpaid, workers := LapsedReach(os, t)
		if !reached {
			continue
		}
		out = append(out, BlacklistCandidate{EmployerID: e, ProjectID: os[0].ProjectID, AlertID: os[0].AlertID, Source: CandidateOrder,
			Rule: RuleBlacklistCandidate, Amount: unpaid, Headcount: workers, ProposedOn: on, ProposedBy: ResolvedByCheck,
			Reason: M("order to pay %s lapsed on %s and %d {worker|workers} {is|are} still owed %s under it, which reaches the criminal threshold",
				os[0].ID, os[0].Deadline, workers, unpaid).Encode()})
	}
	return out
}

// CriminalThreshold is the province's threshold for refusing to pay wages
// (法释〔2013〕3号 第三条; the blacklist.* policy parameters): an order's
// lapse that reaches it makes the employer a candidate for the list.
type CriminalThreshold struct {
	Months    int   // one worker owed this many months or more …
	OneWorker Money // … and this much or more
	Workers   int   // or this many workers …
	Total     Money // … owed this much or more in all
}

// CriminalThresholdOf is the threshold the check parameters hold.
func CriminalThresholdOf(p CheckParams) CriminalThreshold {
	return CriminalThreshold{Months: p.CriminalMonths, OneWorker: p.CriminalOneWorker, Workers: p.CriminalWorkers, Total: p.CriminalTotal}
}

// reached reports whether the unpaid lines reach the threshold: one worker
// owed enough months and money, or enough workers owed enough in all.
func (t CriminalThreshold) reached(lines []PayOrderLine) bool {
	type owed struct {
		amount Money
		months map[Period]bool
	}
	by := map[string]*owed{}
	var total Money
	for _, l := range lines {
		if l.Unpaid <= 0 {
			continue
		}
		if by[l.EnrolmentID] == nil {
			by[l.EnrolmentID] = &owed{months: map[Period]bool{}}
		}
		by[l.EnrolmentID].amount += l.Unpaid
		by[l.EnrolmentID].months[l.Period] = true
		total += l.Unpaid
	}
	for _, w := range by {
		if len(w.months) >= t.Months && w.amount >= t.OneWorker {
			return true
		}
	}
	return len(by) > 0 && len(by) >= t.Workers && total >= t.Total
}
